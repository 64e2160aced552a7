export { createDb, type Db } from './create-db.js';
export { type DbProvider, redactDbUrl } from './db-url.js';
export type { MigrationStatus } from './migrate/create-migrator.js';
export { MigrationFailedError } from './migrate/migration-errors.js';
export type { CreateJobInput, Page, RecordRunInput, Setting, UpdateJobPatch } from './types.js';
