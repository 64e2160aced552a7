/**
 * One HTTP exchange with CoreHub over undici: builds the URL, enforces the per-request timeout and the
 * caller's AbortSignal, reads and parses the body. It never throws for an HTTP status (the caller decides);
 * it throws CoreHubTimeoutError / CoreHubNetworkError for everything that is not an answer.
 */
import { performance } from 'node:perf_hooks';
import { type Dispatcher, request } from 'undici';
import type { CoreHubRequest, CoreHubResponse } from './contract/port.js';
import { CoreHubNetworkError, type CoreHubRequestSummary, CoreHubTimeoutError } from './corehub-error.js';
import { toNetworkError } from './network-error.js';

export type HttpExchange = {
  dispatcher: Dispatcher;
  baseUrl: string;
  request: CoreHubRequest;
  headers: Record<string, string>;
  timeoutMs: number;
};

/** `{method, path, query}` of a request: what errors and logs may carry. */
export function summarizeRequest(req: CoreHubRequest): CoreHubRequestSummary {
  return req.query
    ? { method: req.method, path: req.path, query: req.query }
    : { method: req.method, path: req.path };
}

/** `base + path + ?query`, dropping undefined values. */
export function buildRequestUrl(baseUrl: string, req: CoreHubRequest): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + req.path);
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value !== undefined) url.searchParams.append(key, String(value));
  }
  return url.toString();
}

/** Parses JSON when the text is JSON; otherwise returns the text itself. */
export function parseBody(text: string): unknown {
  if (text.length === 0) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Why our private controller aborted: the timeout fired (vs. the caller's signal). */
class RequestTimedOut extends Error {}

/** Performs one exchange; resolves with any HTTP status. */
export async function exchange(ex: HttpExchange): Promise<CoreHubResponse> {
  const { request: req } = ex;
  const summary = summarizeRequest(req);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (req.signal?.aborted) throw abortedError(req.signal.reason, summary, 0);

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new RequestTimedOut()), ex.timeoutMs);
  const onCallerAbort = () => controller.abort(req.signal?.reason);
  req.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const url = buildRequestUrl(ex.baseUrl, req);
  try {
    const hasBody = req.body !== undefined;
    const response = await request(url, {
      method: req.method,
      dispatcher: ex.dispatcher,
      signal: controller.signal,
      headers: {
        accept: 'application/json, text/plain;q=0.9, */*;q=0.1',
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...ex.headers,
      },
      body: hasBody ? JSON.stringify(req.body) : undefined,
    });
    const text = await response.body.text();
    const result: CoreHubResponse = {
      status: response.statusCode,
      body: parseBody(text),
      text,
      durationMs: elapsed(),
    };
    const requestId = firstHeader(response.headers['x-request-id']);
    if (requestId) result.upstreamRequestId = requestId;
    const retryAfter = firstHeader(response.headers['retry-after']);
    if (retryAfter) result.retryAfter = retryAfter;
    return result;
  } catch (error) {
    const durationMs = elapsed();
    if (controller.signal.aborted) {
      if (controller.signal.reason instanceof RequestTimedOut) {
        throw new CoreHubTimeoutError(
          `CoreHub did not answer ${req.method} ${req.path} within ${ex.timeoutMs} ms`,
          { code: 'COREHUB_TIMEOUT', retryable: true, durationMs, request: summary, cause: error },
        );
      }
      throw abortedError(controller.signal.reason, summary, durationMs);
    }
    throw toNetworkError(error, url.split('?')[0] ?? url, { durationMs, request: summary });
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** The caller gave up (execution timeout, shutdown): not retryable, whatever the hub would have said. */
function abortedError(reason: unknown, request: CoreHubRequestSummary, durationMs: number) {
  return new CoreHubNetworkError(`${request.method} ${request.path} was aborted by the caller`, {
    code: 'COREHUB_ABORTED',
    retryable: false,
    durationMs,
    request,
    cause: reason,
  });
}
