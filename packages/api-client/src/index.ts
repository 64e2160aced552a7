import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/schema.js';

export type { components, paths } from './generated/schema.js';

/** An API answer's problem+json body (`detail` is the sentence for a person). */
export type Problem = components['schemas']['Problem'];
export type ChronosClient = Client<paths>;

export type ChronosClientOptions = {
  /** The api's origin, e.g. `http://127.0.0.1:1717` (paths carry `/api/...` themselves). */
  baseUrl: string;
  /** An API token or CoreHub token, sent as `Authorization: Bearer`; omit for cookie sessions (browsers). */
  token?: string;
  /** Extra headers on every request (e.g. the console's CSRF header). */
  headers?: Record<string, string>;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** `include` in a browser served by the api, so the session cookie is sent. */
  credentials?: 'include' | 'same-origin' | 'omit';
};

/**
 * A client typed from the API's OpenAPI document (src/schema.ts): a route, parameter or body the API no longer
 * has fails the consumer's build.
 */
export function createChronosClient(options: ChronosClientOptions): ChronosClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const fixedHeaders: Record<string, string> = { ...options.headers };
  if (options.token) fixedHeaders.authorization = `Bearer ${options.token}`;
  if (Object.keys(fixedHeaders).length > 0) client.use(withHeaders(fixedHeaders));
  return client;
}

function withHeaders(headers: Record<string, string>): Middleware {
  return {
    onRequest({ request }) {
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
      return request;
    },
  };
}

/**
 * The sentence to show for a failed answer: the problem's `detail` (with each field issue), else the HTTP
 * status line. `error` is what openapi-fetch returns for a non-2xx answer (the parsed body, if any).
 */
export function describeApiError(error: unknown, response: Response): string {
  if (isProblem(error)) {
    // A single issue is often the detail itself ("Invalid request: body.timezone: …"): say it once.
    const issues = (error.errors ?? [])
      .map((issue) => `${issue.path}: ${issue.message}`)
      .filter((line) => !error.detail.includes(line));
    return issues.length > 0
      ? `${error.detail}\n${issues.map((line) => `  - ${line}`).join('\n')}`
      : error.detail;
  }
  return `${response.status} ${response.statusText}`.trim();
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).detail === 'string';
}
