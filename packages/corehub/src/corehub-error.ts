import { UpstreamError } from '@chronos/errors';

/** The request a CoreHub error is about (never the body or headers: they may hold secrets). */
export type CoreHubRequestSummary = {
  method: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
};

export type CoreHubErrorOptions = {
  code: string;
  retryable: boolean;
  status?: number;
  hubMessage?: string;
  durationMs?: number;
  request?: CoreHubRequestSummary;
  upstreamRequestId?: string;
  retryAfterMs?: number;
  detail?: string;
  cause?: unknown;
};

/** Longest hub message we keep; bodies can be whole HTML error pages. */
export const HUB_MESSAGE_LIMIT = 500;

/**
 * Base of every failure talking to CoreHub. `retryable` tells the worker whether backoff may help:
 * network errors, timeouts, 429 and 5xx are retryable; other 4xx and contract violations are not.
 */
export class CoreHubError extends UpstreamError {
  readonly status: number | undefined;
  readonly hubMessage: string | undefined;
  readonly durationMs: number | undefined;
  readonly request: CoreHubRequestSummary | undefined;
  readonly upstreamRequestId: string | undefined;
  /** From `Retry-After` on a 429/503, when the hub sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: CoreHubErrorOptions) {
    super(message, {
      code: options.code,
      retryable: options.retryable,
      detail: options.detail ?? message,
      cause: options.cause,
      meta: {
        status: options.status,
        durationMs: options.durationMs,
        method: options.request?.method,
        path: options.request?.path,
        upstreamRequestId: options.upstreamRequestId,
      },
    });
    this.status = options.status;
    this.hubMessage = options.hubMessage === undefined ? undefined : truncateHubMessage(options.hubMessage);
    this.durationMs = options.durationMs;
    this.request = options.request;
    this.upstreamRequestId = options.upstreamRequestId;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** CoreHub answered with a status other than 200/201/202/204 (and other than a 401 we gave up on). */
export class CoreHubHttpError extends CoreHubError {}

/** CoreHub could not be reached, the connection broke, TLS failed, or the caller aborted. */
export class CoreHubNetworkError extends CoreHubError {}

/** The per-request timeout elapsed before CoreHub answered. Always retryable. */
export class CoreHubTimeoutError extends CoreHubError {}

/**
 * CoreHub refused our credentials: a second 401 after a fresh token, a refused module handshake, or a
 * missing license in production. Not retryable: an operator has to act.
 */
export class CoreHubAuthError extends CoreHubError {}

/** CoreHub answered, but not in the shape the contract promises. Not retryable. */
export class CoreHubContractError extends CoreHubError {}

/** Cuts a hub message to `HUB_MESSAGE_LIMIT` characters, marking the cut. */
export function truncateHubMessage(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= HUB_MESSAGE_LIMIT ? trimmed : `${trimmed.slice(0, HUB_MESSAGE_LIMIT - 1)}…`;
}

/** True for statuses where waiting and trying again may help. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/**
 * Extracts the hub's message from an error body: `message` (CoreHub's shape), else `detail`/`error`, else
 * the raw text.
 */
export function extractHubMessage(body: unknown, text: string): string {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'detail', 'error']) {
      const value = record[key];
      if (typeof value === 'string' && value.length > 0) return truncateHubMessage(value);
    }
  }
  return truncateHubMessage(text);
}

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
