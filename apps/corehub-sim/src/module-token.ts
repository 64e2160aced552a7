/**
 * Module JWTs as the simulator issues them: HS256 signed with node:crypto, claims like CoreHub's
 * (`iss: MOLO17`, `sub`, `jti`, `timestamp`) plus `role` and `gen`. `gen` is the hub's token generation:
 * "expire tokens" bumps it, which invalidates every token issued before, whatever its `exp`.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export type ModuleTokenClaims = {
  iss: 'MOLO17';
  /** The module tag the token was issued to. */
  sub: string;
  jti: string;
  role: 'EXTERNAL_MODULE';
  /** Issued-at and expiry in seconds (JWT convention); `expMs` keeps sub-second TTLs exact. */
  iat: number;
  exp: number;
  expMs: number;
  timestamp: number;
  gen: number;
};

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url');
}

function sign(data: string, secret: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

/** Signs a token for `moduleTag`, valid for `ttlMs` from `nowMs`. */
export function signModuleToken(input: {
  moduleTag: string;
  ttlMs: number;
  generation: number;
  secret: string;
  nowMs: number;
}): { token: string; claims: ModuleTokenClaims } {
  const claims: ModuleTokenClaims = {
    iss: 'MOLO17',
    sub: input.moduleTag,
    jti: randomUUID(),
    role: 'EXTERNAL_MODULE',
    iat: Math.floor(input.nowMs / 1000),
    exp: Math.ceil((input.nowMs + input.ttlMs) / 1000),
    expMs: input.nowMs + input.ttlMs,
    timestamp: input.nowMs,
    gen: input.generation,
  };
  const head = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return { token: `${head}.${sign(head, input.secret)}`, claims };
}

/** Claims of a valid token, or the reason it is not valid. */
export function verifyModuleToken(
  token: string,
  options: { secret: string; nowMs: number; generation: number },
): { claims: ModuleTokenClaims } | { error: 'malformed' | 'signature' | 'expired' | 'revoked' } {
  const parts = token.split('.');
  if (parts.length !== 3) return { error: 'malformed' };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(`${header}.${payload}`, options.secret));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { error: 'signature' };
  let claims: ModuleTokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ModuleTokenClaims;
  } catch {
    return { error: 'malformed' };
  }
  if (claims.gen !== options.generation) return { error: 'revoked' };
  if (claims.expMs <= options.nowMs) return { error: 'expired' };
  return { claims };
}
