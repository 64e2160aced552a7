import { ConflictError } from '@chronos/errors';
import {
  type ChainExecutionMode,
  type ChainedEvent,
  type ChainedEventInput,
  type ChainStep,
  type ChainStepStatus,
  type ExecutionStep,
  OPEN_CHAIN_STEP_STATUSES,
  precedingTaskType,
  waitsForWebhook,
} from '@chronos/jobs';
import { withDbErrors } from '../db-errors.js';
import type {
  ChainedJobEvent as ChainedEventRow,
  ChainStep as ChainStepRow,
  Prisma,
} from '../generated/postgresql/client.js';
import type { PrismaDb } from '../prisma-client.js';
import { definedOnly, toTaskTarget } from './mappers.js';

export type UpdateChainStepPatch = Partial<
  Pick<
    ChainStep,
    | 'status'
    | 'attempt'
    | 'waitStartedAt'
    | 'webhookReceivedAt'
    | 'startedAt'
    | 'finishedAt'
    | 'error'
    | 'steps'
  >
>;

/** The chained events of the jobs that have any, with the parent's task type (what a webhook is built from). */
export type JobChain = { parentJobId: number; parentTaskType: string; events: ChainedEvent[] };

/**
 * Chained events (a job's definition) and chain steps (their runs after one execution), plus the webhook
 * arrivals a waiting step counts. Throws our errors only.
 */
export type ChainsRepository = {
  /** A job's events in position order. */
  listEvents(jobId: number): Promise<ChainedEvent[]>;
  /** The events of several jobs in one read, keyed by job id (jobs without events are absent). */
  listEventsOf(jobIds: readonly number[]): Promise<Map<number, ChainedEvent[]>>;
  /** Every job that has chained events, with its events (the webhook registry's source). */
  listChains(): Promise<JobChain[]>;
  /** One event with its job's chain, or null when no job has it (any more). */
  findEventChain(eventId: number): Promise<JobChain | null>;
  /**
   * Creates the steps of an execution's chain from `events` (a copy of each, as they are now) unless they
   * exist: the unique key (execution, position) makes a second start (a redelivery) a no-op. Answers the
   * chain's steps as stored.
   */
  startChain(
    executionId: number,
    parentTaskType: string,
    events: readonly ChainedEvent[],
  ): Promise<ChainStep[]>;
  /** An execution's chain steps in position order (empty when it started no chain). */
  listSteps(executionId: number): Promise<ChainStep[]>;
  /** One step of an execution's chain, or null. */
  findStep(executionId: number, position: number): Promise<ChainStep | null>;
  /**
   * Writes `patch` only while the step still has the status and attempt its writer read: true when
   * written. Two deliveries of one step cannot both move it on.
   */
  updateStepIfUnchanged(
    id: number,
    expected: Pick<ChainStep, 'status' | 'attempt'>,
    patch: UpdateChainStepPatch,
  ): Promise<boolean>;
  /** Steps of `eventId` that have not run yet (a webhook for it has a listener). */
  listWaitingSteps(eventId: number): Promise<ChainStep[]>;
  /** Steps not started yet (`pending`, `waiting`) of chains started before `before`, oldest first (≤ 1000). */
  listUnstartedSteps(before: Date): Promise<ChainStep[]>;
  /** Records one webhook arrival for the event. */
  recordArrival(eventId: number, receivedAt: Date): Promise<void>;
  /** The first arrival for the event at or after `since`, or null. */
  findArrivalSince(eventId: number, since: Date): Promise<Date | null>;
  /** Deletes arrivals older than `before` (nobody waits that long); the count deleted. */
  pruneArrivals(before: Date): Promise<number>;
};

function toChainedEvent(row: ChainedEventRow): ChainedEvent {
  return {
    id: row.id,
    parentJobId: row.parentJobId,
    position: row.position,
    ...toTaskTarget(row),
    executionMode: row.executionMode as ChainExecutionMode,
    webhookTimeoutSeconds: row.webhookTimeoutSeconds,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The stored copy of an event in a step: what the step runs, whatever happens to the job meanwhile. */
function toEventInput(event: ChainedEventInput): ChainedEventInput {
  return {
    taskType: event.taskType,
    pipelineId: event.pipelineId,
    entityIds: [...event.entityIds],
    groupIds: [...event.groupIds],
    withSnapshot: event.withSnapshot,
    snapshotWriteMethod: event.snapshotWriteMethod,
    taskParams: { ...event.taskParams },
    executionMode: event.executionMode,
    webhookTimeoutSeconds: event.webhookTimeoutSeconds,
  };
}

/** What a step row's `event` column holds: the event, and what it follows, as the chain started. */
type StoredStepEvent = ChainedEventInput & { precedingTaskType: string; waitsForWebhook: boolean };

function toChainStep(row: ChainStepRow): ChainStep {
  const stored = row.event as unknown as StoredStepEvent;
  return {
    id: row.id,
    executionId: row.executionId,
    position: row.position,
    eventId: row.eventId,
    event: toEventInput(stored),
    precedingTaskType: stored.precedingTaskType,
    waitsForWebhook: stored.waitsForWebhook === true,
    status: row.status as ChainStepStatus,
    attempt: row.attempt,
    waitStartedAt: row.waitStartedAt,
    webhookReceivedAt: row.webhookReceivedAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    error: row.error,
    steps: Array.isArray(row.steps) ? (row.steps as unknown as ExecutionStep[]) : [],
    createdAt: row.createdAt,
  };
}

/** The nested-write rows of a job's events (create, and update's replace-all). */
export function chainedEventRows(events: readonly ChainedEventInput[]) {
  return events.map((event, position) => ({
    ...toEventInput(event),
    position,
    taskParams: event.taskParams as Prisma.InputJsonObject,
  }));
}

function groupChains(rows: Array<ChainedEventRow & { parentJob: { taskType: string } }>): JobChain[] {
  const chains = new Map<number, JobChain>();
  for (const row of rows) {
    const chain = chains.get(row.parentJobId) ?? {
      parentJobId: row.parentJobId,
      parentTaskType: row.parentJob.taskType,
      events: [],
    };
    chain.events.push(toChainedEvent(row));
    chains.set(row.parentJobId, chain);
  }
  return [...chains.values()];
}

const BY_CHAIN_ORDER = [{ parentJobId: 'asc' as const }, { position: 'asc' as const }];

export function createChainsRepository(prisma: PrismaDb): ChainsRepository {
  const findStep = async (executionId: number, position: number) => {
    const row = await withDbErrors(() =>
      prisma.chainStep.findUnique({ where: { executionId_position: { executionId, position } } }),
    );
    return row ? toChainStep(row) : null;
  };
  const listSteps = async (executionId: number) => {
    const rows = await withDbErrors(() =>
      prisma.chainStep.findMany({ where: { executionId }, orderBy: { position: 'asc' } }),
    );
    return rows.map(toChainStep);
  };

  return {
    async listEvents(jobId) {
      const rows = await withDbErrors(() =>
        prisma.chainedJobEvent.findMany({ where: { parentJobId: jobId }, orderBy: { position: 'asc' } }),
      );
      return rows.map(toChainedEvent);
    },

    async listEventsOf(jobIds) {
      const byJob = new Map<number, ChainedEvent[]>();
      if (jobIds.length === 0) return byJob;
      const rows = await withDbErrors(() =>
        prisma.chainedJobEvent.findMany({
          where: { parentJobId: { in: [...jobIds] } },
          orderBy: BY_CHAIN_ORDER,
        }),
      );
      for (const row of rows) {
        const events = byJob.get(row.parentJobId) ?? [];
        events.push(toChainedEvent(row));
        byJob.set(row.parentJobId, events);
      }
      return byJob;
    },

    async listChains() {
      const rows = await withDbErrors(() =>
        prisma.chainedJobEvent.findMany({
          include: { parentJob: { select: { taskType: true } } },
          orderBy: BY_CHAIN_ORDER,
        }),
      );
      return groupChains(rows);
    },

    async findEventChain(eventId) {
      const event = await withDbErrors(() =>
        prisma.chainedJobEvent.findUnique({ where: { id: eventId }, select: { parentJobId: true } }),
      );
      if (!event) return null;
      const rows = await withDbErrors(() =>
        prisma.chainedJobEvent.findMany({
          where: { parentJobId: event.parentJobId },
          include: { parentJob: { select: { taskType: true } } },
          orderBy: BY_CHAIN_ORDER,
        }),
      );
      return groupChains(rows)[0] ?? null;
    },

    async startChain(executionId, parentTaskType, events) {
      for (const event of events) {
        const stored: StoredStepEvent = {
          ...toEventInput(event),
          precedingTaskType: precedingTaskType(parentTaskType, events, event.position),
          waitsForWebhook: waitsForWebhook(parentTaskType, events, event.position),
        };
        try {
          await withDbErrors(
            () =>
              prisma.chainStep.create({
                data: {
                  executionId,
                  position: event.position,
                  eventId: event.id,
                  event: stored as unknown as Prisma.InputJsonObject,
                  status: 'pending',
                  steps: [],
                },
              }),
            'Chain step',
          );
        } catch (error) {
          // Another delivery of the same execution started the chain first: its rows stand.
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      return listSteps(executionId);
    },

    listSteps,
    findStep,

    async updateStepIfUnchanged(id, expected, patch) {
      const { steps, ...rest } = patch;
      const { count } = await withDbErrors(() =>
        prisma.chainStep.updateMany({
          where: { id, status: expected.status, attempt: expected.attempt },
          data: {
            ...definedOnly(rest),
            ...(steps ? { steps: steps as unknown as Prisma.InputJsonValue } : {}),
          },
        }),
      );
      return count > 0;
    },

    async listWaitingSteps(eventId) {
      const rows = await withDbErrors(() =>
        prisma.chainStep.findMany({
          where: {
            eventId,
            status: { in: OPEN_CHAIN_STEP_STATUSES.filter((status) => status !== 'running') },
          },
          orderBy: { id: 'asc' },
        }),
      );
      return rows.map(toChainStep);
    },

    async listUnstartedSteps(before) {
      const rows = await withDbErrors(() =>
        prisma.chainStep.findMany({
          where: { status: { in: ['pending', 'waiting'] }, createdAt: { lt: before } },
          orderBy: { id: 'asc' },
          take: 1000,
        }),
      );
      return rows.map(toChainStep);
    },

    async recordArrival(eventId, receivedAt) {
      await withDbErrors(() => prisma.webhookArrival.create({ data: { eventId, receivedAt } }));
    },

    async findArrivalSince(eventId, since) {
      const row = await withDbErrors(() =>
        prisma.webhookArrival.findFirst({
          where: { eventId, receivedAt: { gte: since } },
          orderBy: { receivedAt: 'asc' },
        }),
      );
      return row?.receivedAt ?? null;
    },

    async pruneArrivals(before) {
      const { count } = await withDbErrors(() =>
        prisma.webhookArrival.deleteMany({ where: { receivedAt: { lt: before } } }),
      );
      return count;
    },
  };
}
