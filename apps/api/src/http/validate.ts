import { type FieldIssue, ValidationError } from '@chronos/errors';
import type { z } from './zod.js';

export type InputLocation = 'body' | 'query' | 'path';

/** At most this many issues are spelled out in `detail`; `errors[]` always carries all of them. */
const DETAIL_ISSUE_LIMIT = 5;

function joinPath(location: InputLocation, path: readonly PropertyKey[]): string {
  return [location, ...path.map(String)].join('.');
}

/** zod issues → `{path, message}`; an unknown field becomes one issue per field, each at its own path. */
export function toFieldIssues(location: InputLocation, issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: joinPath(location, [...issue.path, key]),
        message: `unknown field "${key}" is not accepted here`,
      }));
    }
    return [{ path: joinPath(location, issue.path), message: issue.message }];
  });
}

/** One human sentence summarising the issues, for the problem's `detail`. */
export function summariseIssues(issues: readonly FieldIssue[]): string {
  const shown = issues.slice(0, DETAIL_ISSUE_LIMIT).map((issue) => `${issue.path}: ${issue.message}`);
  const more = issues.length > DETAIL_ISSUE_LIMIT ? ` (and ${issues.length - DETAIL_ISSUE_LIMIT} more)` : '';
  return `Invalid request: ${shown.join('; ')}${more}`;
}

/** A ValidationError for issues found outside zod (service rules), with the same `detail` shape. */
export function createValidationError(issues: FieldIssue[], detail?: string): ValidationError {
  return new ValidationError(`request validation failed: ${issues.length} issue(s)`, {
    issues,
    detail: detail ?? summariseIssues(issues),
  });
}

/** In `u` mode a well-formed pair is one code point, so only half of a pair is a surrogate (Cs). */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string cannot be stored as text, or undefined when it can. */
function unstorableTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) {
    return 'must be valid Unicode text (it contains half of a UTF-16 surrogate pair, e.g. a lone \\ud800)';
  }
  return undefined;
}

/**
 * Every string of the input, keys included, that PostgreSQL cannot store as text or JSON (a NUL, a lone
 * UTF-16 surrogate; SQLite would store them mangled), one issue at its path. Walked without recursion: a
 * JSON body may nest deeper than the stack.
 */
function findUnstorableText(value: unknown, location: InputLocation): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const pending: Array<{ value: unknown; path: PropertyKey[] }> = [{ value, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: current, path } = next;
    if (typeof current === 'string') {
      const message = unstorableTextReason(current);
      if (message) issues.push({ path: joinPath(location, path), message });
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => {
        pending.push({ value: item, path: [...path, index] });
      });
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const message = unstorableTextReason(key);
        if (message) issues.push({ path: joinPath(location, path), message: `field name ${message}` });
        else pending.push({ value: item, path: [...path, key] });
      }
    }
  }
  return issues.reverse();
}

/**
 * Parses one part of a request with its schema, or throws a ValidationError (→ 422 with `errors[]`).
 * A missing body is parsed as `{}` so a client sees which fields are required, not "expected object".
 * Text the database cannot store is refused first, whatever the field (the one rule for every string).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: InputLocation,
): z.output<S> {
  const textIssues = findUnstorableText(value, location);
  if (textIssues.length > 0) throw createValidationError(textIssues);
  const result = schema.safeParse(location === 'body' && value === undefined ? {} : value);
  if (result.success) return result.data;
  throw createValidationError(toFieldIssues(location, result.error.issues));
}
