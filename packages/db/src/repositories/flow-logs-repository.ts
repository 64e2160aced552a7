import { NotFoundError } from '@chronos/errors';
import type {
  FlowExecutionLog,
  FlowFailureDetail,
  FlowLogStatus,
  FlowPlanStep,
  FlowSource,
} from '@chronos/jobs';
import { withDbErrors } from '../db-errors.js';
import type { Prisma } from '../generated/postgresql/client.js';
import type { PrismaDb } from '../prisma-client.js';
import { toFlowExecutionLog } from './mappers.js';
import { pruneSurplus } from './prune-surplus.js';

export type CreateFlowLogInput = {
  triggerFlowId: number;
  source: FlowSource;
  plan: FlowPlanStep[];
  triggeredAt: Date;
};

export type FinishFlowLogInput = {
  status: Extract<FlowLogStatus, 'success' | 'failed'>;
  errorMessage: string | null;
  detail?: FlowFailureDetail | null;
  finishedAt: Date;
  durationMs: number;
};

/**
 * The execution logs of TriggerFlows (reference §2.6): one row per fire. The worker's writes are fenced by
 * `attempt` (a delivery that lost the row to a newer one writes nothing) and by `events_done` (an event is
 * counted done once), so a redelivered flow continues where it stopped and never repeats a finished event.
 */
export type FlowLogsRepository = {
  /** A `queued` row with the events the fire will run. */
  create(input: CreateFlowLogInput): Promise<FlowExecutionLog>;
  find(id: number): Promise<FlowExecutionLog | null>;
  /** The row, or NotFoundError. */
  get(id: number): Promise<FlowExecutionLog>;
  /** The flow's newest `limit` rows, newest first. */
  listForFlow(triggerFlowId: number, limit: number): Promise<FlowExecutionLog[]>;
  /**
   * Takes an open row over for a new delivery: `running`, attempt + 1, only while it is still open at the
   * attempt the caller read. The row as claimed, or null when another delivery took it or it finished.
   */
  claim(id: number, readAttempt: number): Promise<FlowExecutionLog | null>;
  /** Counts one more event done, only at `attempt` and while `eventsDone` is still `from`: true when written. */
  advance(id: number, attempt: number, from: number): Promise<boolean>;
  /** Closes the row, only at `attempt` and while it is open: true when written. */
  finish(id: number, attempt: number, input: FinishFlowLogInput): Promise<boolean>;
  /** Open (`queued` or `running`) rows fired before `before`, oldest first: what the sweeper checks. */
  listOpen(options: { before: Date; limit: number }): Promise<FlowExecutionLog[]>;
  /**
   * Deletes finished rows older than `olderThan` and beyond the newest `maxRowsPerFlow` of each flow (the
   * retention settings); open rows are never deleted. Returns how many were deleted.
   */
  prune(options: { olderThan?: Date; maxRowsPerFlow?: number }): Promise<number>;
};

const OPEN: FlowLogStatus[] = ['queued', 'running'];

export function createFlowLogsRepository(prisma: PrismaDb): FlowLogsRepository {
  const find = async (id: number) => {
    const row = await withDbErrors(() => prisma.triggerFlowExecutionLog.findUnique({ where: { id } }));
    return row ? toFlowExecutionLog(row) : null;
  };
  return {
    async create(input) {
      const row = await withDbErrors(() =>
        prisma.triggerFlowExecutionLog.create({
          data: {
            triggerFlowId: input.triggerFlowId,
            source: input.source,
            status: 'queued',
            plan: input.plan as unknown as Prisma.InputJsonValue,
            triggeredAt: input.triggeredAt,
          },
        }),
      );
      return toFlowExecutionLog(row);
    },

    find,

    async get(id) {
      const log = await find(id);
      if (!log) throw new NotFoundError(`TriggerFlow execution log ${id} not found`);
      return log;
    },

    async listForFlow(triggerFlowId, limit) {
      const rows = await withDbErrors(() =>
        prisma.triggerFlowExecutionLog.findMany({
          where: { triggerFlowId },
          orderBy: [{ triggeredAt: 'desc' }, { id: 'desc' }],
          take: Math.max(1, Math.floor(limit)),
        }),
      );
      return rows.map(toFlowExecutionLog);
    },

    async listOpen(options) {
      const rows = await withDbErrors(() =>
        prisma.triggerFlowExecutionLog.findMany({
          where: { status: { in: OPEN }, triggeredAt: { lt: options.before } },
          orderBy: [{ triggeredAt: 'asc' }, { id: 'asc' }],
          take: Math.max(1, Math.floor(options.limit)),
        }),
      );
      return rows.map(toFlowExecutionLog);
    },

    async claim(id, readAttempt) {
      const { count } = await withDbErrors(() =>
        prisma.triggerFlowExecutionLog.updateMany({
          where: { id, attempt: readAttempt, status: { in: OPEN } },
          data: { status: 'running', attempt: readAttempt + 1 },
        }),
      );
      return count > 0 ? find(id) : null;
    },

    async advance(id, attempt, from) {
      const { count } = await withDbErrors(() =>
        prisma.triggerFlowExecutionLog.updateMany({
          where: { id, attempt, eventsDone: from, status: 'running' },
          data: { eventsDone: from + 1 },
        }),
      );
      return count > 0;
    },

    async finish(id, attempt, input) {
      const { count } = await withDbErrors(() =>
        prisma.triggerFlowExecutionLog.updateMany({
          where: { id, attempt, status: { in: OPEN } },
          data: {
            status: input.status,
            errorMessage: input.errorMessage,
            detail: (input.detail ?? undefined) as Prisma.InputJsonValue | undefined,
            finishedAt: input.finishedAt,
            durationMs: input.durationMs,
          },
        }),
      );
      return count > 0;
    },

    async prune(options) {
      let deleted = 0;
      if (options.olderThan) {
        const olderThan = options.olderThan;
        const result = await withDbErrors(() =>
          prisma.triggerFlowExecutionLog.deleteMany({
            where: { status: { notIn: OPEN }, triggeredAt: { lt: olderThan } },
          }),
        );
        deleted += result.count;
      }
      const keep = options.maxRowsPerFlow ?? 0;
      if (keep > 0) deleted += await pruneByCount(prisma, keep);
      return deleted;
    },
  };
}

/** Deletes finished rows beyond the newest `keep` of each flow that has more than `keep`. */
function pruneByCount(prisma: PrismaDb, keep: number): Promise<number> {
  return pruneSurplus({
    crowdedOwners: () =>
      prisma.triggerFlowExecutionLog.groupBy({
        by: ['triggerFlowId'],
        _count: { _all: true },
        having: { id: { _count: { gt: keep } } },
      }),
    surplusIdsOf: async ({ triggerFlowId }) =>
      (
        await prisma.triggerFlowExecutionLog.findMany({
          where: { triggerFlowId },
          orderBy: [{ triggeredAt: 'desc' }, { id: 'desc' }],
          skip: keep,
          select: { id: true },
        })
      ).map((row) => row.id),
    deleteFinished: async (ids) =>
      (
        await prisma.triggerFlowExecutionLog.deleteMany({
          where: { id: { in: ids }, status: { notIn: OPEN } },
        })
      ).count,
  });
}
