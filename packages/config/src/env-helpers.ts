import { isIP } from 'node:net';
import { z } from 'zod';

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off', '']);

/** A boolean variable: accepts 1/0, true/false, yes/no, on/off (any case). */
export const envBoolean = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const word = value.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      ctx.addIssue({ code: 'custom', message: `expected true or false, got "${value}"` });
      return z.NEVER;
    });

/** A number variable with bounds; empty means the default. */
export const envNumber = (
  fallback: number,
  options: { min?: number; max?: number; integer?: boolean } = {},
) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const n = Number(value);
      const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = false } = options;
      if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
        const kind = integer ? 'a whole number' : 'a number';
        const range = Number.isFinite(min) || Number.isFinite(max) ? ` between ${min} and ${max}` : '';
        ctx.addIssue({ code: 'custom', message: `expected ${kind}${range}, got "${value}"` });
        return z.NEVER;
      }
      return n;
    });

/** A comma-separated list; blanks dropped. */
export const envList = () =>
  z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

export const envString = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? fallback : value.trim()));

export const envOptionalString = () =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** True when `name` is an IANA zone this runtime knows (`UTC` and `Europe/Kyiv` included). */
export function isValidTimeZone(name: string): boolean {
  if (!name) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Names proxy-addr (Express's `trust proxy`) knows for whole address ranges. */
const TRUSTED_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isTrustedProxyEntry(entry: string): boolean {
  if (TRUSTED_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies in front of the api may name the client (X-Forwarded-For): `false` (none, the default: the
 * socket's peer is the client), a number of proxy hops, or a comma-separated list of addresses, CIDR
 * ranges and the names loopback / linklocal / uniquelocal. `true` trusts every hop, so any caller could
 * claim any address: accepted, but a list or a hop count is what a deployment should use.
 */
export const envTrustProxy = () =>
  z
    .string()
    .optional()
    .transform((value, ctx): boolean | number | string[] => {
      const text = (value ?? '').trim().toLowerCase();
      if (FALSE_WORDS.has(text)) return false;
      if (text === 'true') return true;
      if (/^\d{1,2}$/.test(text)) return Number(text);
      const entries = text
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      const invalid = entries.filter((entry) => !isTrustedProxyEntry(entry));
      if (invalid.length === 0) return entries;
      ctx.addIssue({
        code: 'custom',
        message: `expected false, true, a hop count, or addresses/CIDR ranges/loopback/linklocal/uniquelocal; not understood: "${invalid.join('", "')}"`,
      });
      return z.NEVER;
    });
