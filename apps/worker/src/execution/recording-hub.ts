import type { CoreHubPort, CoreHubRequest, CoreHubResponse } from '@chronos/corehub/contract';
import type { ExecutionStep } from '@chronos/jobs';

/** A stored step plus the attempt that made the call, so every attempt's calls stay visible. */
export type RecordedStep = ExecutionStep & { attempt: number };

export type RecordingHubOptions = {
  attempt: number;
  /** Aborts every call of this attempt (timeout, shutdown); calls made after it fired are refused. */
  signal: AbortSignal;
  /** Takes one step; awaited before the call's result reaches the task, so steps keep call order. */
  onStep: (step: RecordedStep) => Promise<void>;
  /** Awaited before each call is sent (the runner writes the previous call's step there). */
  beforeCall?: () => Promise<void>;
  now?: () => Date;
};

/** Longest message kept on a step: hub texts can be whole HTML error pages. */
const STEP_MESSAGE_LIMIT = 500;

/** `path?query` exactly as sent: undefined values dropped, booleans as `true`/`false`. */
export function formatRequestPath(req: Pick<CoreHubRequest, 'path' | 'query'>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value !== undefined) params.append(key, String(value));
  }
  const query = params.toString();
  return query ? `${req.path}?${query}` : req.path;
}

function truncate(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= STEP_MESSAGE_LIMIT ? trimmed : `${trimmed.slice(0, STEP_MESSAGE_LIMIT - 1)}…`;
}

/** What a successful answer says: CoreHub's commands answer text; JSON reads are summarised, not stored. */
function describeResponse(response: CoreHubResponse): string | null {
  if (typeof response.body === 'string') return response.body.length > 0 ? truncate(response.body) : null;
  if (response.body && typeof response.body === 'object' && !Array.isArray(response.body)) {
    const message = (response.body as Record<string, unknown>).message;
    if (typeof message === 'string') return truncate(message);
  }
  if (Array.isArray(response.body)) return `${response.body.length} item(s)`;
  return null;
}

function describeFailure(error: unknown): { status: number | null; message: string } {
  if (error && typeof error === 'object') {
    const record = error as { status?: unknown; hubMessage?: unknown; message?: unknown };
    const status = typeof record.status === 'number' ? record.status : null;
    const hubMessage =
      typeof record.hubMessage === 'string' && record.hubMessage ? record.hubMessage : undefined;
    const message = typeof record.message === 'string' ? record.message : String(error);
    return { status, message: truncate(hubMessage ?? message) };
  }
  return { status: null, message: truncate(String(error)) };
}

/**
 * Wraps the CoreHub client so every call a task makes becomes a step of the execution
 * ({method, path with query, status, duration_ms, message, at, attempt}), successful or not. The attempt's
 * signal is threaded into every call, so a timeout or shutdown cancels the call in flight.
 */
export function createRecordingHub(hub: CoreHubPort, options: RecordingHubOptions): CoreHubPort {
  const now = options.now ?? (() => new Date());
  return {
    async send(req) {
      options.signal.throwIfAborted();
      await options.beforeCall?.();
      options.signal.throwIfAborted();
      const signal = req.signal ? AbortSignal.any([req.signal, options.signal]) : options.signal;
      const at = now();
      const started = performance.now();
      const base = {
        method: req.method,
        path: formatRequestPath(req),
        at: at.toISOString(),
        attempt: options.attempt,
      };
      let response: CoreHubResponse;
      try {
        response = await hub.send({ ...req, signal });
      } catch (error) {
        const failure = describeFailure(error);
        const durationMs = Math.round(performance.now() - started);
        await options.onStep({
          ...base,
          status: failure.status,
          duration_ms: durationMs,
          message: failure.message,
        });
        throw error;
      }
      await options.onStep({
        ...base,
        status: response.status,
        duration_ms: response.durationMs ?? Math.round(performance.now() - started),
        message: describeResponse(response),
      });
      return response;
    },
  };
}
