export { createDb, type Db } from './create-db.js';
export { type DbProvider, redactDbUrl } from './db-url.js';
export type { MigrationStatus } from './migrate/create-migrator.js';
export { MigrationFailedError } from './migrate/migration-errors.js';
export type { ClosingPatch, JobOutcomeFields } from './repositories/executions-repository.js';
export type { NotificationInput } from './repositories/notifications-repository.js';
export type {
  CreateJobInput,
  Page,
  Setting,
  TriggerFlowEventInput,
  UpdateJobPatch,
  UpdateTriggerFlowPatch,
} from './types.js';
