import { createHash, randomBytes } from 'node:crypto';
import { stringifySetCookie } from 'cookie';
import type { Principal, SessionInfo } from './authenticator.js';
import { SESSION_COOKIE } from './credentials.js';
import { isRole } from './roles.js';

/** What a session keeps; `id` is the SHA-256 of the cookie's token, so the store never holds a usable one. */
export type SessionRecord = {
  id: string;
  username: string;
  role: string;
  source: string;
  csrfToken: string;
  expiresAt: Date;
};

/** Where sessions live: shared by every api replica (the database), so a sign-out holds everywhere. */
export type SessionStore = {
  create(record: SessionRecord): Promise<unknown>;
  findValid(id: string, now: Date): Promise<SessionRecord | null>;
  delete(id: string): Promise<void>;
  deleteExpired(now: Date): Promise<unknown>;
};

export type SessionManager = {
  /** Signs `principal` in: a new session, its cookie token and its CSRF token. */
  start(principal: Principal): Promise<{ token: string } & SessionInfo>;
  /** The signed-in principal of a cookie token, or undefined when unknown, expired or signed out. */
  resolve(token: string): Promise<(Principal & { session: SessionInfo }) | undefined>;
  /** Sign-out: the token stops working on every replica. */
  end(token: string): Promise<void>;
  ttlMs: number;
};

const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');

export function createSessionManager(options: {
  store: SessionStore;
  ttlMs: number;
  now?: () => Date;
}): SessionManager {
  const { store, ttlMs } = options;
  const now = options.now ?? (() => new Date());
  return {
    ttlMs,
    async start(principal) {
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const at = now();
      const expiresAt = new Date(at.getTime() + ttlMs);
      // Sign-ins are rare: tidying expired rows here keeps the table small without a timer.
      await store.deleteExpired(at);
      await store.create({
        id: sessionId(token),
        username: principal.username,
        role: principal.role,
        source: principal.source,
        csrfToken,
        expiresAt,
      });
      return { token, csrfToken, expiresAt };
    },
    async resolve(token) {
      const record = await store.findValid(sessionId(token), now());
      if (!record || !isRole(record.role)) return undefined;
      const source = record.source === 'corehub' ? 'corehub' : 'api-token';
      return {
        username: record.username,
        role: record.role,
        source,
        session: { csrfToken: record.csrfToken, expiresAt: record.expiresAt },
      };
    },
    async end(token) {
      await store.delete(sessionId(token));
    },
  };
}

/** The Set-Cookie of a new session; `secure` when the browser reached Chronos over HTTPS. */
export function sessionSetCookie(token: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value: token,
    httpOnly: true,
    sameSite: 'strict',
    secure: options.secure,
    path: '/',
    maxAge: options.maxAgeSeconds,
  });
}

/** The Set-Cookie that makes the browser forget the session (the server has already ended it). */
export function clearedSessionSetCookie(options: { secure: boolean }): string {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value: '',
    httpOnly: true,
    sameSite: 'strict',
    secure: options.secure,
    path: '/',
    expires: new Date(0),
  });
}
