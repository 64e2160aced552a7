/**
 * One module handshake: open the WebSocket with the module headers and wait for the first `token` frame.
 * Classifies every way it can fail: 401/403 on the upgrade = the hub refuses this module (license) — fatal;
 * other statuses, socket errors and a missing token frame — retryable; TLS trust failures — fatal.
 */
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { HubToModuleMessageSchema, parseModuleFrame, type TokenMessage } from './contract/module-protocol.js';
import {
  CoreHubAuthError,
  type CoreHubError,
  CoreHubHttpError,
  CoreHubNetworkError,
  CoreHubTimeoutError,
  extractHubMessage,
  isRetryableStatus,
} from './corehub-error.js';
import { parseBody } from './http-transport.js';
import { toNetworkError } from './network-error.js';
import type { ResolvedTlsOptions } from './tls-options.js';

export type ModuleHandshake = {
  /** `ws(s)://host:port/ext-module` */
  url: string;
  headers: Record<string, string>;
  tls: ResolvedTlsOptions;
  timeoutMs: number;
  signal: AbortSignal;
};

const request = { method: 'GET', path: '/ext-module' };

async function readBody(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) {
    chunks.push(chunk as Buffer);
    if (chunks.length > 64) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Builds the error for an upgrade the hub answered with a plain HTTP status. */
function handshakeRefused(status: number, text: string): CoreHubError {
  const hubMessage = extractHubMessage(parseBody(text), text);
  if (status === 401 || status === 403) {
    return new CoreHubAuthError(
      `CoreHub refused the module handshake (${status}${hubMessage ? `: ${hubMessage}` : ''}); check the Gluesync license (GLUESYNC_LICENSE_FILE) and the module tag`,
      { code: 'COREHUB_HANDSHAKE_REFUSED', retryable: false, status, hubMessage, request },
    );
  }
  // 404 counts as retryable: a proxy (Traefik) answers 404 until the hub's route is registered at start-up.
  return new CoreHubHttpError(
    `CoreHub answered ${status} to the module handshake${hubMessage ? `: ${hubMessage}` : ''}`,
    {
      code: 'COREHUB_HANDSHAKE_FAILED',
      retryable: isRetryableStatus(status) || status === 404,
      status,
      hubMessage,
      request,
    },
  );
}

/** Opens the socket and resolves with it and the first token; rejects with a CoreHubError. */
export function openModuleSocket(
  handshake: ModuleHandshake,
): Promise<{ socket: WebSocket; token: TokenMessage }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(handshake.url, {
      headers: handshake.headers,
      handshakeTimeout: handshake.timeoutMs,
      perMessageDeflate: false,
      ...handshake.tls,
    });
    let settled = false;
    const fail = (error: CoreHubError) => {
      if (settled) return;
      settled = true;
      cleanup();
      socket.terminate();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(
          new CoreHubTimeoutError(`CoreHub sent no module token within ${handshake.timeoutMs} ms`, {
            code: 'COREHUB_HANDSHAKE_TIMEOUT',
            retryable: true,
            request,
          }),
        ),
      handshake.timeoutMs,
    );
    const onAbort = () =>
      fail(
        new CoreHubNetworkError('module handshake aborted', {
          code: 'COREHUB_CLIENT_CLOSED',
          retryable: false,
        }),
      );
    handshake.signal.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      handshake.signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('message');
    };

    socket.on('unexpected-response', (req, response) => {
      const status = response.statusCode ?? 0;
      readBody(response)
        .catch(() => '')
        .then((text) => {
          fail(handshakeRefused(status, text));
          req.destroy();
        });
    });
    // After settling, late socket errors belong to the connection owner (or to nobody): swallow here.
    socket.on('error', (error) =>
      fail(toNetworkError(error, handshake.url.replace(/^ws/, 'http'), { request })),
    );
    socket.on('close', (code) =>
      fail(
        new CoreHubNetworkError(`CoreHub closed the module socket (${code}) before sending a token`, {
          code: 'COREHUB_UNREACHABLE',
          retryable: true,
          request,
        }),
      ),
    );
    socket.on('message', (data) => {
      const frame = parseModuleFrame(HubToModuleMessageSchema, data.toString());
      if (frame?.type !== 'token' || settled) return;
      settled = true;
      cleanup();
      socket.removeAllListeners('close');
      socket.removeAllListeners('error');
      socket.removeAllListeners('unexpected-response');
      // The owner attaches its own handlers right after; never leave an 'error' without a listener.
      socket.on('error', () => undefined);
      resolve({ socket, token: frame });
    });
  });
}
