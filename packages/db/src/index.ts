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
export type {
  CreateExecutionInput,
  CreateJobInput,
  JobScheduleSummary,
  Page,
  PageOptions,
  RecordRunInput,
  Setting,
  UpdateExecutionPatch,
  UpdateJobPatch,
} from './types.js';
