/**
 * The simulated hub's mutable world: pipelines, their groups and entities, and each entity's sync state.
 * Commands change the state the way CoreHub's do (as far as Chronos can observe them through
 * entities-status): start sets `isSyncActive`; stop clears it after `stopDelayMs`; snapshot and redo set
 * `isMigrationActive` for `migrationMs`; maintenance toggles `isInMaintenanceMode`.
 */
import type {
  ConfigEntityWire,
  ConfigGroup,
  EntityStatusWire,
  MaintenanceCommand,
  Pipeline,
  PipelineEntity,
  SyncCommand,
  SyncCommandQuery,
} from '@chronos/corehub/contract';
import { GROUP_SYNC_COMMANDS, type WebhookEventType } from '@chronos/corehub/contract';
import {
  applyEntityCommand,
  COMMAND_TEXT,
  cancelEntityTimers,
  type EntityRecord,
  type SimBehaviour,
} from './entity-lifecycle.js';
import type { FixtureUser, ParsedFixture } from './fixture.js';

export type { SimBehaviour };

/** A lifecycle transition CoreHub announces to its webhooks: what happened, and to which object. */
export type LifecycleEvent = {
  eventType: WebhookEventType;
  pipelineId: string;
  entityId?: string;
  groupId?: string;
};

/** The group-level event a group command announces once all its entities moved (CoreHub's GROUP_*). */
const GROUP_EVENT_OF: Partial<Record<WebhookEventType, WebhookEventType>> = {
  ENTITY_CDC_STARTED: 'GROUP_CDC_STARTED',
  ENTITY_CDC_STOPPED: 'GROUP_CDC_STOPPED',
  ENTITY_SNAPSHOT_COMPLETED: 'GROUP_SNAPSHOT_COMPLETED',
};

type PipelineRecord = Omit<ParsedFixture['pipelines'][number], 'entities'> & { entities: EntityRecord[] };

/** A command outcome: the HTTP status and the text/plain body CoreHub answers with. */
export type CommandOutcome = { status: number; text: string } | { status: 400 | 404; message: string };

export class SimState {
  private pipelines = new Map<string, PipelineRecord>();
  private users: FixtureUser[] = [];
  private readonly lifecycleListeners: Array<(event: LifecycleEvent) => void> = [];

  /** Calls `listener` on every lifecycle transition (the webhooks deliver from here). */
  onLifecycle(listener: (event: LifecycleEvent) => void): void {
    this.lifecycleListeners.push(listener);
  }

  private announce(event: LifecycleEvent): void {
    for (const listener of this.lifecycleListeners) listener(event);
  }

  constructor(
    fixture: ParsedFixture & { users: FixtureUser[] },
    public behaviour: SimBehaviour,
  ) {
    this.load(fixture);
  }

  /** Replaces the whole world with `fixture` (pending state changes are cancelled). */
  load(fixture: ParsedFixture & { users: FixtureUser[] }): void {
    this.dispose();
    this.users = fixture.users;
    this.pipelines = new Map(
      fixture.pipelines.map((pipeline) => [
        pipeline.id,
        {
          ...pipeline,
          entities: pipeline.entities.map((entity, index) => ({
            ...entity,
            orderIndex: entity.orderIndex ?? index,
            isStopping: false,
          })),
        },
      ]),
    );
  }

  /** Cancels every pending delayed state change. */
  dispose(): void {
    for (const pipeline of this.pipelines.values()) {
      for (const entity of pipeline.entities) cancelEntityTimers(entity);
    }
  }

  findUserByToken(token: string): FixtureUser | undefined {
    return this.users.find((user) => user.token === token);
  }

  findUserByLogin(username: string, password: string): FixtureUser | undefined {
    return this.users.find((user) => user.username === username && user.password === password);
  }

  hasPipeline(pipelineId: string): boolean {
    return this.pipelines.has(pipelineId);
  }

  listPipelines(): Pipeline[] {
    return [...this.pipelines.values()].map((pipeline) => this.toPipeline(pipeline));
  }

  getPipeline(pipelineId: string): Pipeline | undefined {
    const pipeline = this.pipelines.get(pipelineId);
    return pipeline && this.toPipeline(pipeline);
  }

  updatePipeline(pipelineId: string, changes: { name?: string; description?: string }): Pipeline | undefined {
    const pipeline = this.pipelines.get(pipelineId);
    if (!pipeline) return undefined;
    if (changes.name !== undefined) pipeline.name = changes.name;
    if (changes.description !== undefined) pipeline.description = changes.description;
    return this.toPipeline(pipeline);
  }

  listEntities(pipelineId: string): PipelineEntity[] | undefined {
    return this.pipelines.get(pipelineId)?.entities.map((entity) => ({
      entityId: entity.entityId,
      entityName: entity.entityName,
      groupId: entity.groupId,
      orderIndex: entity.orderIndex,
      agentEntities: [],
    }));
  }

  listConfigEntities(pipelineId: string): ConfigEntityWire[] | undefined {
    return this.pipelines.get(pipelineId)?.entities.map((entity) => ({
      entityId: entity.entityId,
      entityName: entity.entityName,
      groupId: entity.groupId,
    }));
  }

  /** `PUT /config/entities`: upserts entities by id (name and group). */
  upsertConfigEntities(pipelineId: string, entities: ConfigEntityWire[]): boolean {
    const pipeline = this.pipelines.get(pipelineId);
    if (!pipeline) return false;
    for (const wire of entities) {
      const entityId = (wire.entityId ?? wire.id) as string;
      const existing = pipeline.entities.find((entity) => entity.entityId === entityId);
      if (existing) {
        existing.groupId = wire.groupId ?? existing.groupId;
        existing.entityName = wire.entityName ?? existing.entityName;
      } else {
        pipeline.entities.push({
          entityId,
          entityName: wire.entityName ?? entityId,
          groupId: wire.groupId ?? '_default',
          orderIndex: pipeline.entities.length,
          isSyncActive: false,
          isMigrationActive: false,
          isStopping: false,
          errorState: null,
        });
      }
    }
    return true;
  }

  listGroups(pipelineId: string): ConfigGroup[] | undefined {
    return this.pipelines.get(pipelineId)?.groups.map((group) => ({ ...group }));
  }

  listEntityStatuses(pipelineId: string): EntityStatusWire[] | undefined {
    return this.pipelines.get(pipelineId)?.entities.map((entity) => this.toStatus(entity));
  }

  getEntityStatus(pipelineId: string, entityId: string): EntityStatusWire | undefined {
    const entity = this.pipelines
      .get(pipelineId)
      ?.entities.find((candidate) => candidate.entityId === entityId);
    return entity && this.toStatus(entity);
  }

  /** Test control: force an entity's flags or error state. */
  setEntityStatus(
    pipelineId: string,
    entityId: string,
    changes: Partial<Pick<EntityRecord, 'isSyncActive' | 'isMigrationActive' | 'errorState'>>,
  ): EntityStatusWire | undefined {
    const entity = this.pipelines
      .get(pipelineId)
      ?.entities.find((candidate) => candidate.entityId === entityId);
    if (!entity) return undefined;
    Object.assign(entity, changes);
    return this.toStatus(entity);
  }

  /** Applies `POST /pipelines/{p}/commands/sync/{command}`. */
  applySyncCommand(pipelineId: string, command: SyncCommand, query: SyncCommandQuery): CommandOutcome {
    const pipeline = this.pipelines.get(pipelineId);
    if (!pipeline) return { status: 404, message: `Pipeline ${pipelineId} not found` };
    const targets = this.selectTargets(pipeline, command, query);
    if ('message' in targets) return targets;
    const isGroupCommand = (GROUP_SYNC_COMMANDS as readonly string[]).includes(command);
    const seen = new Map<WebhookEventType, number>();
    for (const entity of targets) {
      const { groupId, entityId } = entity;
      applyEntityCommand(entity, command, query, this.behaviour, (eventType) => {
        this.announce({ eventType, pipelineId, entityId, groupId });
        const groupEvent = GROUP_EVENT_OF[eventType];
        seen.set(eventType, (seen.get(eventType) ?? 0) + 1);
        if (isGroupCommand && groupEvent && seen.get(eventType) === targets.length && query.groupId) {
          this.announce({ eventType: groupEvent, pipelineId, groupId: query.groupId });
        }
      });
    }
    return { status: 202, text: COMMAND_TEXT[command] };
  }

  /** Applies `POST /pipelines/{p}/commands/maintenance/{enter|exit}`. */
  applyMaintenanceCommand(pipelineId: string, command: MaintenanceCommand): CommandOutcome {
    const pipeline = this.pipelines.get(pipelineId);
    if (!pipeline) return { status: 404, message: `Pipeline ${pipelineId} not found` };
    pipeline.isInMaintenanceMode = command === 'enter';
    this.announce({
      eventType: command === 'enter' ? 'PIPELINE_ENTER_MAINTENANCE' : 'PIPELINE_EXIT_MAINTENANCE',
      pipelineId,
    });
    return {
      status: 202,
      text: command === 'enter' ? 'Pipeline entered maintenance mode' : 'Pipeline exited maintenance mode',
    };
  }

  /** Everything, for `GET /__sim/state`. */
  snapshot() {
    return {
      behaviour: { ...this.behaviour },
      pipelines: [...this.pipelines.values()].map((pipeline) => ({
        ...this.toPipeline(pipeline),
        groups: pipeline.groups,
        entities: pipeline.entities.map((entity) => ({
          entityName: entity.entityName,
          groupId: entity.groupId,
          ...this.toStatus(entity),
        })),
      })),
    };
  }

  private selectTargets(
    pipeline: PipelineRecord,
    command: SyncCommand,
    query: SyncCommandQuery,
  ): EntityRecord[] | { status: 400 | 404; message: string } {
    if (GROUP_SYNC_COMMANDS.includes(command)) {
      if (!query.groupId) return { status: 400, message: 'groupId is required' };
      if (!pipeline.groups.some((group) => group.groupId === query.groupId)) {
        return { status: 404, message: `Group ${query.groupId} not found in pipeline ${pipeline.id}` };
      }
      return pipeline.entities.filter((entity) => entity.groupId === query.groupId);
    }
    if (query.entity === undefined) return pipeline.entities;
    const entity = pipeline.entities.find((candidate) => candidate.entityId === query.entity);
    if (!entity)
      return { status: 404, message: `Entity ${query.entity} not found in pipeline ${pipeline.id}` };
    return [entity];
  }

  private toPipeline(pipeline: PipelineRecord): Pipeline {
    return {
      id: pipeline.id,
      name: pipeline.name,
      description: pipeline.description,
      sourceAgentsInfo: pipeline.sourceAgentsInfo,
      targetAgentsInfo: pipeline.targetAgentsInfo,
      configurationCompleted: pipeline.configurationCompleted,
      isInMaintenanceMode: pipeline.isInMaintenanceMode,
    };
  }

  private toStatus(entity: EntityRecord): EntityStatusWire {
    return {
      entityId: entity.entityId,
      isSyncActive: entity.isSyncActive,
      isMigrationActive: entity.isMigrationActive,
      isBusy: entity.isMigrationActive || entity.isStopping,
      errorState: entity.errorState,
    };
  }
}
