export { type CreateDbOptions, createDb, type Db } from './create-db.js';
export { DB_ERROR_CODES } from './db-errors.js';
export { type DbProvider, parseDbUrl, redactDbUrl } from './db-url.js';
export type {
  CreateMigrationOptions,
  CreateMigrationResult,
  DeployResult,
  MigrationStatus,
  Migrator,
} from './migrate/create-migrator.js';
export { MigrationFailedError } from './migrate/migration-errors.js';
export type {
  ExecutionsRepository,
  ListExecutionsOptions,
  PruneOptions,
} from './repositories/executions-repository.js';
export {
  generateCronJobIdentifier,
  type JobsRepository,
  type ListJobsOptions,
} from './repositories/jobs-repository.js';
export type { SettingsRepository } from './repositories/settings-repository.js';
export {
  ACTIVE_EXECUTION_STATUSES,
  type ConcurrencyPolicy,
  type CreateExecutionInput,
  type CreateJobInput,
  EXECUTION_STATUSES,
  EXECUTION_TRIGGERS,
  type Execution,
  type ExecutionStatus,
  type ExecutionStep,
  type ExecutionTrigger,
  type FinalExecutionStatus,
  isFinalStatus,
  type Job,
  type JobScheduleSummary,
  type Page,
  type PageOptions,
  type RecordRunInput,
  type Setting,
  type SnapshotWriteMethod,
  type UpdateExecutionPatch,
  type UpdateJobPatch,
} from './types.js';
