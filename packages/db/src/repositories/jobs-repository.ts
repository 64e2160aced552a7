import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from '@chronos/errors';
import type { CatchupPolicy, GapCheckTarget, Job } from '@chronos/jobs';
import { withDbErrors } from '../db-errors.js';
import type { Job as JobRow, Prisma } from '../generated/postgresql/client.js';
import { createGroupCommit } from '../group-commit.js';
import type { PrismaDb } from '../prisma-client.js';
import type {
  CreateJobInput,
  JobRunTimes,
  JobScheduleSummary,
  Page,
  PageOptions,
  RecordRunInput,
  UpdateJobPatch,
} from '../types.js';
import { chainedEventRows } from './chains-repository.js';
import { definedOnly, toJob, toPaging } from './mappers.js';

function withoutEvents<T extends { chainedEvents?: unknown }>(input: T): Omit<T, 'chainedEvents'> {
  const { chainedEvents: _events, ...rest } = input;
  return rest;
}

export type ListJobsOptions = PageOptions & { taskType?: string; enabled?: boolean };

/** Scheduled jobs. Every function throws our errors only (NotFound, Conflict, Upstream). */
export type JobsRepository = {
  /** Inserts a job with a fresh `cron_job_identifier` and version 1. */
  create(input: CreateJobInput): Promise<Job>;
  /** The job, or NotFoundError `Job with ID {id} not found`. */
  get(id: number): Promise<Job>;
  find(id: number): Promise<Job | null>;
  /** A page ordered by id; `total` counts all matches. */
  list(options?: ListJobsOptions): Promise<Page<Job>>;
  /** Changes only the given fields and bumps `version`. */
  update(id: number, patch: UpdateJobPatch): Promise<Job>;
  /** Deletes the job and, by ON DELETE CASCADE, its execution history. */
  delete(id: number): Promise<void>;
  /**
   * Up to `limit` enabled jobs with an id above `afterId`, by id, with only what the gap detector plans
   * with (a pass pages through 100,000 jobs without mapping whole rows); `ids` (at most a page of them: a
   * statement's parameters are bounded) narrows to those jobs.
   */
  listGapCheckTargets(options: { afterId: number; limit: number; ids?: number[] }): Promise<GapCheckTarget[]>;
  /** What the reconciler compares with Redis, for every job. */
  listAll(): Promise<JobScheduleSummary[]>;
  /** Every enabled job's run times, by id, in one read (the api's per-job gauges, read on each scrape). */
  listRunTimes(): Promise<JobRunTimes[]>;
  /** Every job's id and name (what Bull Board shows for its queue jobs). */
  listNames(): Promise<Array<{ id: number; name: string }>>;
  /**
   * One aggregate over the jobs table (count, sum of versions, highest id) that changes whenever a job is
   * created, deleted or changed in a way that bumps its version; bookkeeping writes leave it alone. The
   * reconciler skips a full pass while it and Redis's scheduler count stay as the last pass left them.
   */
  scheduleFingerprint(): Promise<string>;
  /** Stores the outcome of a run (bookkeeping: does not bump `version`). */
  recordRun(id: number, input: RecordRunInput): Promise<Job>;
  /** Stores the next fire time (bookkeeping: does not bump `version`). */
  setNextRun(id: number, nextRun: Date | null): Promise<void>;
  /**
   * Writes bookkeeping fields (a run's outcome, or only `nextRun`) in one statement, but only while the job
   * still has `version`: true when written, false when the job changed or was deleted since it was read
   * (the caller re-reads and computes again). Does not bump `version`. (An attempt's closing write records
   * the outcome with the execution's final status: `executions.closeWithJobOutcome`.)
   */
  recordIfUnchanged(
    id: number,
    version: number,
    input: RecordRunInput | Pick<RecordRunInput, 'nextRun' | 'lastStatus'> | Pick<RecordRunInput, 'nextRun'>,
  ): Promise<boolean>;
  /** Jobs created without an explicit timezone: rescheduled when the `timezone` setting changes. */
  /**
   * Adds a chained event's failure to the job's `last_error_message` (joined with `; ` to what is there,
   * reference §4.4) and sets `last_run_error_time`; a message already there is not added twice (a
   * redelivery of the failed step). Bookkeeping: `version` unchanged. No-op for a deleted job.
   */
  recordChainError(id: number, message: string, at: Date): Promise<void>;
  listFollowingDefaultTimezone(): Promise<Job[]>;
};

const IDENTIFIER_ATTEMPTS = 5;

/** What a read of jobs counts alongside each row (`Job.chainedEventCount`, `Job.notificationCount`). */
const COUNTED = { _count: { select: { chainedEvents: true, notifications: true } } } as const;

function toCountedJob(row: JobRow & { _count: { chainedEvents: number; notifications: number } }): Job {
  return {
    ...toJob(row),
    chainedEventCount: row._count.chainedEvents,
    notificationCount: row._count.notifications,
  };
}

/** `gluesync_job_` + 8 hex characters, the reference's format. */
export function generateCronJobIdentifier(): string {
  return `gluesync_job_${randomBytes(4).toString('hex')}`;
}

export function createJobsRepository(prisma: PrismaDb): JobsRepository {
  const notFound = (id: number) =>
    new NotFoundError(`Job with ID ${id} not found`, { code: 'JOB_NOT_FOUND' });
  const what = (id: number) => `Job with ID ${id}`;

  // The chained events and webhooks are counted in the same statement (subqueries): one round trip, as
  // without, and an answer that counted none reads neither. Reads made while one is running go together in
  // the next (group commit: a burst of ticks reads its jobs in a few statements, not one each).
  const findCounted = createGroupCommit<number, Job | null>(async (ids) => {
    const rows = await withDbErrors(() =>
      prisma.job.findMany({ where: { id: { in: [...new Set(ids)] } }, include: COUNTED }),
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? toCountedJob(row) : null;
    });
  });

  return {
    async create(input) {
      // 32 random bits collide rarely but not never; retry on the unique index rather than pre-check.
      for (let attempt = 1; ; attempt += 1) {
        try {
          const row = await withDbErrors(
            () =>
              prisma.job.create({
                data: {
                  ...withoutEvents(input),
                  ...(input.chainedEvents?.length
                    ? { chainedEvents: { create: chainedEventRows(input.chainedEvents) } }
                    : {}),
                  entityIds: input.entityIds ?? [],
                  groupIds: input.groupIds ?? [],
                  taskParams: (input.taskParams ?? {}) as Prisma.InputJsonObject,
                  cronJobIdentifier: generateCronJobIdentifier(),
                  version: 1,
                },
              }),
            'Job',
          );
          // Written in the same statement: the caller knows the chain without reading it back.
          return { ...toJob(row), chainedEventCount: input.chainedEvents?.length ?? 0 };
        } catch (error) {
          if (!(error instanceof ConflictError) || attempt >= IDENTIFIER_ATTEMPTS) throw error;
        }
      }
    },

    async get(id) {
      const job = await findCounted(id);
      if (!job) throw notFound(id);
      return job;
    },

    find: findCounted,

    async list(options = {}) {
      const where = definedOnly({ taskType: options.taskType, enabled: options.enabled });
      const [rows, total] = await withDbErrors(() =>
        Promise.all([
          prisma.job.findMany({ where, orderBy: { id: 'asc' }, ...toPaging(options) }),
          prisma.job.count({ where }),
        ]),
      );
      return { items: rows.map(toJob), total };
    },

    async update(id, patch) {
      try {
        const row = await withDbErrors(
          () =>
            prisma.job.update({
              where: { id },
              data: {
                ...definedOnly(withoutEvents(patch)),
                // Replace all, in the same statement as the job: a reader never sees half a chain.
                ...(patch.chainedEvents
                  ? {
                      chainedEvents: {
                        deleteMany: {},
                        create: chainedEventRows(patch.chainedEvents),
                      },
                    }
                  : {}),
                taskParams: patch.taskParams as Prisma.InputJsonObject | undefined,
                version: { increment: 1 },
                // Conservative: naming a cadence field counts as a change, so no tick before it is called missed.
                ...(changesCadence(patch) ? { scheduleChangedAt: new Date() } : {}),
              },
            }),
          what(id),
        );
        return toJob(row);
      } catch (error) {
        throw error instanceof NotFoundError ? notFound(id) : error;
      }
    },

    async delete(id) {
      try {
        await withDbErrors(() => prisma.job.delete({ where: { id } }), what(id));
      } catch (error) {
        throw error instanceof NotFoundError ? notFound(id) : error;
      }
    },

    async listGapCheckTargets({ afterId, limit, ids }) {
      const rows = await withDbErrors(() =>
        prisma.job.findMany({
          where: { enabled: true, id: ids ? { gt: afterId, in: ids } : { gt: afterId } },
          orderBy: { id: 'asc' },
          take: limit,
          select: {
            id: true,
            enabled: true,
            cronExpression: true,
            timezoneName: true,
            misfireGraceSeconds: true,
            scheduleChangedAt: true,
            catchup: true,
            catchupWindowSeconds: true,
          },
        }),
      );
      return rows.map((row) => ({ ...row, catchup: row.catchup as CatchupPolicy }));
    },

    async listNames() {
      return withDbErrors(() => prisma.job.findMany({ select: { id: true, name: true } }));
    },

    async listAll() {
      return withDbErrors(() =>
        prisma.job.findMany({
          orderBy: { id: 'asc' },
          select: {
            id: true,
            version: true,
            enabled: true,
            cronExpression: true,
            timezoneName: true,
            followsDefaultTimezone: true,
          },
        }),
      );
    },

    async listRunTimes() {
      return withDbErrors(() =>
        prisma.job.findMany({
          where: { enabled: true },
          orderBy: { id: 'asc' },
          select: { id: true, name: true, lastRun: true, lastSuccessfulRun: true, nextRun: true },
        }),
      );
    },

    async scheduleFingerprint() {
      const totals = await withDbErrors(() =>
        prisma.job.aggregate({ _count: { _all: true }, _sum: { version: true }, _max: { id: true } }),
      );
      return `${totals._count._all}:${totals._sum.version ?? 0}:${totals._max.id ?? 0}`;
    },

    async recordRun(id, input) {
      try {
        const row = await withDbErrors(
          () => prisma.job.update({ where: { id }, data: definedOnly(input) }),
          what(id),
        );
        return toJob(row);
      } catch (error) {
        throw error instanceof NotFoundError ? notFound(id) : error;
      }
    },

    async setNextRun(id, nextRun) {
      const { count } = await withDbErrors(() => prisma.job.updateMany({ where: { id }, data: { nextRun } }));
      if (count === 0) throw notFound(id);
    },

    async recordIfUnchanged(id, version, input) {
      const { count } = await withDbErrors(() =>
        prisma.job.updateMany({ where: { id, version }, data: definedOnly(input) }),
      );
      return count > 0;
    },

    async recordChainError(id, message, at) {
      const current = await withDbErrors(() =>
        prisma.job.findUnique({ where: { id }, select: { lastErrorMessage: true } }),
      );
      if (!current || current.lastErrorMessage?.split('; ').includes(message)) return;
      // One statement appends, so two failing async events of one chain keep both messages.
      await withDbErrors(
        () => prisma.$executeRaw`
          UPDATE "scheduled_jobs"
          SET "last_error_message" = CASE
                WHEN "last_error_message" IS NULL OR "last_error_message" = '' THEN ${message}
                ELSE "last_error_message" || '; ' || ${message}
              END,
              "last_run_error_time" = ${at}
          WHERE "id" = ${id}`,
      );
    },

    async listFollowingDefaultTimezone() {
      const rows = await withDbErrors(() =>
        prisma.job.findMany({ where: { followsDefaultTimezone: true }, orderBy: { id: 'asc' } }),
      );
      return rows.map(toJob);
    },
  };
}

function changesCadence(patch: UpdateJobPatch): boolean {
  return (
    patch.cronExpression !== undefined || patch.timezoneName !== undefined || patch.enabled !== undefined
  );
}
