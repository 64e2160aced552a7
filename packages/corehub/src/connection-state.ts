import { EventEmitter } from 'node:events';

export type ConnectionStatus = 'disconnected' | 'connecting' | 'connected';

/** What `/ready` and `/metrics` read: the module connection right now. */
export type ConnectionState = {
  status: ConnectionStatus;
  /** When `status` last changed. */
  since: Date;
  /** The hub URL in use (configured or discovered), once known. */
  url?: string;
  /** Failed connection attempts since the last success. */
  failedAttempts: number;
  /** The last connection failure, kept after a later success for diagnosis. */
  lastError?: { code: string; message: string; at: Date };
  /** Expiry of the module token currently held. */
  tokenExpiresAt?: Date;
};

/** Events of `client.events`. */
export type CoreHubClientEvents = {
  /** Every change of `state()` (status, error, token). */
  state: [ConnectionState];
};

/** Typed emitter for the client's events. */
export class CoreHubEvents extends EventEmitter<CoreHubClientEvents> {}
