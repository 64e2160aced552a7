import { ConflictError, NotFoundError, UpstreamError } from '@chronos/errors';
import {
  ACTIVE_EXECUTION_STATUSES,
  type Execution,
  type ExecutionStatus,
  type ExecutionStep,
  type ExecutionTrigger,
} from '@chronos/jobs';
import { withDbErrors } from '../db-errors.js';
import type { DbProvider } from '../db-url.js';
import type { Prisma } from '../generated/postgresql/client.js';
import { createGroupCommit } from '../group-commit.js';
import type { PrismaDb } from '../prisma-client.js';
import type {
  CreateExecutionInput,
  Page,
  PageOptions,
  RecordRunInput,
  UpdateExecutionPatch,
} from '../types.js';
import { definedOnly, toExecution, toPaging } from './mappers.js';
import {
  CLOSE_EXECUTIONS_SQL,
  type ClosingCall,
  closeExecutionsParameter,
  executionKey,
  executionKeysParameter,
  type FencedUpdateCall,
  fencedUpdateParameter,
  INSERT_EXECUTIONS_SQL,
  insertExecutionsParameter,
  roundsBy,
  SELECT_EXECUTIONS_BY_KEY_SQL,
  toExecutionRow,
  UPDATE_EXECUTIONS_FENCED_SQL,
} from './pg-execution-batches.js';
import { pruneSurplus } from './prune-surplus.js';

export type ListExecutionsOptions = PageOptions & {
  jobId?: number;
  status?: ExecutionStatus;
  /** Only executions scheduled at or after this instant. */
  since?: Date;
};

/** What an attempt's closing write sets on the execution (`startedAt` only to clear it). */
export type ClosingPatch = Pick<Execution, 'status' | 'finishedAt' | 'error'> & {
  steps?: ExecutionStep[];
  startedAt?: null;
};

/** The job's bookkeeping after an outcome: the run's fields, or only `nextRun` (and `lastStatus`). */
export type JobOutcomeFields =
  | RecordRunInput
  | Pick<RecordRunInput, 'nextRun' | 'lastStatus'>
  | Pick<RecordRunInput, 'nextRun'>;

export type PruneOptions = {
  /** Delete finished executions scheduled before this instant. */
  olderThan?: Date;
  /** Keep at most this many executions per job (newest by scheduled time); 0 or absent: no limit. */
  maxRowsPerJob?: number;
};

/** Execution history. Every function throws our errors only (NotFound, Conflict, Upstream). */
export type ExecutionsRepository = {
  /**
   * Inserts the execution unless one with the same (jobId, trigger, scheduledFor) exists; then returns
   * that one with `created: false`. Race-safe: of concurrent callers exactly one gets `created: true`.
   */
  createIfAbsent(input: CreateExecutionInput): Promise<{ execution: Execution; created: boolean }>;
  /** The execution, or NotFoundError `Execution with ID {id} not found`. */
  get(id: number): Promise<Execution>;
  find(id: number): Promise<Execution | null>;
  findByKey(jobId: number, trigger: ExecutionTrigger, scheduledFor: Date): Promise<Execution | null>;
  /**
   * The `schedule` rows of these jobs scheduled in [from, to] (job, instant and status only), in one read:
   * what the gap detector compares a page of jobs' due ticks with. `status` narrows to rows of that status.
   */
  listTickRecordsOf(
    jobIds: number[],
    from: Date,
    to: Date,
    options?: { status?: ExecutionStatus },
  ): Promise<Array<Pick<Execution, 'jobId' | 'scheduledFor' | 'status'>>>;
  /** A page, newest first (scheduled time, then id). */
  list(options?: ListExecutionsOptions): Promise<Page<Execution>>;
  update(id: number, patch: UpdateExecutionPatch): Promise<Execution>;
  /**
   * One statement that applies `patch` only while the row still has the status and attempt the caller read:
   * true when written, false when another attempt took the row over (or it is gone). `steps` replaces the
   * stored list, so the caller passes every step of the row.
   */
  updateIfUnchanged(
    id: number,
    expected: Pick<Execution, 'status' | 'attempt'>,
    patch: UpdateExecutionPatch,
  ): Promise<boolean>;
  /**
   * An attempt's closing write: `patch` on the execution while it still has the status and attempt the
   * caller read (as `updateIfUnchanged`) and, only if that was written, the job's run bookkeeping while the
   * job still has `job.version` (as `jobs.recordIfUnchanged`). One statement on PostgreSQL (the hot path of
   * every tick: a round trip fewer), one transaction on SQLite. `jobWritten` false with `executionWritten`
   * true: the job changed or went during the run, and the caller records its outcome against the current row.
   */
  closeWithJobOutcome(
    expected: Pick<Execution, 'id' | 'status' | 'attempt'>,
    patch: ClosingPatch,
    job: { id: number; version: number; fields: JobOutcomeFields },
  ): Promise<{ executionWritten: boolean; jobWritten: boolean }>;
  /**
   * Appends one step atomically in the database (no read-modify-write), only while the row is still at
   * `attempt`: false when another attempt took the row over (a stalled worker that came back must not add
   * to it); throws NotFoundError when the row is gone.
   */
  appendStep(id: number, step: ExecutionStep, attempt: number): Promise<boolean>;
  /** The latest queued or running execution of the job, other than `excludeId`. */
  findRunning(jobId: number, options?: { excludeId?: number }): Promise<Execution | null>;
  /** Deletes finished executions by age and/or count per job; returns how many were deleted. */
  prune(options: PruneOptions): Promise<number>;
};

const ACTIVE = [...ACTIVE_EXECUTION_STATUSES];
const NEWEST_FIRST: Prisma.ExecutionOrderByWithRelationInput[] = [{ scheduledFor: 'desc' }, { id: 'desc' }];

export function createExecutionsRepository(prisma: PrismaDb, provider: DbProvider): ExecutionsRepository {
  const notFound = (id: number) =>
    new NotFoundError(`Execution with ID ${id} not found`, { code: 'EXECUTION_NOT_FOUND' });
  const findByKey = async (jobId: number, trigger: ExecutionTrigger, scheduledFor: Date) => {
    const row = await withDbErrors(() =>
      prisma.execution.findUnique({
        where: { jobId_trigger_scheduledFor: { jobId, trigger, scheduledFor } },
      }),
    );
    return row ? toExecution(row) : null;
  };
  // One statement per provider so concurrent appends cannot lose each other's steps.
  const appendSql =
    provider === 'postgresql'
      ? 'UPDATE "executions" SET "steps" = "steps" || jsonb_build_array($1::jsonb) WHERE "id" = $2 AND "attempt" = $3'
      : `UPDATE "executions" SET "steps" = json_insert("steps", '$[#]', json(?)) WHERE "id" = ? AND "attempt" = ?`;

  // Reads made while one is running go together in the next (group commit): a burst of run-now executions
  // reads its rows in a few statements.
  const findGrouped = createGroupCommit<number, Execution | null>(async (ids) => {
    const rows = await withDbErrors(() =>
      prisma.execution.findMany({ where: { id: { in: [...new Set(ids)] } } }),
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? toExecution(row) : null;
    });
  });

  type Created = { execution: Execution; created: boolean };
  // One row per call, through Prisma: SQLite's path, and PostgreSQL's for a call its batch could not carry.
  const createOne = async (input: CreateExecutionInput): Promise<Created> => {
    try {
      const row = await withDbErrors(
        () =>
          prisma.execution.create({
            data: {
              jobId: input.jobId,
              trigger: input.trigger,
              scheduledFor: input.scheduledFor,
              status: input.status,
              attempt: input.attempt ?? 1,
              queuedAt: input.queuedAt ?? new Date(),
              workerId: input.workerId ?? null,
              startedAt: input.startedAt ?? null,
              finishedAt: input.finishedAt ?? null,
              error: input.error ?? null,
              steps: [],
            },
          }),
        'Execution',
      );
      return { execution: toExecution(row), created: true };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // The unique key was taken by another delivery of the same tick: hand back that row.
      const existing = await findByKey(input.jobId, input.trigger, input.scheduledFor);
      if (!existing) throw error;
      return { execution: existing, created: false };
    }
  };

  // PostgreSQL: the executions a burst opens at once share one INSERT (group commit).
  const createGrouped = createGroupCommit<CreateExecutionInput, Created>(async (calls) => {
    let inserted: Array<Record<string, unknown>>;
    try {
      inserted = await withDbErrors(() =>
        prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
          INSERT_EXECUTIONS_SQL,
          insertExecutionsParameter(calls),
        ),
      );
    } catch (error) {
      if (calls.length === 1 || isUnavailableError(error)) throw error;
      // One row could not be written (its job was deleted meanwhile): the others must not fail with it.
      return eachOnItsOwn(calls, createOne);
    }
    const insertedByKey = new Map(
      inserted.map((raw) => {
        const row = toExecutionRow(raw);
        return [executionKey(row), row] as const;
      }),
    );
    const results: Array<Created | Error> = [];
    const taken: number[] = [];
    calls.forEach((call, index) => {
      const key = executionKey(call);
      const row = insertedByKey.get(key);
      if (!row) {
        taken.push(index);
        return;
      }
      // The same tick twice in one batch: the first call created it, the second finds it.
      insertedByKey.delete(key);
      results[index] = { execution: toExecution(row), created: true };
    });
    if (taken.length > 0) {
      const rows = await withDbErrors(() =>
        prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
          SELECT_EXECUTIONS_BY_KEY_SQL,
          executionKeysParameter(taken.map((index) => calls[index] as CreateExecutionInput)),
        ),
      );
      const existingByKey = new Map(rows.map((raw) => [executionKey(toExecutionRow(raw)), raw]));
      for (const index of taken) {
        const raw = existingByKey.get(executionKey(calls[index] as CreateExecutionInput));
        results[index] = raw
          ? { execution: toExecution(toExecutionRow(raw)), created: false }
          : // Taken and gone again (the job was deleted in between): as the one-row path answers.
            new ConflictError('Execution already exists', { code: 'EXECUTION_CONFLICT' });
      }
    }
    return results;
  });

  const closeOne = async (
    expected: Pick<Execution, 'id' | 'status' | 'attempt'>,
    patch: ClosingPatch,
    job: { id: number; version: number; fields: JobOutcomeFields },
  ) =>
    withDbErrors(() =>
      prisma.$transaction(async (tx) => {
        const { steps, ...rest } = patch;
        const execution = await tx.execution.updateMany({
          where: { id: expected.id, status: expected.status, attempt: expected.attempt },
          data: { ...rest, ...(steps ? { steps: steps as unknown as Prisma.InputJsonValue } : {}) },
        });
        if (execution.count === 0) return { executionWritten: false, jobWritten: false };
        const written = await tx.job.updateMany({
          where: { id: job.id, version: job.version },
          data: definedOnly(job.fields),
        });
        return { executionWritten: true, jobWritten: written.count > 0 };
      }),
    );

  type Closed = { executionWritten: boolean; jobWritten: boolean };
  const closeStatement = async (calls: readonly ClosingCall[]): Promise<Closed[]> => {
    const rows = await withDbErrors(() =>
      prisma.$queryRawUnsafe<Array<Closed & { executionId: number }>>(
        CLOSE_EXECUTIONS_SQL,
        closeExecutionsParameter(calls),
      ),
    );
    const byId = new Map(rows.map((row) => [row.executionId, row]));
    return calls.map((call) => {
      const row = byId.get(call.expected.id);
      return { executionWritten: row?.executionWritten === true, jobWritten: row?.jobWritten === true };
    });
  };
  // PostgreSQL: the closing writes of concurrent executions share one statement (group commit).
  const closeGrouped = createGroupCommit<ClosingCall, Closed>((calls) =>
    inRounds(calls, (call) => call.job.id, closeStatement),
  );

  const updateFencedStatement = async (calls: readonly FencedUpdateCall[]): Promise<boolean[]> => {
    const rows = await withDbErrors(() =>
      prisma.$queryRawUnsafe<Array<{ id: number }>>(
        UPDATE_EXECUTIONS_FENCED_SQL,
        fencedUpdateParameter(calls),
      ),
    );
    const written = new Set(rows.map((row) => row.id));
    return calls.map((call) => written.has(call.id));
  };
  // PostgreSQL: the starts (and retries) of concurrent executions share one statement (group commit).
  const updateFencedGrouped = createGroupCommit<FencedUpdateCall, boolean>((calls) =>
    inRounds(calls, (call) => call.id, updateFencedStatement),
  );

  return {
    createIfAbsent: provider === 'postgresql' ? createGrouped : createOne,

    async get(id) {
      const row = await withDbErrors(() => prisma.execution.findUnique({ where: { id } }));
      if (!row) throw notFound(id);
      return toExecution(row);
    },

    find: findGrouped,

    findByKey,

    async listTickRecordsOf(jobIds, from, to, options = {}) {
      if (jobIds.length === 0) return [];
      const rows = await withDbErrors(() =>
        prisma.execution.findMany({
          where: definedOnly({
            jobId: { in: jobIds },
            trigger: 'schedule',
            scheduledFor: { gte: from, lte: to },
            status: options.status,
          }),
          select: { jobId: true, scheduledFor: true, status: true },
        }),
      );
      return rows.map((row) => ({ ...row, status: row.status as ExecutionStatus }));
    },

    async list(options = {}) {
      const where: Prisma.ExecutionWhereInput = definedOnly({
        jobId: options.jobId,
        status: options.status,
        scheduledFor: options.since ? { gte: options.since } : undefined,
      });
      const [rows, total] = await withDbErrors(() =>
        Promise.all([
          prisma.execution.findMany({ where, orderBy: NEWEST_FIRST, ...toPaging(options) }),
          prisma.execution.count({ where }),
        ]),
      );
      return { items: rows.map(toExecution), total };
    },

    async update(id, patch) {
      const { steps, ...rest } = patch;
      try {
        const row = await withDbErrors(
          () =>
            prisma.execution.update({
              where: { id },
              data: {
                ...definedOnly(rest),
                ...(steps ? { steps: steps as unknown as Prisma.InputJsonValue } : {}),
              },
            }),
          `Execution with ID ${id}`,
        );
        return toExecution(row);
      } catch (error) {
        throw error instanceof NotFoundError ? notFound(id) : error;
      }
    },

    async updateIfUnchanged(id, expected, patch) {
      if (provider === 'postgresql') return updateFencedGrouped({ id, expected, patch });
      const { steps, ...rest } = patch;
      const { count } = await withDbErrors(() =>
        prisma.execution.updateMany({
          where: { id, status: expected.status, attempt: expected.attempt },
          data: {
            ...definedOnly(rest),
            ...(steps ? { steps: steps as unknown as Prisma.InputJsonValue } : {}),
          },
        }),
      );
      return count > 0;
    },

    closeWithJobOutcome(expected, patch, job) {
      if (provider === 'postgresql') return closeGrouped({ expected, patch, job });
      return closeOne(expected, patch, job);
    },

    async appendStep(id, step, attempt) {
      const count = await withDbErrors(() =>
        prisma.$executeRawUnsafe(appendSql, JSON.stringify(step), id, attempt),
      );
      if (count > 0) return true;
      const row = await withDbErrors(() =>
        prisma.execution.findUnique({ where: { id }, select: { id: true } }),
      );
      if (!row) throw notFound(id);
      return false;
    },

    async findRunning(jobId, options = {}) {
      const row = await withDbErrors(() =>
        prisma.execution.findFirst({
          where: {
            jobId,
            status: { in: ACTIVE },
            ...(options.excludeId === undefined ? {} : { id: { not: options.excludeId } }),
          },
          orderBy: NEWEST_FIRST,
        }),
      );
      return row ? toExecution(row) : null;
    },

    async prune(options) {
      let deleted = 0;
      if (options.olderThan) {
        const olderThan = options.olderThan;
        const result = await withDbErrors(() =>
          prisma.execution.deleteMany({
            where: { status: { notIn: ACTIVE }, scheduledFor: { lt: olderThan } },
          }),
        );
        deleted += result.count;
      }
      const keep = options.maxRowsPerJob ?? 0;
      if (keep > 0) deleted += await pruneByCount(prisma, keep);
      return deleted;
    },
  };
}

/** Deletes finished executions beyond the newest `keep` of each job that has more than `keep`. */
function pruneByCount(prisma: PrismaDb, keep: number): Promise<number> {
  return pruneSurplus({
    crowdedOwners: () =>
      prisma.execution.groupBy({
        by: ['jobId'],
        _count: { _all: true },
        having: { id: { _count: { gt: keep } } },
      }),
    surplusIdsOf: async ({ jobId }) =>
      (
        await prisma.execution.findMany({
          where: { jobId },
          orderBy: NEWEST_FIRST,
          skip: keep,
          select: { id: true },
        })
      ).map((row) => row.id),
    deleteFinished: async (ids) =>
      (await prisma.execution.deleteMany({ where: { id: { in: ids }, status: { notIn: ACTIVE } } })).count,
  });
}

/**
 * Runs a batch as statements over rounds in which no key repeats (a row is updated once per statement, so
 * two calls on one row stay two fenced writes in call order). A round the database did not take fails its
 * own calls only; a round that failed for one call's sake (bad data) is run again call by call.
 */
async function inRounds<Call, Result>(
  calls: readonly Call[],
  keyOf: (call: Call) => number,
  runStatement: (calls: readonly Call[]) => Promise<Result[]>,
): Promise<Array<Result | Error>> {
  const results: Array<Result | Error> = [];
  for (const round of roundsBy(calls, keyOf)) {
    const roundCalls = round.map(([call]) => call);
    let answered: Array<Result | Error>;
    try {
      answered = await runStatement(roundCalls);
    } catch (error) {
      answered =
        roundCalls.length === 1 || isUnavailableError(error)
          ? roundCalls.map(() => (error instanceof Error ? error : new Error(String(error))))
          : await eachOnItsOwn(roundCalls, async (call) => (await runStatement([call]))[0] as Result);
    }
    round.forEach(([, index], position) => {
      results[index] = answered[position] as Result | Error;
    });
  }
  return results;
}

function isUnavailableError(error: unknown): boolean {
  return error instanceof UpstreamError && error.retryable;
}

/**
 * Runs each call by itself, in call order, so that one call's failure (an Error in its place) is not its
 * batch's, and calls of one key are answered as they would have been one at a time.
 */
async function eachOnItsOwn<Call, Result>(
  calls: readonly Call[],
  runOne: (call: Call) => Promise<Result>,
): Promise<Array<Result | Error>> {
  const results: Array<Result | Error> = [];
  for (const call of calls) {
    results.push(
      await runOne(call).catch((error: unknown) =>
        error instanceof Error ? error : new Error(String(error)),
      ),
    );
  }
  return results;
}
