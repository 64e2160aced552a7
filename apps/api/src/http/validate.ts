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

/**
 * Parses one part of a request with its schema, or throws a ValidationError (→ 422 with `errors[]`).
 * A missing body is parsed as `{}` so a client sees which fields are required, not "expected object".
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: InputLocation,
): z.output<S> {
  const result = schema.safeParse(location === 'body' && value === undefined ? {} : value);
  if (result.success) return result.data;
  throw createValidationError(toFieldIssues(location, result.error.issues));
}
