-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_scheduled_jobs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "task_type" TEXT NOT NULL,
    "cron_expression" TEXT NOT NULL,
    "is_cron_expression" BOOLEAN NOT NULL DEFAULT false,
    "timezone_name" TEXT NOT NULL,
    "follows_default_timezone" BOOLEAN NOT NULL DEFAULT false,
    "pipeline_id" TEXT NOT NULL DEFAULT '',
    "entity_ids" JSONB NOT NULL,
    "group_ids" JSONB NOT NULL,
    "with_snapshot" BOOLEAN NOT NULL DEFAULT false,
    "snapshot_write_method" TEXT NOT NULL DEFAULT 'UPSERT',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "cron_job_identifier" TEXT NOT NULL,
    "concurrency_policy" TEXT NOT NULL DEFAULT 'forbid',
    "misfire_grace_seconds" INTEGER NOT NULL DEFAULT 60,
    "catchup" TEXT NOT NULL DEFAULT 'latest',
    "catchup_window_seconds" INTEGER NOT NULL DEFAULT 60,
    "max_attempts" INTEGER NOT NULL DEFAULT 3,
    "timeout_seconds" INTEGER NOT NULL DEFAULT 600,
    "version" INTEGER NOT NULL DEFAULT 1,
    "schedule_changed_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    "last_run" DATETIME,
    "last_successful_run" DATETIME,
    "last_error_message" TEXT,
    "last_run_error_time" DATETIME,
    "next_run" DATETIME,
    "last_status" TEXT
);
INSERT INTO "new_scheduled_jobs" ("concurrency_policy", "created_at", "cron_expression", "cron_job_identifier", "description", "enabled", "entity_ids", "follows_default_timezone", "group_ids", "id", "is_cron_expression", "last_error_message", "last_run", "last_run_error_time", "last_status", "last_successful_run", "max_attempts", "misfire_grace_seconds", "name", "next_run", "pipeline_id", "snapshot_write_method", "task_type", "timeout_seconds", "timezone_name", "updated_at", "version", "with_snapshot") SELECT "concurrency_policy", "created_at", "cron_expression", "cron_job_identifier", "description", "enabled", "entity_ids", "follows_default_timezone", "group_ids", "id", "is_cron_expression", "last_error_message", "last_run", "last_run_error_time", "last_status", "last_successful_run", "max_attempts", "misfire_grace_seconds", "name", "next_run", "pipeline_id", "snapshot_write_method", "task_type", "timeout_seconds", "timezone_name", "updated_at", "version", "with_snapshot" FROM "scheduled_jobs";
DROP TABLE "scheduled_jobs";
ALTER TABLE "new_scheduled_jobs" RENAME TO "scheduled_jobs";
CREATE UNIQUE INDEX "scheduled_jobs_cron_job_identifier_key" ON "scheduled_jobs"("cron_job_identifier");
CREATE INDEX "scheduled_jobs_task_type_idx" ON "scheduled_jobs"("task_type");
CREATE INDEX "scheduled_jobs_enabled_idx" ON "scheduled_jobs"("enabled");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Existing jobs keep today's behaviour: late runs only within their misfire grace.
UPDATE "scheduled_jobs" SET "catchup_window_seconds" = "misfire_grace_seconds";
