/**
 * The hub side of the module channel (`@chronos/corehub/contract` module-protocol): validates the
 * handshake headers and license on `GET /ext-module`, issues module JWTs, answers `token.refresh` and
 * `ping`, and lets tests drop every module socket or expire every issued token.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  encodeModuleFrame,
  type HubToModuleMessage,
  HubToModuleMessageSchema,
  ModuleHandshakeHeadersSchema,
  ModuleToHubMessageSchema,
  parseModuleFrame,
} from '@chronos/corehub/contract';
import type { Logger } from '@chronos/logger';
import { WebSocket, WebSocketServer } from 'ws';
import { writeRawResponse } from './faults/apply-fault.js';
import { type ModuleTokenClaims, signModuleToken, verifyModuleToken } from './module-token.js';

export type ModuleHubOptions = {
  /** Expected `Module-License` content; any (or none) is accepted when undefined. */
  license: string | undefined;
  secret: string;
  tokenTtlMs: () => number;
  logger: Logger;
};

export type ConnectedModule = {
  tag: string;
  /** The caller's address as this hub saw it (where `{{chronos_address}}` points, with port and scheme). */
  host: string;
  port: number;
  scheme: string;
  connectedAt: string;
  /** Keep-alive pings answered on this socket. */
  pingsAnswered: number;
  /** `token.refresh` requests served on this socket. */
  tokenRefreshes: number;
};

export class ModuleHub {
  private readonly server = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly modules = new Map<WebSocket, ConnectedModule>();
  private generation = 1;
  private issued = 0;

  constructor(private readonly options: ModuleHubOptions) {}

  /** Handles an upgrade to `/ext-module` (faults already applied by the caller). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const headers = ModuleHandshakeHeadersSchema.safeParse(req.headers);
    if (!headers.success) {
      const problem = headers.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ');
      writeRawResponse(
        socket,
        400,
        JSON.stringify({ notificationId: -1, message: `Invalid module headers: ${problem}` }),
      );
      return;
    }
    const { license } = this.options;
    if (license !== undefined && headers.data['module-license'] !== license) {
      writeRawResponse(
        socket,
        401,
        JSON.stringify({ notificationId: -1, message: 'Invalid module license' }),
      );
      return;
    }
    this.server.handleUpgrade(req, socket, head, (ws) => {
      const info: ConnectedModule = {
        tag: headers.data['module-tag'],
        host: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        port: headers.data['module-port'],
        scheme: headers.data['module-scheme'],
        connectedAt: new Date().toISOString(),
        pingsAnswered: 0,
        tokenRefreshes: 0,
      };
      this.modules.set(ws, info);
      ws.on('close', () => this.modules.delete(ws));
      ws.on('error', (error) => this.options.logger.debug({ err: error }, 'module socket error'));
      ws.on('message', (data) => this.onFrame(ws, info, data.toString()));
      this.sendToken(ws, info.tag);
    });
  }

  /** Verifies a module JWT (signature, generation, expiry). */
  verify(token: string): ModuleTokenClaims | undefined {
    const result = verifyModuleToken(token, {
      secret: this.options.secret,
      nowMs: Date.now(),
      generation: this.generation,
    });
    return 'claims' in result ? result.claims : undefined;
  }

  /** Invalidates every token issued so far (modules must reconnect or refresh). */
  expireTokens(): void {
    this.generation += 1;
  }

  /** Closes every module socket abruptly (as a hub restart or a network cut would). */
  dropConnections(): number {
    const count = this.modules.size;
    for (const ws of this.modules.keys()) ws.terminate();
    this.modules.clear();
    return count;
  }

  connected(): ConnectedModule[] {
    return [...this.modules.values()].map((info) => ({ ...info }));
  }

  tokensIssued(): number {
    return this.issued;
  }

  close(): void {
    this.dropConnections();
    this.server.close();
  }

  private onFrame(ws: WebSocket, info: ConnectedModule, raw: string): void {
    const frame = parseModuleFrame(ModuleToHubMessageSchema, raw);
    if (!frame) {
      this.send(ws, { type: 'error', code: 'BAD_FRAME', message: 'unknown or malformed frame' });
      return;
    }
    if (frame.type === 'token.refresh') {
      info.tokenRefreshes += 1;
      this.sendToken(ws, info.tag);
    } else if (frame.type === 'ping') {
      info.pingsAnswered += 1;
      this.send(ws, { type: 'pong', id: frame.id });
    }
  }

  private sendToken(ws: WebSocket, moduleTag: string): void {
    const { token, claims } = signModuleToken({
      moduleTag,
      ttlMs: this.options.tokenTtlMs(),
      generation: this.generation,
      secret: this.options.secret,
      nowMs: Date.now(),
    });
    this.issued += 1;
    this.send(ws, { type: 'token', token, expiresAt: new Date(claims.expMs).toISOString() });
  }

  /** Every frame goes through the shared schema first, so the simulator cannot drift from the contract. */
  private send(ws: WebSocket, frame: HubToModuleMessage): void {
    const checked = HubToModuleMessageSchema.parse(frame);
    if (ws.readyState === WebSocket.OPEN) ws.send(encodeModuleFrame(checked));
  }
}
