import { isAppError, UpstreamError } from '@chronos/errors';

/** Abort reason: the execution used up its `timeout_seconds`. */
export class ExecutionTimeoutError extends Error {
  constructor(readonly timeoutSeconds: number) {
    super(`execution exceeded its timeout of ${timeoutSeconds} s`);
    this.name = 'ExecutionTimeoutError';
  }
}

/** Abort reason: this worker is shutting down (or the run was cancelled); the attempt is handed back. */
export class ExecutionInterruptedError extends Error {
  constructor(reason = 'worker shutting down') {
    super(reason);
    this.name = 'ExecutionInterruptedError';
  }
}

/**
 * This attempt no longer owns its execution: BullMQ could not renew its lock (the worker was paused or cut
 * off long enough for another worker to take the job over), or the row moved on to a newer attempt. It
 * writes nothing more.
 */
export class AttemptSupersededError extends Error {
  constructor(reason = 'another attempt took this execution over') {
    super(reason);
    this.name = 'AttemptSupersededError';
  }
}

/** The cancel reason the runtime gives BullMQ when a job's lock could not be renewed. */
export const LOCK_LOST_REASON = 'the queue job lock was lost';

export type AttemptFailure =
  /** The deadline fired: final, never retried (the execution's whole budget is spent). */
  | { kind: 'timed_out'; message: string }
  /** Lock lost or row taken over: another attempt owns the execution; this one writes nothing. */
  | { kind: 'superseded'; message: string }
  /** Shutdown or cancel: the attempt did not fail, it was handed back for another worker. */
  | { kind: 'interrupted'; message: string }
  /** Network, timeouts, 429, 5xx, 401 after a token refresh: another attempt may succeed. */
  | { kind: 'transient'; message: string; code: string | undefined; retryAfterMs: number | undefined }
  /** 4xx, contract violations, bad task input, bugs: retrying cannot help. */
  | { kind: 'permanent'; message: string; code: string | undefined };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The one place that decides what a failed attempt means. The attempt's signal wins over the error itself:
 * a call cut by our deadline surfaces as a network error, but it is a timeout of the execution.
 */
export function classifyFailure(error: unknown, signal: AbortSignal): AttemptFailure {
  if (error instanceof AttemptSupersededError) return { kind: 'superseded', message: error.message };
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof ExecutionTimeoutError) return { kind: 'timed_out', message: reason.message };
    if (reason === LOCK_LOST_REASON) return { kind: 'superseded', message: reason };
    return { kind: 'interrupted', message: messageOf(reason) };
  }
  const code = isAppError(error) ? error.code : undefined;
  const retryable =
    error instanceof UpstreamError
      ? error.retryable
      : typeof (error as { retryable?: unknown } | null)?.retryable === 'boolean'
        ? Boolean((error as { retryable: boolean }).retryable)
        : false;
  if (retryable) {
    const retryAfter = (error as { retryAfterMs?: unknown }).retryAfterMs;
    return {
      kind: 'transient',
      message: messageOf(error),
      code,
      retryAfterMs: typeof retryAfter === 'number' ? retryAfter : undefined,
    };
  }
  return { kind: 'permanent', message: messageOf(error), code };
}

/** Longest delay between attempts, whatever the base and attempt number. */
export const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Exponential backoff: `base × 2^(attempt-1)` after failed attempt `attempt`, capped, and never shorter than
 * the hub's `Retry-After`.
 */
export function computeRetryDelay(attempt: number, baseMs: number, retryAfterMs?: number): number {
  const exponential = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(exponential, Math.min(MAX_RETRY_DELAY_MS, retryAfterMs ?? 0));
}
