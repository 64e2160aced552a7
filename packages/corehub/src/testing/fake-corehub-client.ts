/**
 * A CoreHub stand-in for unit tests of code that depends on `CoreHubApi` (tasks): every call goes to your
 * handler and is recorded; replies go through the real success check and typed parsing, so a fake 503 throws
 * the same CoreHubHttpError the real client would. Integration tests use `apps/corehub-sim` instead.
 */
import { type CoreHubApi, createCoreHubApi } from '../corehub-api.js';
import { type CoreHubRequest, type CoreHubResponse, parseBody } from '../http-transport.js';
import { assertSuccessfulResponse } from '../response-check.js';

/** What the handler answers: a status with a JSON (or text) body, or an Error to throw (network trouble). */
export type FakeCoreHubReply = { status: number; body?: unknown; retryAfter?: string } | Error;

export type FakeCoreHubHandler = (req: CoreHubRequest) => FakeCoreHubReply | Promise<FakeCoreHubReply>;

export type FakeCoreHubClient = CoreHubApi & {
  /** Every request, in order. */
  readonly calls: CoreHubRequest[];
};

/** Builds the fake. The default handler answers 202 "accepted" to everything. */
export function createFakeCoreHubClient(
  handler: FakeCoreHubHandler = () => ({ status: 202, body: 'accepted' }),
): FakeCoreHubClient {
  const calls: CoreHubRequest[] = [];
  const send = async (req: CoreHubRequest): Promise<CoreHubResponse> => {
    calls.push(req);
    const reply = await handler(req);
    if (reply instanceof Error) throw reply;
    const text =
      reply.body === undefined
        ? ''
        : typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body);
    const response: CoreHubResponse = { status: reply.status, body: parseBody(text), text, durationMs: 0 };
    if (reply.retryAfter !== undefined) response.retryAfter = reply.retryAfter;
    return assertSuccessfulResponse(response, req);
  };
  return { ...createCoreHubApi(send), calls };
}
