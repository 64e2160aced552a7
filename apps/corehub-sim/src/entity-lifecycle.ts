/**
 * How one simulated entity reacts to sync commands over time: start sets `isSyncActive`; stop clears it
 * after `stopDelayMs` (`isStopping` meanwhile); snapshot/redo hold `isMigrationActive` for `migrationMs`.
 */
import type { SyncCommand, SyncCommandQuery, WebhookEventType } from '@chronos/corehub/contract';

/** Tells the hub's webhooks that an entity's lifecycle moved (CDC started/stopped, snapshot ended). */
export type Announce = (eventType: WebhookEventType) => void;

/** Timings of state changes; adjustable at run time (`configure`). */
export type SimBehaviour = {
  /** Life of module tokens. */
  tokenTtlMs: number;
  /** How long after `stop` an entity still reports `isSyncActive` (0 = at once). */
  stopDelayMs: number;
  /** How long a snapshot/redo keeps `isMigrationActive` (0 = never observable). */
  migrationMs: number;
  /** How many polls an AI run, data comparison or brain reindex reports in progress before it ends. */
  runPolls: number;
  /** How those runs end (and whether Query Studio reports an error). */
  runOutcome: 'succeed' | 'fail';
  /** Rows a data comparison finds only in the source (0 = source and target agree). */
  comparisonDifferences: number;
};

/** The text/plain body CoreHub answers each accepted sync command with. */
export const COMMAND_TEXT: Record<SyncCommand, string> = {
  start: 'Start sync command received and dispatched to agents',
  stop: 'Stop sync command received and dispatched to agents',
  'one-time-snapshot': 'One-time snapshot command received and dispatched to agents',
  redo: 'Restart sync command received and dispatched to agents',
  resync: 'Resync command received and dispatched to agents',
  'start-group': 'Start group sync command received and dispatched to agents',
  'stop-group': 'Stop group sync command received and dispatched to agents',
  'one-time-snapshot-group': 'One-time group snapshot command received and dispatched to agents',
  'redo-group': 'Restart group sync command received and dispatched to agents',
};

export type EntityRecord = {
  entityId: string;
  entityName: string;
  groupId: string;
  orderIndex: number;
  isSyncActive: boolean;
  isMigrationActive: boolean;
  isStopping: boolean;
  errorState: { severity: 'ERROR' | 'WARNING'; message?: string } | null;
  /** Pending end of a stop (clears isSyncActive). */
  stopTimer?: NodeJS.Timeout;
  /** Pending end of a snapshot/redo migration (clears isMigrationActive). */
  migrationTimer?: NodeJS.Timeout;
};

/** Applies one sync command to one entity (the pipeline/group selection is the caller's). */
export function applyEntityCommand(
  entity: EntityRecord,
  command: SyncCommand,
  query: SyncCommandQuery,
  behaviour: SimBehaviour,
  announce: Announce = () => undefined,
): void {
  switch (command) {
    case 'start':
    case 'start-group':
      cancelStop(entity);
      entity.isSyncActive = true;
      announce('ENTITY_CDC_STARTED');
      if (query.withSnapshot) startMigration(entity, behaviour, announce);
      return;
    case 'stop':
    case 'stop-group':
      stopEntity(entity, behaviour, announce);
      return;
    case 'one-time-snapshot':
    case 'one-time-snapshot-group':
      startMigration(entity, behaviour, announce);
      return;
    case 'redo':
    case 'redo-group':
    case 'resync':
      cancelStop(entity);
      entity.isSyncActive = true;
      entity.errorState = null;
      startMigration(entity, behaviour, announce);
      return;
  }
}

function stopEntity(entity: EntityRecord, behaviour: SimBehaviour, announce: Announce): void {
  const settle = () => {
    cancelEntityTimers(entity);
    entity.isSyncActive = false;
    entity.isMigrationActive = false;
    entity.isStopping = false;
    announce('ENTITY_CDC_STOPPED');
  };
  if (behaviour.stopDelayMs <= 0) {
    settle();
    return;
  }
  if (entity.stopTimer) return; // already stopping: the first stop's delay stands
  entity.isStopping = true;
  entity.stopTimer = setTimeout(settle, behaviour.stopDelayMs);
  entity.stopTimer.unref();
}

function startMigration(entity: EntityRecord, behaviour: SimBehaviour, announce: Announce): void {
  if (behaviour.migrationMs <= 0) {
    announce('ENTITY_SNAPSHOT_COMPLETED');
    return;
  }
  clearTimeout(entity.migrationTimer);
  entity.isMigrationActive = true;
  entity.migrationTimer = setTimeout(() => {
    entity.migrationTimer = undefined;
    entity.isMigrationActive = false;
    announce('ENTITY_SNAPSHOT_COMPLETED');
  }, behaviour.migrationMs);
  entity.migrationTimer.unref();
}

function cancelStop(entity: EntityRecord): void {
  clearTimeout(entity.stopTimer);
  entity.stopTimer = undefined;
  entity.isStopping = false;
}

/** Cancels an entity's pending stop and migration end. */
export function cancelEntityTimers(entity: EntityRecord): void {
  cancelStop(entity);
  clearTimeout(entity.migrationTimer);
  entity.migrationTimer = undefined;
}
