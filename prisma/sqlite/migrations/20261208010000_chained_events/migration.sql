-- CreateTable
CREATE TABLE "chained_job_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "parent_job_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "task_type" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL DEFAULT '',
    "entity_ids" JSONB NOT NULL,
    "group_ids" JSONB NOT NULL,
    "with_snapshot" BOOLEAN NOT NULL DEFAULT false,
    "snapshot_write_method" TEXT NOT NULL DEFAULT 'UPSERT',
    "task_params" JSONB,
    "execution_mode" TEXT NOT NULL DEFAULT 'async',
    "webhook_timeout_seconds" INTEGER NOT NULL DEFAULT 3600,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "chained_job_events_parent_job_id_fkey" FOREIGN KEY ("parent_job_id") REFERENCES "scheduled_jobs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "chain_steps" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "execution_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "event_id" INTEGER NOT NULL,
    "event" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "wait_started_at" DATETIME,
    "webhook_received_at" DATETIME,
    "started_at" DATETIME,
    "finished_at" DATETIME,
    "error" TEXT,
    "steps" JSONB NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "chain_steps_execution_id_fkey" FOREIGN KEY ("execution_id") REFERENCES "executions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "webhook_arrivals" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "event_id" INTEGER NOT NULL,
    "received_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "chained_job_events_parent_job_id_position_key" ON "chained_job_events"("parent_job_id", "position");

-- CreateIndex
CREATE INDEX "chain_steps_event_id_status_idx" ON "chain_steps"("event_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "chain_steps_execution_id_position_key" ON "chain_steps"("execution_id", "position");

-- CreateIndex
CREATE INDEX "webhook_arrivals_event_id_received_at_idx" ON "webhook_arrivals"("event_id", "received_at");
