/**
 * The module WebSocket (DESIGN.md §6): handshake with the module headers, receive the module JWT, keep the
 * connection alive with ping/pong frames, refresh the token before it expires, and reconnect with capped
 * exponential backoff + jitter when the socket drops. Concurrent `connect()` callers share one attempt loop
 * (test_client_resilience). Fatal handshake refusals (401/403: license) and TLS trust failures end the loop
 * and reject `connect()`; everything else is retried until `close()`.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '@chronos/errors';
import type { Logger } from '@chronos/logger';
import WebSocket from 'ws';
import { type BackoffOptions, computeBackoffDelay } from './backoff.js';
import { type ConnectionState, type ConnectionStatus, CoreHubEvents } from './connection-state.js';
import {
  encodeModuleFrame,
  HubToModuleMessageSchema,
  MODULE_PATH,
  type ModuleToHubMessage,
  parseModuleFrame,
  type TokenMessage,
} from './contract/module-protocol.js';
import { CoreHubError, CoreHubNetworkError } from './corehub-error.js';
import { openModuleSocket } from './module-handshake.js';
import type { ResolvedTlsOptions } from './tls-options.js';

export type KeepAliveOptions = {
  /** Send a ping this often (default 5000 ms, the SDK's `ping_interval`). */
  intervalMs: number;
  /** Drop the connection when a pong takes longer (default 10000 ms). */
  timeoutMs: number;
};

export type ModuleConnectionOptions = {
  /** The hub base URL (configured, or found by discovery); called before every attempt. */
  resolveUrl: (signal: AbortSignal) => Promise<string>;
  /** Called when an attempt on a URL failed with a network error (lets discovery run again). */
  onUrlFailed?: (url: string) => void;
  /** Handshake headers, built before every attempt (the license file may change). */
  buildHeaders: () => Promise<Record<string, string>>;
  /** TLS options (resolved once; a bad security config fails every attempt, fatally). */
  resolveTls: () => Promise<ResolvedTlsOptions>;
  reconnect: BackoffOptions;
  keepAlive: KeepAliveOptions;
  /** Bound on upgrade + first token frame (default 10000 ms). */
  handshakeTimeoutMs: number;
  logger: Logger;
  random?: () => number;
};

/**
 * Normalises an attempt's failure. Our own AppErrors that are not CoreHubErrors (a ConfigError from a bad
 * security config) are fatal; unknown errors count as network trouble and are retried.
 */
function asAttemptError(error: unknown): { error: AppError; isRetryable: boolean } {
  if (error instanceof CoreHubError) return { error, isRetryable: error.retryable };
  if (error instanceof AppError) return { error, isRetryable: false };
  const wrapped = new CoreHubNetworkError(
    `module connection failed: ${(error as Error)?.message ?? String(error)}`,
    {
      code: 'COREHUB_UNREACHABLE',
      retryable: true,
      cause: error,
    },
  );
  return { error: wrapped, isRetryable: true };
}

export class ModuleConnection {
  readonly events = new CoreHubEvents();
  private current: ConnectionState = { status: 'disconnected', since: new Date(), failedAttempts: 0 };
  private socket: WebSocket | undefined;
  private token: string | undefined;
  private attemptLoop: Promise<void> | undefined;
  private readonly closing = new AbortController();
  private pingTimer: NodeJS.Timeout | undefined;
  private pongTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ModuleConnectionOptions) {}

  /** A copy of the current state. */
  state(): ConnectionState {
    return { ...this.current };
  }

  /** The module token held right now, if connected. */
  currentToken(): string | undefined {
    return this.token;
  }

  isClosed(): boolean {
    return this.closing.signal.aborted;
  }

  /**
   * Resolves once connected with a token. Concurrent callers share one attempt loop; retryable failures are
   * retried with backoff, fatal ones reject.
   */
  connect(): Promise<void> {
    if (this.isClosed()) return Promise.reject(this.closedError());
    if (this.socket && this.token) return Promise.resolve();
    if (!this.attemptLoop) {
      this.attemptLoop = this.runAttempts().finally(() => {
        this.attemptLoop = undefined;
      });
    }
    return this.attemptLoop;
  }

  /**
   * Drops the connection and connects again for a fresh token. `staleToken` is the token a caller saw
   * rejected: when the connection already moved on to another token, nothing is done, so N concurrent 401s
   * cause one reconnect.
   */
  forceReconnect(staleToken?: string): Promise<void> {
    if (this.isClosed()) return Promise.reject(this.closedError());
    if (this.attemptLoop) return this.attemptLoop;
    if (staleToken !== undefined && this.token !== undefined && this.token !== staleToken) {
      return Promise.resolve();
    }
    this.options.logger.info({}, 'corehub module reconnect forced');
    this.dropSocket();
    return this.connect();
  }

  /** Closes the socket and stops every timer and retry; pending `connect()` calls reject. */
  async close(): Promise<void> {
    if (this.isClosed()) return;
    this.closing.abort();
    this.dropSocket();
    this.setState('disconnected');
    await this.attemptLoop?.catch(() => undefined);
  }

  private closedError(): CoreHubNetworkError {
    return new CoreHubNetworkError('the CoreHub client is closed', {
      code: 'COREHUB_CLIENT_CLOSED',
      retryable: false,
    });
  }

  private async runAttempts(): Promise<void> {
    let attempt = 0;
    while (!this.isClosed()) {
      this.setState('connecting');
      let url: string | undefined;
      try {
        url = await this.options.resolveUrl(this.closing.signal);
        this.current.url = url;
        await this.openOnce(url);
        return;
      } catch (raw) {
        if (this.isClosed()) break;
        const { error, isRetryable } = asAttemptError(raw);
        this.current.failedAttempts += 1;
        this.current.lastError = { code: error.code, message: error.message, at: new Date() };
        if (url && error instanceof CoreHubNetworkError && isRetryable) this.options.onUrlFailed?.(url);
        if (!isRetryable) {
          this.setState('disconnected');
          this.options.logger.error({ err: error }, 'corehub module connection refused');
          throw error;
        }
        const delayMs = computeBackoffDelay(attempt, this.options.reconnect, this.options.random);
        attempt += 1;
        this.setState('connecting');
        this.options.logger.warn(
          { err: error, attempt, delayMs },
          'corehub module connection failed; retrying',
        );
        await sleep(delayMs, undefined, { signal: this.closing.signal }).catch(() => undefined);
      }
    }
    throw this.closedError();
  }

  private async openOnce(url: string): Promise<void> {
    const headers = await this.options.buildHeaders();
    const wsUrl = `${url.replace(/^http/, 'ws').replace(/\/+$/, '')}${MODULE_PATH}`;
    const { socket, token } = await openModuleSocket({
      url: wsUrl,
      headers,
      tls: await this.options.resolveTls(),
      timeoutMs: this.options.handshakeTimeoutMs,
      signal: this.closing.signal,
    });
    if (this.isClosed()) {
      socket.terminate();
      throw this.closedError();
    }
    this.adopt(socket, token);
  }

  private adopt(socket: WebSocket, first: TokenMessage): void {
    this.socket = socket;
    socket.on('message', (data) => this.onFrame(socket, data.toString()));
    socket.on('close', (code, reason) => this.onSocketClosed(socket, code, reason.toString()));
    socket.on('error', (error) => this.options.logger.warn({ err: error }, 'corehub module socket error'));
    this.acceptToken(first);
    this.current.failedAttempts = 0;
    this.setState('connected');
    this.options.logger.info({ url: this.current.url }, 'corehub module connected');
    this.pingTimer = setInterval(() => this.sendPing(socket), this.options.keepAlive.intervalMs);
    this.pingTimer.unref();
  }

  private onFrame(socket: WebSocket, raw: string): void {
    if (socket !== this.socket) return;
    const frame = parseModuleFrame(HubToModuleMessageSchema, raw);
    if (!frame) {
      this.options.logger.debug({ size: raw.length }, 'corehub module frame ignored');
      return;
    }
    switch (frame.type) {
      case 'token':
        this.acceptToken(frame);
        this.setState('connected');
        return;
      case 'ping':
        this.sendFrame(socket, { type: 'pong', id: frame.id });
        return;
      case 'pong':
        clearTimeout(this.pongTimer);
        this.pongTimer = undefined;
        return;
      case 'error':
        this.options.logger.warn(
          { code: frame.code, hubMessage: frame.message },
          'corehub module error frame',
        );
        return;
    }
  }

  private acceptToken(frame: TokenMessage): void {
    this.token = frame.token;
    const expiresAt = new Date(frame.expiresAt);
    this.current.tokenExpiresAt = expiresAt;
    clearTimeout(this.refreshTimer);
    // Ask for a new token at 80 % of its life, so REST calls rarely meet an expired one.
    const refreshInMs = Math.max(1000, (expiresAt.getTime() - Date.now()) * 0.8);
    if (refreshInMs < 2 ** 31 - 1) {
      const socket = this.socket;
      this.refreshTimer = setTimeout(() => {
        if (socket && socket === this.socket) this.sendFrame(socket, { type: 'token.refresh' });
      }, refreshInMs);
      this.refreshTimer.unref();
    }
  }

  private sendPing(socket: WebSocket): void {
    if (socket !== this.socket || this.pongTimer) return;
    this.sendFrame(socket, { type: 'ping', id: randomUUID() });
    this.pongTimer = setTimeout(() => {
      this.options.logger.warn(
        { timeoutMs: this.options.keepAlive.timeoutMs },
        'corehub module pong overdue',
      );
      socket.terminate();
    }, this.options.keepAlive.timeoutMs);
    this.pongTimer.unref();
  }

  private sendFrame(socket: WebSocket, frame: ModuleToHubMessage): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(encodeModuleFrame(frame));
  }

  private onSocketClosed(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.clearSocketState();
    if (this.isClosed()) return;
    this.current.lastError = {
      code: 'COREHUB_SOCKET_CLOSED',
      message: `module socket closed (${code}${reason ? ` ${reason}` : ''})`,
      at: new Date(),
    };
    this.options.logger.warn({ code, reason }, 'corehub module socket closed; reconnecting');
    this.connect().catch((error) => {
      this.options.logger.error({ err: error }, 'corehub module reconnect gave up');
    });
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.clearSocketState();
    socket?.terminate();
  }

  private clearSocketState(): void {
    this.socket = undefined;
    this.token = undefined;
    this.current.tokenExpiresAt = undefined;
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    clearTimeout(this.refreshTimer);
    this.pingTimer = undefined;
    this.pongTimer = undefined;
    this.refreshTimer = undefined;
    if (this.current.status === 'connected') this.setState('connecting');
  }

  private setState(status: ConnectionStatus): void {
    if (status !== this.current.status) this.current.since = new Date();
    this.current.status = status;
    if (!this.current.tokenExpiresAt) delete this.current.tokenExpiresAt;
    this.events.emit('state', this.state());
  }
}
