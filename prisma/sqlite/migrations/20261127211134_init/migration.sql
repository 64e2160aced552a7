-- CreateTable
CREATE TABLE "scheduled_jobs" (
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
    "max_attempts" INTEGER NOT NULL DEFAULT 3,
    "timeout_seconds" INTEGER NOT NULL DEFAULT 600,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    "last_run" DATETIME,
    "last_successful_run" DATETIME,
    "last_error_message" TEXT,
    "last_run_error_time" DATETIME,
    "next_run" DATETIME,
    "last_status" TEXT
);

-- CreateTable
CREATE TABLE "executions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "job_id" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "scheduled_for" DATETIME NOT NULL,
    "queued_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" DATETIME,
    "finished_at" DATETIME,
    "status" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "worker_id" TEXT,
    "error" TEXT,
    "steps" JSONB NOT NULL,
    CONSTRAINT "executions_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "scheduled_jobs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "settings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "value" TEXT,
    "description" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "scheduled_jobs_cron_job_identifier_key" ON "scheduled_jobs"("cron_job_identifier");

-- CreateIndex
CREATE INDEX "scheduled_jobs_task_type_idx" ON "scheduled_jobs"("task_type");

-- CreateIndex
CREATE INDEX "scheduled_jobs_enabled_idx" ON "scheduled_jobs"("enabled");

-- CreateIndex
CREATE INDEX "executions_job_id_scheduled_for_idx" ON "executions"("job_id", "scheduled_for" DESC);

-- CreateIndex
CREATE INDEX "executions_status_idx" ON "executions"("status");

-- CreateIndex
CREATE INDEX "executions_scheduled_for_idx" ON "executions"("scheduled_for");

-- CreateIndex
CREATE UNIQUE INDEX "executions_job_id_trigger_scheduled_for_key" ON "executions"("job_id", "trigger", "scheduled_for");

-- CreateIndex
CREATE UNIQUE INDEX "settings_key_key" ON "settings"("key");
