import { z } from './zod.js';

/** PostgreSQL `integer` ids stop here; a larger id can never exist and must not reach the database. */
export const MAX_ID = 2_147_483_647;

/** A positive integer id taken from a path segment. */
export const IdParamSchema = z
  .string()
  .regex(/^\d{1,10}$/, 'must be a positive integer id')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be a positive integer id').max(MAX_ID, 'must be a positive integer id'))
  // No example: Swagger UI would pre-fill an id that may not exist.
  .openapi({ type: 'integer' });

export const IdParamsSchema = z.object({ id: IdParamSchema });

/** Query integers arrive as strings; accept only plain decimal digits. */
export function queryInteger(options: { min: number; max: number; defaultValue: number }) {
  return z
    .string()
    .regex(/^\d{1,10}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(options.min).max(options.max))
    .optional()
    .transform((value) => value ?? options.defaultValue)
    .openapi({ type: 'integer', minimum: options.min, maximum: options.max, default: options.defaultValue });
}

/**
 * Query booleans: `true`/`false` (and `1`/`0`). `z.coerce.boolean` would read the string "false" as true.
 */
export const QueryBooleanSchema = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1')
  .openapi({ type: 'boolean' });

export const PaginationQuerySchema = z.object({
  skip: queryInteger({ min: 0, max: MAX_ID, defaultValue: 0 }),
  limit: queryInteger({ min: 1, max: 1000, defaultValue: 100 }),
});

/** The years both databases store (PostgreSQL has no year 0; JavaScript dates stop in year 275760). */
const MIN_INSTANT_MS = Date.parse('0001-01-01T00:00:00Z');
const MAX_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** An ISO 8601 instant with an offset (`Z` or `+02:00`); a bare local time would be ambiguous. */
export const InstantSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 instant with an offset, e.g. 2025-04-14T08:30:00Z' })
  .refine(
    (text) => {
      const instant = Date.parse(text);
      return instant >= MIN_INSTANT_MS && instant <= MAX_INSTANT_MS;
    },
    { error: 'must be an instant between the years 0001 and 9999 (UTC)' },
  )
  // No example: Swagger UI pre-fills examples, and a pre-filled `since` silently filters a list.
  .openapi({ format: 'date-time' });

/** An instant in a response: ISO 8601 with an offset. */
export function instantString(example = '2025-04-14T08:30:00+02:00') {
  return z.string().openapi({ format: 'date-time', example });
}

/** A page of a collection: `total` counts every match before pagination. */
export function pageSchema<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), total: z.number().int().min(0) }).openapi(name);
}

/** An optional query integer (absent stays undefined). */
export function optionalQueryInteger(options: { min: number; max: number }) {
  return z
    .string()
    .regex(/^\d{1,10}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(options.min).max(options.max))
    .optional()
    .openapi({ type: 'integer', minimum: options.min, maximum: options.max });
}
