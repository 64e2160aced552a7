/**
 * The one port to CoreHub (DESIGN.md §5): a REST call with query parameters and an optional JSON body, and
 * its answer. The client (`createCoreHubClient`) implements it over HTTP with the module token; tasks only
 * ever see this port, so they can be tested with a scripted hub and the worker can hand them a hub that
 * records every call as an execution step.
 */

/** Query parameters of a call: `undefined` values are left out; booleans are sent as `true`/`false`. */
export type CoreHubQuery = Record<string, string | number | boolean | undefined>;

/** One CoreHub REST call. */
export type CoreHubRequest = {
  method: 'GET' | 'POST' | 'PUT';
  /** Starts with `/`, e.g. `/pipelines/p1/commands/sync/start`; ids in it must already be URL-escaped. */
  path: string;
  query?: CoreHubQuery;
  /** Sent as JSON when present. CoreHub commands take none. */
  body?: unknown;
  signal?: AbortSignal;
  /** Overrides the client's `requestTimeoutMs` for this call. */
  timeoutMs?: number;
};

/** A CoreHub answer. `body` is the parsed JSON, else the text (CoreHub's commands answer text/plain). */
export type CoreHubResponse = {
  status: number;
  body: unknown;
  text: string;
  durationMs: number;
  /** The hub's `x-request-id`, when it sends one. */
  upstreamRequestId?: string;
  /** Raw `Retry-After`, when present. */
  retryAfter?: string;
};

/**
 * What Chronos may do with CoreHub. `send` resolves for 200/201/202/204 only and throws otherwise; the
 * client's errors carry `.status`, `.retryable` and `.hubMessage`, and tasks let them propagate so the
 * worker can classify them.
 */
export type CoreHubPort = { send(req: CoreHubRequest): Promise<CoreHubResponse> };
