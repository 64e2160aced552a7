/**
 * The CoreHub client: module connection (token), the port's `send` with one token refresh on 401, `getMe`
 * for the API's introspection, and the periodic health probe. Options only: it never reads
 * the environment (main.ts maps `config.corehub` onto these options).
 */
import type { Logger } from '@chronos/logger';
import { Agent } from 'undici';
import { type BackoffOptions, DEFAULT_RECONNECT } from './backoff.js';
import type { ConnectionState, CoreHubEvents } from './connection-state.js';
import { type CoreHubUser, CoreHubUserSchema } from './contract/corehub-api.js';
import type { CoreHubPort, CoreHubRequest, CoreHubResponse } from './contract/port.js';
import { COREHUB_ROUTES } from './contract/routes.js';
import { CoreHubAuthError, CoreHubContractError, CoreHubNetworkError } from './corehub-error.js';
import type { DiscoveryOptions } from './discovery.js';
import { buildHandshakeHeaders } from './handshake-headers.js';
import { type HealthCheckResult, runHealthCheck } from './health-check.js';
import { exchange, summarizeRequest } from './http-transport.js';
import { HubUrlResolver } from './hub-url-resolver.js';
import { type KeepAliveOptions, ModuleConnection } from './module-connection.js';
import { readModuleLicense } from './module-license.js';
import { assertSuccessfulResponse, createRefreshedTokenRejectedError } from './response-check.js';
import { type CoreHubTlsOptions, resolveTlsOptions } from './tls-options.js';

export type CreateCoreHubClientOptions = {
  /** `scheme://host:port` (config.corehub.url). When absent, `discovery` finds the hub. */
  url?: string;
  discovery?: DiscoveryOptions;
  /** Path of the license file (GLUESYNC_LICENSE_FILE). */
  licenseFile?: string;
  /** License content; wins over `licenseFile`. */
  license?: string;
  /** `Module-Tag` header: `scheduler-module`. */
  moduleTag: string;
  /** `Module-Port`: the port Chronos listens on. */
  modulePort: number;
  /** `Module-Scheme`: how CoreHub reaches Chronos back. */
  moduleScheme: 'http' | 'https';
  tls?: CoreHubTlsOptions;
  /** Default per-request timeout (also bounds waiting for a token). */
  requestTimeoutMs: number;
  /** Health probe period; 0 disables it. */
  healthCheckIntervalMs: number;
  /** Health probe timeout (default min(requestTimeoutMs, 10 s)). */
  healthCheckTimeoutMs?: number;
  reconnect?: BackoffOptions;
  keepAlive?: KeepAliveOptions;
  /** Bound on one handshake (default 10 s). */
  handshakeTimeoutMs?: number;
  logger: Logger;
  /** Production: a missing license is a start-up error instead of a warning. */
  isProduction: boolean;
  /** Jitter source; tests may pin it. */
  random?: () => number;
};

/** Credentials of a Chronos API caller, forwarded verbatim to `GET /auth/me`. */
export type CallerCredentials = { authorization?: string; cookie?: string };

/** Per-call options of `getMe`. */
export type CoreHubCallOptions = { signal?: AbortSignal; timeoutMs?: number };

/** The CoreHub client other packages use: the port (`send`, what tasks get) plus its lifecycle. */
export type CoreHubClient = CoreHubPort & {
  /** Connects the module socket (shared by concurrent callers) and starts the health probe. */
  connect(): Promise<void>;
  /** Closes the socket, stops the probe, rejects waiting calls. */
  close(): Promise<void>;
  /** Connection status, last error and since when, for `/ready` and `/metrics`. */
  state(): ConnectionState;
  /** Emits `state` on every change. */
  readonly events: CoreHubEvents;
  /** `GET /auth/me` with the caller's own credentials (not the module token). */
  getMe(credentials: CallerCredentials, options?: CoreHubCallOptions): Promise<CoreHubUser>;
  /** Runs one health probe now (the periodic probe calls the same). */
  checkHealth(): Promise<HealthCheckResult>;
};

/** Builds a client; nothing connects until `connect()` or the first call. */
export function createCoreHubClient(options: CreateCoreHubClientOptions): CoreHubClient {
  const logger = options.logger.child({ component: 'corehub' });
  const resolver = new HubUrlResolver(options.url, options.discovery, options.moduleTag);
  const tlsReady = resolveTlsOptions(options.tls);
  // Surfaced by the first connect()/send(); avoid an unhandled rejection before that.
  tlsReady.catch(() => undefined);
  let dispatcher: Agent | undefined;
  const getDispatcher = async () => {
    dispatcher ??= new Agent({ connect: { ...(await tlsReady) } });
    return dispatcher;
  };

  const connection = new ModuleConnection({
    resolveUrl: (signal) => resolver.resolve(signal),
    onUrlFailed: (url) => resolver.forget(url),
    buildHeaders: async () =>
      buildHandshakeHeaders({
        license: await readModuleLicense(options, logger),
        moduleTag: options.moduleTag,
        modulePort: options.modulePort,
        moduleScheme: options.moduleScheme,
      }),
    resolveTls: () => tlsReady,
    reconnect: options.reconnect ?? DEFAULT_RECONNECT,
    keepAlive: options.keepAlive ?? { intervalMs: 5000, timeoutMs: 10_000 },
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
    logger,
    random: options.random,
  });

  let healthTimer: NodeJS.Timeout | undefined;
  let isProbing = false;

  async function connect(): Promise<void> {
    if (!healthTimer && options.healthCheckIntervalMs > 0 && !connection.isClosed()) {
      healthTimer = setInterval(() => {
        if (isProbing) return;
        isProbing = true;
        checkHealth()
          .catch((error) => logger.error({ err: error }, 'corehub health probe failed'))
          .finally(() => {
            isProbing = false;
          });
      }, options.healthCheckIntervalMs);
      healthTimer.unref();
    }
    await connection.connect();
  }

  /**
   * Waits for a module token, bounded by the request's timeout and signal. With `staleToken` (the hub just
   * rejected it) it forces a reconnect first, unless the connection already holds another token.
   */
  async function waitForToken(req: CoreHubRequest, timeoutMs: number, staleToken?: string): Promise<string> {
    const token = connection.currentToken();
    if (token && token !== staleToken) return token;
    const connecting = staleToken === undefined ? connect() : connection.forceReconnect(staleToken);
    connecting.catch(() => undefined);
    await raceWithDeadline(connecting, timeoutMs, req.signal, () => {
      const last = connection.state().lastError;
      return new CoreHubNetworkError(
        `no CoreHub module connection within ${timeoutMs} ms${last ? `: ${last.message}` : ''}`,
        { code: 'COREHUB_NOT_CONNECTED', retryable: true, request: summarizeRequest(req) },
      );
    });
    const fresh = connection.currentToken();
    if (!fresh)
      throw new CoreHubNetworkError('module connection lost', {
        code: 'COREHUB_NOT_CONNECTED',
        retryable: true,
      });
    return fresh;
  }

  async function authorizedExchange(req: CoreHubRequest, token: string, timeoutMs: number, url: string) {
    return exchange({
      dispatcher: await getDispatcher(),
      baseUrl: url,
      request: req,
      headers: { authorization: `Bearer ${token}` },
      timeoutMs,
    });
  }

  async function send(req: CoreHubRequest): Promise<CoreHubResponse> {
    const timeoutMs = req.timeoutMs ?? options.requestTimeoutMs;
    const token = await waitForToken(req, timeoutMs);
    const url = await resolver.resolve(req.signal);
    const first = await authorizedExchange(req, token, timeoutMs, url);
    if (first.status !== 401) return assertSuccessfulResponse(first, req);

    // GSSD-1195: the token expired or the hub restarted; one forced reconnect for a fresh token, one retry.
    logger.warn({ method: req.method, path: req.path }, 'corehub rejected the module token; refreshing');
    const fresh = await waitForToken(req, timeoutMs, token);
    const second = await authorizedExchange(req, fresh, timeoutMs, await resolver.resolve(req.signal));
    if (second.status === 401) throw createRefreshedTokenRejectedError(second, req);
    return assertSuccessfulResponse(second, req);
  }

  async function getMe(
    credentials: CallerCredentials,
    callOptions: CoreHubCallOptions = {},
  ): Promise<CoreHubUser> {
    const req: CoreHubRequest = { method: 'GET', path: COREHUB_ROUTES.callerIdentity, ...callOptions };
    if (!credentials.authorization && !credentials.cookie) {
      throw new CoreHubAuthError('no caller credentials to introspect', {
        code: 'COREHUB_NO_CREDENTIALS',
        retryable: false,
      });
    }
    const headers: Record<string, string> = {};
    if (credentials.authorization) headers.authorization = credentials.authorization;
    if (credentials.cookie) headers.cookie = credentials.cookie;
    const response = await exchange({
      dispatcher: await getDispatcher(),
      baseUrl: await resolver.resolve(callOptions.signal),
      request: req,
      headers,
      timeoutMs: callOptions.timeoutMs ?? options.requestTimeoutMs,
    });
    assertSuccessfulResponse(response, req);
    const parsed = CoreHubUserSchema.safeParse(response.body);
    if (!parsed.success) {
      throw new CoreHubContractError(
        `CoreHub's /auth/me reply breaks the contract: ${parsed.error.issues[0]?.message}`,
        {
          code: 'COREHUB_CONTRACT_VIOLATION',
          retryable: false,
          status: response.status,
          request: summarizeRequest(req),
        },
      );
    }
    return parsed.data;
  }

  async function checkHealth(): Promise<HealthCheckResult> {
    return runHealthCheck({
      connection,
      logger,
      probe: async (token) => {
        const url = resolver.known();
        if (!url)
          throw new CoreHubNetworkError('no CoreHub URL known', {
            code: 'COREHUB_NOT_CONNECTED',
            retryable: true,
          });
        return authorizedExchange(
          { method: 'GET', path: COREHUB_ROUTES.moduleIdentity },
          token,
          options.healthCheckTimeoutMs ?? Math.min(options.requestTimeoutMs, 10_000),
          url,
        );
      },
    });
  }

  async function close(): Promise<void> {
    clearInterval(healthTimer);
    healthTimer = undefined;
    await connection.close();
    await dispatcher?.close();
  }

  return {
    send,
    connect,
    close,
    state: () => connection.state(),
    events: connection.events,
    getMe,
    checkHealth,
  };
}

/**
 * Awaits `work`, but gives up after `timeoutMs` (with `onTimeout()`) or when `signal` aborts. `work` keeps
 * running either way (a connection attempt serves later calls too).
 */
async function raceWithDeadline(
  work: Promise<void>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  onTimeout: () => Error,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
    onAbort = () =>
      reject(
        new CoreHubNetworkError('the call was aborted by the caller', {
          code: 'COREHUB_ABORTED',
          retryable: false,
          cause: signal?.reason,
        }),
      );
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([work, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
