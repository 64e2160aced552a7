import { ValidationError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { IdParamsSchema, PaginationQuerySchema, QueryBooleanSchema } from './common-schemas.js';
import { parseInput, summariseIssues } from './validate.js';
import { z } from './zod.js';

const Body = z.strictObject({ name: z.string(), hour: z.number().int().max(23).optional() });

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(Body, { name: 'a', hour: 3 }, 'body')).toEqual({ name: 'a', hour: 3 });
  });

  it('names each unknown field at its own path', () => {
    const issues = issuesOf(() => parseInput(Body, { name: 'a', colour: 1, size: 2 }, 'body'));
    expect(issues).toEqual([
      { path: 'body.colour', message: 'unknown field "colour" is not accepted here' },
      { path: 'body.size', message: 'unknown field "size" is not accepted here' },
    ]);
  });

  it('reads a missing body as an empty object so required fields are named', () => {
    const issues = issuesOf(() => parseInput(Body, undefined, 'body'));
    expect(issues.map((issue) => issue.path)).toEqual(['body.name']);
  });

  it('prefixes the location of the failing part', () => {
    const issues = issuesOf(() => parseInput(Body, { name: 'a', hour: 24 }, 'body'));
    expect(issues[0]?.path).toBe('body.hour');
  });
});

describe('summariseIssues', () => {
  it('spells out at most five issues and counts the rest', () => {
    const issues = Array.from({ length: 7 }, (_, index) => ({ path: `body.f${index}`, message: 'bad' }));
    const detail = summariseIssues(issues);
    expect(detail).toContain('body.f4: bad');
    expect(detail).not.toContain('body.f5');
    expect(detail).toContain('(and 2 more)');
  });
});

describe('request parameter schemas', () => {
  it('reads query booleans literally (the string "false" is false)', () => {
    expect(QueryBooleanSchema.parse('false')).toBe(false);
    expect(QueryBooleanSchema.parse('0')).toBe(false);
    expect(QueryBooleanSchema.parse('true')).toBe(true);
    expect(QueryBooleanSchema.safeParse('yes').success).toBe(false);
  });

  it('defaults and bounds pagination', () => {
    expect(PaginationQuerySchema.parse({})).toEqual({ skip: 0, limit: 100 });
    expect(PaginationQuerySchema.parse({ skip: '5', limit: '1000' })).toEqual({ skip: 5, limit: 1000 });
    expect(PaginationQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(PaginationQuerySchema.safeParse({ limit: '1001' }).success).toBe(false);
    expect(PaginationQuerySchema.safeParse({ skip: '-1' }).success).toBe(false);
    expect(PaginationQuerySchema.safeParse({ skip: ['1', '2'] }).success).toBe(false);
  });

  it('accepts only ids that a PostgreSQL integer column can hold', () => {
    expect(IdParamsSchema.parse({ id: '42' })).toEqual({ id: 42 });
    for (const id of ['0', '-1', '1.5', 'abc', '2147483648', '99999999999', '']) {
      expect(IdParamsSchema.safeParse({ id }).success).toBe(false);
    }
  });
});
