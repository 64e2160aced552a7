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

const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Which proxies may set `X-Forwarded-*` (Express's `trust proxy`): unset = none; a hop count; or a
 * comma-separated list of addresses, CIDR ranges and the presets loopback, linklocal, uniquelocal.
 */
export const envTrustProxy = () =>
  z
    .string()
    .optional()
    .transform((value, ctx): number | string[] | false => {
      const text = value?.trim() ?? '';
      if (text === '' || text === 'false') return false;
      if (/^\d{1,2}$/.test(text)) return Number(text);
      const items = text.split(',').map((item) => item.trim());
      const bad = items.find((item) => !PROXY_PRESETS.has(item) && isIP(item.split('/')[0] ?? '') === 0);
      if (bad === undefined) return items;
      ctx.addIssue({
        code: 'custom',
        message: `expected a hop count or addresses/CIDR ranges/loopback/linklocal/uniquelocal, got "${bad}"`,
      });
      return z.NEVER;
    });
