import type { Execution } from '@chronos/jobs';
import type { Execution as ExecutionRow } from '../generated/postgresql/client.js';
import type { CreateExecutionInput, RecordRunInput } from '../types.js';

/*
 * The hot path of every tick as multi-row PostgreSQL statements (group commit, `group-commit.ts`): the calls
 * of a batch travel as one JSON parameter unpacked by `jsonb_to_recordset`, so the statement's text is the
 * same for any batch size and every row keeps its own fence.
 */

/** The execution columns under the names the mappers read (camelCase), for RETURNING and SELECT lists. */
function executionColumns(table: string): string {
  const column = (name: string, as = name) => `${table}"${name}"${as === name ? '' : ` AS "${as}"`}`;
  return [
    column('id'),
    column('job_id', 'jobId'),
    column('trigger'),
    column('scheduled_for', 'scheduledFor'),
    column('queued_at', 'queuedAt'),
    column('started_at', 'startedAt'),
    column('finished_at', 'finishedAt'),
    column('status'),
    column('attempt'),
    column('worker_id', 'workerId'),
    column('error'),
    column('steps'),
  ].join(', ');
}

/** Inserts every call's row unless its (job, trigger, scheduled_for) exists; returns the rows inserted. */
export const INSERT_EXECUTIONS_SQL = `WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i("jobId" int, "trigger" text, "scheduledFor" timestamptz,
    "status" text, "attempt" int, "queuedAt" timestamptz, "workerId" text, "startedAt" timestamptz,
    "finishedAt" timestamptz, "error" text, "position" int)
  ORDER BY "position"
)
INSERT INTO "executions" ("job_id", "trigger", "scheduled_for", "status", "attempt", "queued_at", "worker_id",
  "started_at", "finished_at", "error", "steps")
SELECT "jobId", "trigger", "scheduledFor", "status", "attempt", "queuedAt", "workerId", "startedAt",
  "finishedAt", "error", '[]'::jsonb FROM input
ON CONFLICT ("job_id", "trigger", "scheduled_for") DO NOTHING
RETURNING ${executionColumns('')}`;

/** The rows already holding these keys (the calls whose insert found its key taken). */
export const SELECT_EXECUTIONS_BY_KEY_SQL = `SELECT ${executionColumns('e.')}
FROM "executions" e
JOIN jsonb_to_recordset($1::jsonb) AS k("jobId" int, "trigger" text, "scheduledFor" timestamptz)
  ON e."job_id" = k."jobId" AND e."trigger" = k."trigger" AND e."scheduled_for" = k."scheduledFor"`;

export function insertExecutionsParameter(calls: readonly CreateExecutionInput[]): string {
  return JSON.stringify(
    calls.map((input, position) => ({
      jobId: input.jobId,
      trigger: input.trigger,
      scheduledFor: input.scheduledFor.toISOString(),
      status: input.status,
      attempt: input.attempt ?? 1,
      queuedAt: (input.queuedAt ?? new Date()).toISOString(),
      workerId: input.workerId ?? null,
      startedAt: input.startedAt?.toISOString() ?? null,
      finishedAt: input.finishedAt?.toISOString() ?? null,
      error: input.error ?? null,
      position,
    })),
  );
}

export function executionKeysParameter(calls: readonly CreateExecutionInput[]): string {
  return JSON.stringify(
    calls.map((input) => ({
      jobId: input.jobId,
      trigger: input.trigger,
      scheduledFor: input.scheduledFor.toISOString(),
    })),
  );
}

/** One identity for a (job, trigger, scheduled_for) key, equal for a call and the row that holds it. */
export function executionKey(row: { jobId: number; trigger: string; scheduledFor: Date }): string {
  return `${row.jobId}|${row.trigger}|${new Date(row.scheduledFor).getTime()}`;
}

/** A raw row of the statements above as the mappers take it (timestamps may come back as text). */
export function toExecutionRow(row: Record<string, unknown>): ExecutionRow {
  const date = (value: unknown) => (value === null ? null : new Date(value as string | Date));
  return {
    ...(row as ExecutionRow),
    scheduledFor: date(row.scheduledFor) as Date,
    queuedAt: date(row.queuedAt) as Date,
    startedAt: date(row.startedAt),
    finishedAt: date(row.finishedAt),
  };
}

/** A column a call may or may not set: its field in the JSON parameter, its column, its SQL type. */
type OptionalColumn = readonly [field: string, column: string, type: string];

/** The recordset columns of optional fields: each value with a flag saying whether the call sets it. */
function optionalInputColumns(columns: readonly OptionalColumn[]): string {
  return columns.map(([field, , type]) => `"${field}" ${type}, "${field}Set" boolean`).join(', ');
}

/** SET clauses that take a call's value where it sets one and keep the row's otherwise. */
function optionalAssignments(columns: readonly OptionalColumn[], table: string): string {
  return columns
    .map(
      ([field, column]) =>
        `"${column}" = CASE WHEN i."${field}Set" THEN i."${field}" ELSE ${table}."${column}" END`,
    )
    .join(', ');
}

/** Puts a call's optional values (undefined: not set) into its row of the JSON parameter. */
function putOptionalValues(
  row: Record<string, unknown>,
  columns: readonly OptionalColumn[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  for (const [field] of columns) {
    const value = values[field];
    row[`${field}Set`] = value !== undefined;
    row[field] = value === undefined ? null : value instanceof Date ? value.toISOString() : value;
  }
  return row;
}

/** One closing write as the batch carries it (see `executions.closeWithJobOutcome`). */
export type ClosingCall = {
  expected: Pick<Execution, 'id' | 'status' | 'attempt'>;
  patch: {
    status: string;
    finishedAt: Date | null;
    error: string | null;
    steps?: unknown[];
    startedAt?: null;
  };
  job: { id: number; version: number; fields: Partial<RecordRunInput> };
};

/** The job's run bookkeeping fields, each sent with whether this outcome sets it. */
const OUTCOME_FIELDS = [
  ['lastRun', 'last_run', 'timestamptz'],
  ['lastStatus', 'last_status', 'text'],
  ['lastSuccessfulRun', 'last_successful_run', 'timestamptz'],
  ['lastErrorMessage', 'last_error_message', 'text'],
  ['lastRunErrorTime', 'last_run_error_time', 'timestamptz'],
  ['nextRun', 'next_run', 'timestamptz'],
] as const satisfies ReadonlyArray<readonly [keyof RecordRunInput, string, string]>;

/**
 * Every call's closing write: the execution's patch while it still has the status and attempt its caller
 * read, and only then the job's bookkeeping while the job still has the version read. A batch never holds
 * two calls of one job (the caller splits them), so each job row is updated by at most one input row.
 * Returns one row per call with what was written.
 */
export const CLOSE_EXECUTIONS_SQL = `WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i("executionId" int, "expectedStatus" text,
    "expectedAttempt" int, "status" text, "finishedAt" timestamptz, "error" text, "steps" jsonb,
    "clearStartedAt" boolean, "jobId" int, "jobVersion" int,
    ${optionalInputColumns(OUTCOME_FIELDS)})
), closed AS (
  UPDATE "executions" e SET "status" = i."status", "finished_at" = i."finishedAt", "error" = i."error",
    "steps" = COALESCE(i."steps", e."steps"),
    "started_at" = CASE WHEN i."clearStartedAt" THEN NULL ELSE e."started_at" END
  FROM input i
  WHERE e."id" = i."executionId" AND e."status" = i."expectedStatus" AND e."attempt" = i."expectedAttempt"
  RETURNING e."id"
), recorded AS (
  UPDATE "scheduled_jobs" j SET ${optionalAssignments(OUTCOME_FIELDS, 'j')}, "updated_at" = now()
  FROM input i JOIN closed c ON c."id" = i."executionId"
  WHERE j."id" = i."jobId" AND j."version" = i."jobVersion"
  RETURNING j."id"
)
SELECT i."executionId" AS "executionId",
  EXISTS (SELECT 1 FROM closed c WHERE c."id" = i."executionId") AS "executionWritten",
  EXISTS (SELECT 1 FROM recorded r WHERE r."id" = i."jobId") AS "jobWritten"
FROM input i`;

export function closeExecutionsParameter(calls: readonly ClosingCall[]): string {
  return JSON.stringify(
    calls.map(({ expected, patch, job }) =>
      putOptionalValues(
        {
          executionId: expected.id,
          expectedStatus: expected.status,
          expectedAttempt: expected.attempt,
          status: patch.status,
          finishedAt: patch.finishedAt?.toISOString() ?? null,
          error: patch.error,
          steps: patch.steps ?? null,
          clearStartedAt: patch.startedAt === null,
          jobId: job.id,
          jobVersion: job.version,
        },
        OUTCOME_FIELDS,
        job.fields,
      ),
    ),
  );
}

/** Splits calls into rounds in which no key appears twice (a row is updated once per statement). */
export function roundsBy<T>(calls: readonly T[], keyOf: (call: T) => number): Array<Array<[T, number]>> {
  const rounds: Array<Array<[T, number]>> = [];
  const seen: Array<Set<number>> = [];
  calls.forEach((call, index) => {
    const key = keyOf(call);
    let round = seen.findIndex((keys) => !keys.has(key));
    if (round === -1) {
      round = rounds.length;
      rounds.push([]);
      seen.push(new Set());
    }
    rounds[round]?.push([call, index]);
    seen[round]?.add(key);
  });
  return rounds;
}

/** One fenced execution update as the batch carries it (see `executions.updateIfUnchanged`). */
export type FencedUpdateCall = {
  id: number;
  expected: Pick<Execution, 'status' | 'attempt'>;
  patch: Partial<
    Pick<Execution, 'status' | 'startedAt' | 'finishedAt' | 'attempt' | 'workerId' | 'error' | 'steps'>
  >;
};

/** The execution columns a fenced update may set, each sent with whether this call sets it. */
const PATCH_FIELDS = [
  ['status', 'status', 'text'],
  ['startedAt', 'started_at', 'timestamptz'],
  ['finishedAt', 'finished_at', 'timestamptz'],
  ['attempt', 'attempt', 'int'],
  ['workerId', 'worker_id', 'text'],
  ['error', 'error', 'text'],
  ['steps', 'steps', 'jsonb'],
] as const satisfies ReadonlyArray<readonly [keyof FencedUpdateCall['patch'], string, string]>;

/**
 * Every call's patch while its row still has the status and attempt the caller read; returns the ids
 * written. A batch never holds two calls of one execution (the caller splits them): of two deliveries that
 * read the same attempt, the second statement finds the row moved on, so exactly one wins.
 */
export const UPDATE_EXECUTIONS_FENCED_SQL = `WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i("id" int, "expectedStatus" text, "expectedAttempt" int,
    ${optionalInputColumns(PATCH_FIELDS)})
)
UPDATE "executions" e SET ${optionalAssignments(PATCH_FIELDS, 'e')}
FROM input i
WHERE e."id" = i."id" AND e."status" = i."expectedStatus" AND e."attempt" = i."expectedAttempt"
RETURNING e."id"`;

export function fencedUpdateParameter(calls: readonly FencedUpdateCall[]): string {
  return JSON.stringify(
    calls.map(({ id, expected, patch }) =>
      putOptionalValues(
        { id, expectedStatus: expected.status, expectedAttempt: expected.attempt },
        PATCH_FIELDS,
        patch,
      ),
    ),
  );
}
