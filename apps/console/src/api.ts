import { type ChronosClient, createChronosClient, describeApiError } from '@chronos/api-client';

/** The api serves the console, so its origin (and any proxy prefix) is where the page came from. */
const baseUrl = new URL('.', window.location.href).href.replace(/\/$/, '');

let csrfToken: string | null = null;

/** The session's CSRF token, echoed on every write (the api refuses cookie writes without it). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export const api: ChronosClient = createChronosClient({ baseUrl, credentials: 'same-origin' });
api.use({
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
});

/** A field issue of a 422, keyed by the body field it names (`body.schedule.hour` → `schedule.hour`). */
export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: FieldErrors,
  ) {
    super(message);
  }
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful answer, or an ApiError with the problem's detail and field issues. */
export function unwrap<T>(answer: Answer<T>): T {
  if (answer.response.ok) return answer.data as T;
  const problem = answer.error as { detail?: string; errors?: Array<{ path: string; message: string }> };
  const fields: FieldErrors = {};
  for (const issue of problem?.errors ?? []) {
    const key = issue.path.replace(/^body\./, '');
    fields[key] ??= issue.message;
  }
  throw new ApiError(
    problem?.detail ?? describeApiError(answer.error, answer.response),
    answer.response.status,
    fields,
  );
}

/** WebSocket URL of the events stream, next to the page (ws: or wss: as the page). */
export function eventsUrl(): string {
  const url = new URL('api/events', `${baseUrl}/`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** Links to the pages the api serves beside the console. */
export const links = {
  docs: `${baseUrl}/docs/`,
  bullBoard: `${baseUrl}/admin/queues`,
  /** A path the api hands out (`/admin/queues/…`), under the api's base URL (and any proxy prefix). */
  fromApi: (path: string) => `${baseUrl}${path}`,
};
