import { ConflictError, NotFoundError, UpstreamError, ValidationError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { translateDbError } from './db-errors.js';

const prismaError = (code: string, meta?: unknown) =>
  Object.assign(new Error(`\nInvalid call:\n\n${code} happened`), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta,
  });

describe('translateDbError', () => {
  it('turns a unique violation (P2002) into a ConflictError naming the record', () => {
    const error = translateDbError(prismaError('P2002', { target: ['key'] }), 'Setting timezone');
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('Setting timezone already exists');
  });

  it('turns a PostgreSQL data exception (class 22) into a ValidationError quoting PostgreSQL', () => {
    // The shape Prisma 7 gives a pg error through the driver adapter (meta.driverAdapterError.cause).
    const error = translateDbError(
      prismaError('P2010', {
        driverAdapterError: new Error('x', {
          cause: {
            kind: 'postgres',
            originalCode: '22008',
            originalMessage: 'date/time field value out of range: "0000-01-01 00:00:00"',
          },
        }),
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).detail).toContain('date/time field value out of range');
  });

  it('turns a missing record (P2025) into a NotFoundError', () => {
    expect(translateDbError(prismaError('P2025'), 'Job with ID 4')).toBeInstanceOf(NotFoundError);
  });

  it.each([
    [
      'a refused TCP connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    ],
    ['Prisma P1001', prismaError('P1001')],
    [
      'an adapter error of kind DatabaseNotReachable',
      new Error('x', { cause: { kind: 'DatabaseNotReachable' } }),
    ],
    [
      'a missing PostgreSQL database (3D000)',
      Object.assign(new Error('database "x" does not exist'), { code: '3D000' }),
    ],
    [
      'failed PostgreSQL authentication (28P01)',
      Object.assign(new Error('password authentication failed'), { code: '28P01' }),
    ],
    ['a busy SQLite file', Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })],
  ])('turns %s into UpstreamError DATABASE_UNAVAILABLE with a one-line message', (_label, raw) => {
    const error = translateDbError(raw);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe('DATABASE_UNAVAILABLE');
    expect(error.message).not.toContain('\n');
    expect(error.cause).toBe(raw);
  });

  it('sees an unreachable server behind a Prisma raw-query error and keeps its reason as the message', () => {
    const raw = Object.assign(
      new Error(
        "\nInvalid `prisma.$queryRawUnsafe()` invocation:\n\n\nRaw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:1`",
      ),
      {
        name: 'PrismaClientKnownRequestError',
        code: 'P2010',
        meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } } },
      },
    );
    const error = translateDbError(raw);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe("database unavailable: Can't reach database server at 127.0.0.1:1");
  });

  it('leaves other PostgreSQL errors (a syntax error, 42601) alone', () => {
    const raw = Object.assign(new Error('syntax error'), { code: '42601' });
    expect(translateDbError(raw)).toBe(raw);
  });

  it('passes unknown errors through unchanged', () => {
    const raw = new TypeError('bad');
    expect(translateDbError(raw)).toBe(raw);
  });
});
