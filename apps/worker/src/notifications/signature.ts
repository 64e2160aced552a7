import { createHmac } from 'node:crypto';

/** The header a receiver verifies: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'Chronos-Signature';

/**
 * Signs one delivery as Stripe and Svix do: over the timestamp and the exact body bytes, so a receiver can
 * refuse a replayed (old timestamp) or altered (other body) request. A retry is signed anew.
 */
export function signatureOf(secret: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}
