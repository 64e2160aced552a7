import { NotFoundError } from '@chronos/errors';
import type { TriggerFlow } from '@chronos/jobs';
import { withDbErrors } from '../db-errors.js';
import type { Prisma } from '../generated/postgresql/client.js';
import type { PrismaDb } from '../prisma-client.js';
import type {
  CreateTriggerFlowInput,
  Page,
  PageOptions,
  TriggerFlowEventInput,
  UpdateTriggerFlowPatch,
} from '../types.js';
import { definedOnly, toPaging, toTriggerFlow } from './mappers.js';

/** A flow that CoreHub must call for a platform event: what its webhook registration is built from. */
export type PlatformEventFlow = { id: number; platformEvent: string; enabled: boolean };

/** TriggerFlows and their events (reference §2.4–2.5). Throws our errors only. */
export type TriggerFlowsRepository = {
  /** Inserts the flow with its events (positions 0…n-1 in the given order), in one statement. */
  create(input: CreateTriggerFlowInput): Promise<TriggerFlow>;
  /** The flow with its events, or NotFoundError `TriggerFlow {id} not found`. */
  get(id: number): Promise<TriggerFlow>;
  find(id: number): Promise<TriggerFlow | null>;
  /** A page ordered by id; `total` counts every flow. */
  list(options?: PageOptions): Promise<Page<TriggerFlow>>;
  /** Changes only the given fields; `events`, when given, replaces every event (in one statement). */
  update(id: number, patch: UpdateTriggerFlowPatch): Promise<TriggerFlow>;
  /** Deletes the flow and, by ON DELETE CASCADE, its events and execution logs. */
  delete(id: number): Promise<void>;
  /** The stored hash of the flow's secret token, or null when there is no such flow. */
  findTokenHash(id: number): Promise<string | null>;
  /** Replaces the token hash: from this write on, only the new token fires the flow. */
  setTokenHash(id: number, secretTokenHash: string): Promise<TriggerFlow>;
  /**
   * Every flow with a platform event, enabled or not, by id: the one list CoreHub's webhook registry is
   * built from (a disabled flow keeps its webhook; the receiver skips it).
   */
  listPlatformEventFlows(): Promise<PlatformEventFlow[]>;
  /** Stores when the flow was last fired; a flow deleted meanwhile is not an error. */
  recordTriggered(id: number, at: Date): Promise<void>;
  /** A fire's outcome: success sets `last_successful_trigger` and clears the error; failure records it. */
  recordOutcome(
    id: number,
    outcome: { ok: true; at: Date } | { ok: false; at: Date; error: string },
  ): Promise<void>;
};

const WITH_EVENTS = { events: { orderBy: { position: 'asc' } } } as const satisfies Prisma.TriggerFlowInclude;

function toEventRows(
  events: TriggerFlowEventInput[],
): Prisma.TriggerFlowEventCreateWithoutTriggerFlowInput[] {
  return events.map((event, position) => ({
    position,
    taskType: event.taskType,
    pipelineId: event.pipelineId,
    entityIds: event.entityIds,
    groupIds: event.groupIds,
    withSnapshot: event.withSnapshot,
    snapshotWriteMethod: event.snapshotWriteMethod,
    taskParams: event.taskParams as Prisma.InputJsonValue,
    executionMode: event.executionMode,
    allowAiRunLoop: event.allowAiRunLoop,
  }));
}

export function createTriggerFlowsRepository(prisma: PrismaDb): TriggerFlowsRepository {
  const notFound = (id: number) =>
    new NotFoundError(`TriggerFlow ${id} not found`, {
      code: 'TRIGGER_FLOW_NOT_FOUND',
      detail: `TriggerFlow ${id} not found`,
    });
  const find = async (id: number) => {
    const row = await withDbErrors(() =>
      prisma.triggerFlow.findUnique({ where: { id }, include: WITH_EVENTS }),
    );
    return row ? toTriggerFlow(row) : null;
  };
  /** Runs a write on flow `id`, turning "no such record" into the flow's own NotFoundError. */
  const writeFlow = async <T>(id: number, write: () => Promise<T>): Promise<T> => {
    try {
      return await withDbErrors(write);
    } catch (error) {
      if (error instanceof NotFoundError) throw notFound(id);
      throw error;
    }
  };

  return {
    async create(input) {
      const row = await withDbErrors(() =>
        prisma.triggerFlow.create({
          data: {
            name: input.name,
            description: input.description,
            enabled: input.enabled,
            platformEvent: input.platformEvent,
            routing: input.routing,
            secretTokenHash: input.secretTokenHash,
            events: { create: toEventRows(input.events) },
          },
          include: WITH_EVENTS,
        }),
      );
      return toTriggerFlow(row);
    },

    async get(id) {
      const flow = await find(id);
      if (!flow) throw notFound(id);
      return flow;
    },

    find,

    async list(options = {}) {
      const { skip, take } = toPaging(options);
      const [rows, total] = await withDbErrors(() =>
        Promise.all([
          prisma.triggerFlow.findMany({ orderBy: { id: 'asc' }, skip, take, include: WITH_EVENTS }),
          prisma.triggerFlow.count(),
        ]),
      );
      return { items: rows.map(toTriggerFlow), total };
    },

    async update(id, patch) {
      const { events, ...fields } = patch;
      const row = await writeFlow(id, () =>
        prisma.triggerFlow.update({
          where: { id },
          data: {
            ...definedOnly(fields),
            ...(events ? { events: { deleteMany: {}, create: toEventRows(events) } } : {}),
          },
          include: WITH_EVENTS,
        }),
      );
      return toTriggerFlow(row);
    },

    async delete(id) {
      await writeFlow(id, () => prisma.triggerFlow.delete({ where: { id } }));
    },

    async findTokenHash(id) {
      const row = await withDbErrors(() =>
        prisma.triggerFlow.findUnique({ where: { id }, select: { secretTokenHash: true } }),
      );
      return row?.secretTokenHash ?? null;
    },

    async setTokenHash(id, secretTokenHash) {
      const row = await writeFlow(id, () =>
        prisma.triggerFlow.update({ where: { id }, data: { secretTokenHash }, include: WITH_EVENTS }),
      );
      return toTriggerFlow(row);
    },

    async listPlatformEventFlows() {
      const rows = await withDbErrors(() =>
        prisma.triggerFlow.findMany({
          where: { platformEvent: { not: null } },
          orderBy: { id: 'asc' },
          select: { id: true, platformEvent: true, enabled: true },
        }),
      );
      return rows.flatMap((row) =>
        row.platformEvent ? [{ id: row.id, platformEvent: row.platformEvent, enabled: row.enabled }] : [],
      );
    },

    async recordTriggered(id, at) {
      await withDbErrors(() => prisma.triggerFlow.updateMany({ where: { id }, data: { lastTriggered: at } }));
    },

    async recordOutcome(id, outcome) {
      const data: Prisma.TriggerFlowUpdateManyMutationInput = outcome.ok
        ? { lastSuccessfulTrigger: outcome.at, lastErrorMessage: null, lastTriggerErrorTime: null }
        : { lastErrorMessage: outcome.error, lastTriggerErrorTime: outcome.at };
      await withDbErrors(() => prisma.triggerFlow.updateMany({ where: { id }, data }));
    },
  };
}
