import type { CoreHubRequest, CoreHubResponse } from './contract/port.js';
import {
  CoreHubAuthError,
  CoreHubHttpError,
  extractHubMessage,
  isRetryableStatus,
  parseRetryAfter,
} from './corehub-error.js';
import { summarizeRequest } from './http-transport.js';

/** The statuses CoreHub uses for success (DESIGN.md §5). */
const SUCCESS_STATUSES = new Set([200, 201, 202, 204]);

export function isSuccessStatus(status: number): boolean {
  return SUCCESS_STATUSES.has(status);
}

function codeForStatus(status: number): string {
  if (status === 429) return 'COREHUB_RATE_LIMITED';
  if (status === 401) return 'COREHUB_UNAUTHORIZED';
  if (status === 403) return 'COREHUB_FORBIDDEN';
  if (status === 404) return 'COREHUB_NOT_FOUND';
  if (status >= 500) return 'COREHUB_SERVER_ERROR';
  return 'COREHUB_REQUEST_REJECTED';
}

/** Returns the response when it is a success, else throws the CoreHubHttpError describing it. */
export function assertSuccessfulResponse(response: CoreHubResponse, req: CoreHubRequest): CoreHubResponse {
  if (isSuccessStatus(response.status)) return response;
  const hubMessage = extractHubMessage(response.body, response.text);
  const error = new CoreHubHttpError(
    `CoreHub answered ${response.status} to ${req.method} ${req.path}${hubMessage ? `: ${hubMessage}` : ''}`,
    {
      code: codeForStatus(response.status),
      retryable: isRetryableStatus(response.status),
      status: response.status,
      hubMessage,
      durationMs: response.durationMs,
      request: summarizeRequest(req),
      upstreamRequestId: response.upstreamRequestId,
      retryAfterMs: parseRetryAfter(response.retryAfter),
    },
  );
  throw error;
}

/**
 * The error for a 401 that survived one fresh token (GSSD-1195). Retryable per DESIGN.md §4 ("401 after one
 * token refresh" is transient: the hub may have been restarting its session store); the worker's backoff
 * decides how often.
 */
export function createRefreshedTokenRejectedError(
  response: CoreHubResponse,
  req: CoreHubRequest,
): CoreHubAuthError {
  const hubMessage = extractHubMessage(response.body, response.text);
  // The call and the hub's own words tell an operator which permission or session is at fault.
  return new CoreHubAuthError(
    `CoreHub rejected the refreshed token; check Chronos credentials / CoreHub session TTL. Details: ${req.method} ${req.path} answered 401 again with a fresh module token${hubMessage ? `: ${hubMessage}` : ''}`,
    {
      code: 'COREHUB_TOKEN_REJECTED',
      retryable: true,
      status: 401,
      hubMessage,
      durationMs: response.durationMs,
      request: summarizeRequest(req),
      upstreamRequestId: response.upstreamRequestId,
    },
  );
}
