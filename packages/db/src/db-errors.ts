import { AppError, ConflictError, NotFoundError, UpstreamError, ValidationError } from '@chronos/errors';

/** Codes of the errors this package raises, stable forever. */
export const DB_ERROR_CODES = {
  unavailable: 'DATABASE_UNAVAILABLE',
  migrationFailed: 'DATABASE_MIGRATION_FAILED',
  conflict: 'DATABASE_CONFLICT',
  rejectedValue: 'DATABASE_REJECTED_VALUE',
} as const;

/** Prisma codes that mean "the database is not there / not answering" (P1xxx) or a pool timeout. */
const UNAVAILABLE_PRISMA_CODES = new Set([
  'P1000',
  'P1001',
  'P1002',
  'P1003',
  'P1008',
  'P1010',
  'P1011',
  'P1017',
  'P2024',
]);
/** Driver adapter error kinds (@prisma/driver-adapter-utils `MappedError.kind`) that mean the same. */
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'DatabaseAccessDenied',
  'AuthenticationFailed',
  'SocketTimeout',
  'TlsConnectionError',
  'ConnectionClosed',
  'TooManyConnections',
  'SocketError',
]);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_FULL',
]);

/**
 * PostgreSQL SQLSTATEs raised while connecting (the pg driver reports them as `code`): the database does
 * not exist, authentication failed, the server is shutting down or full, or the connection broke (class 08).
 */
const UNAVAILABLE_PG_STATES = /^(08\w{3}|3D000|28000|28P01|53300|57P0[1-3])$/;

type Described = { name?: string; code?: unknown; message?: string; cause?: unknown; meta?: unknown };

/**
 * Turns whatever Prisma, pg or better-sqlite3 threw into one of our categories so that raw driver errors
 * never leave this package (STYLE.md §5). `what` names the record for NotFound/Conflict messages.
 */
export function translateDbError(error: unknown, what = 'Record'): Error {
  if (error instanceof AppError) return error;
  const described = (error ?? {}) as Described;
  const code = typeof described.code === 'string' ? described.code : undefined;
  if (code === 'P2002') {
    return new ConflictError(`${what} already exists`, {
      code: DB_ERROR_CODES.conflict,
      meta: { target: targetOf(described.meta) },
      cause: error,
    });
  }
  if (code === 'P2025') return new NotFoundError(`${what} not found`, { cause: error });
  const rejected = findDataException(error);
  if (rejected) {
    // Input the API's validation let through (it refuses NUL, lone surrogates and out-of-range instants):
    // still the caller's value, never a 500.
    return new ValidationError(`database rejected a value (${rejected.state}): ${rejected.message}`, {
      code: DB_ERROR_CODES.rejectedValue,
      detail: `A value in the request cannot be stored: ${rejected.message}`,
      cause: error,
    });
  }
  if (isUnavailable(error)) {
    return new UpstreamError(`database unavailable: ${firstLine(error)}`, {
      code: DB_ERROR_CODES.unavailable,
      detail: 'The database is not available',
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs `operation` and rethrows its failure translated (see translateDbError). */
export async function withDbErrors<T>(operation: () => Promise<T>, what?: string): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw translateDbError(error, what);
  }
}

/** True for errors that mean the database cannot be reached or used right now (walks the cause chain). */
export function isUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth += 1) {
    const described = current as Described & { kind?: unknown; errorCode?: unknown };
    if (described.name === 'PrismaClientInitializationError') return true;
    if (typeof described.code === 'string') {
      if (UNAVAILABLE_PRISMA_CODES.has(described.code) || UNAVAILABLE_NODE_CODES.has(described.code))
        return true;
      if (UNAVAILABLE_PG_STATES.test(described.code)) return true;
      if (described.code.startsWith('SQLITE_CANTOPEN') || described.code.startsWith('SQLITE_IOERR'))
        return true;
    }
    if (typeof described.errorCode === 'string' && UNAVAILABLE_PRISMA_CODES.has(described.errorCode))
      return true;
    if (typeof described.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(described.kind)) return true;
    // Prisma client errors carry the adapter's error under meta.driverAdapterError (P2010 and others).
    const adapterError = (described.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
    if (adapterError && isUnavailable(adapterError)) return true;
    if (/Connection terminated|connect ECONNREFUSED|getaddrinfo/i.test(String(described.message ?? '')))
      return true;
    current = described.cause;
  }
  return false;
}

/** PostgreSQL's class 22 (data exception: bad encoding, out-of-range date, invalid JSON text…). */
const DATA_EXCEPTION_STATE = /^22\w{3}$/;

/** The SQLSTATE and message of a data exception anywhere in the cause chain (pg, adapter or Prisma error). */
function findDataException(error: unknown): { state: string; message: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth += 1) {
    const described = current as Described & { originalCode?: unknown; originalMessage?: unknown };
    for (const state of [described.code, described.originalCode]) {
      if (typeof state === 'string' && DATA_EXCEPTION_STATE.test(state)) {
        const message = described.originalMessage ?? described.message;
        return { state, message: typeof message === 'string' ? message : state };
      }
    }
    const adapterError = (described.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
    current = adapterError ?? described.cause;
  }
  return undefined;
}

/**
 * One line saying what went wrong. Prisma client messages open with "Invalid `prisma.x()` invocation:"
 * and end with the real reason (often as "Message: `…`"), so for those we keep the end.
 */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const line = (/^Invalid `/.test(lines[0] ?? '') ? lines.at(-1) : lines[0]) ?? 'unknown error';
  return /Message: `(.+)`/.exec(line)?.[1] ?? line;
}

function targetOf(meta: unknown): unknown {
  if (meta && typeof meta === 'object') {
    const record = meta as Record<string, unknown>;
    return record.target ?? (record.driverAdapterError as Described | undefined)?.cause ?? undefined;
  }
  return undefined;
}
