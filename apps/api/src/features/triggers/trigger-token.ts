import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A flow's secret token: 32 random bytes (base64url), shown once. Only its SHA-256 is stored: a token of
 * that much entropy needs no slow hash, and a copy of the table fires nothing.
 */
export function generateTriggerToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashTriggerToken(token) };
}

export function hashTriggerToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * True when `token` hashes to `storedHash`. Both sides are compared as fixed-length digests in constant time;
 * an unknown flow is compared against a throw-away hash, so both take the same work.
 */
export function isTriggerTokenValid(token: string, storedHash: string | null): boolean {
  const presented = createHash('sha256').update(token, 'utf8').digest();
  const expected =
    storedHash && /^[0-9a-f]{64}$/.test(storedHash) ? Buffer.from(storedHash, 'hex') : randomBytes(32);
  return timingSafeEqual(presented, expected) && storedHash !== null;
}
