import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '@chronos/errors';
import { isRole, type Role } from './roles.js';

/** A static API token for automation: only the SHA-256 of the token is configured and kept. */
export type ApiTokenEntry = { name: string; role: Role; sha256: Buffer };

export const API_TOKEN_PREFIX = 'chr_';

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** A fresh token (`chr_` + 32 random bytes, base64url) and the `API_TOKENS` entry that admits it. */
export function generateApiToken(name: string, role: Role): { token: string; entry: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, entry: `${name}:${role}:${hashToken(token).toString('hex')}` };
}

/**
 * Parses `API_TOKENS`: comma-separated `name:ROLE:sha256-hex` entries. A malformed entry stops start-up with
 * a ConfigError naming the entry (never a hash).
 */
export function parseApiTokens(value: string | undefined): ApiTokenEntry[] {
  if (!value) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item, index) => {
      const [name, role, hex, ...rest] = item.split(':');
      if (!name || !isRole(role) || !hex || !/^[0-9a-f]{64}$/i.test(hex) || rest.length > 0) {
        throw new ConfigError([
          {
            path: 'API_TOKENS',
            message: `entry ${index + 1} (${name || 'unnamed'}) must be name:ROLE:sha256-hex with ROLE one of SUPER_ADMIN, MANAGER, MONITOR, VIEWER, EXTERNAL_MODULE`,
          },
        ]);
      }
      return { name, role, sha256: Buffer.from(hex, 'hex') };
    });
}

/** The entry whose hash matches `token`, compared in constant time against every entry. */
export function matchApiToken(entries: ApiTokenEntry[], token: string): ApiTokenEntry | undefined {
  const digest = hashToken(token);
  let found: ApiTokenEntry | undefined;
  for (const entry of entries) {
    if (timingSafeEqual(entry.sha256, digest) && !found) found = entry;
  }
  return found;
}
