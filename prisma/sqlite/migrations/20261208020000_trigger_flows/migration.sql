-- CreateTable
CREATE TABLE "trigger_flows" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "platform_event" TEXT,
    "routing" TEXT,
    "secret_token_hash" TEXT NOT NULL,
    "last_triggered" DATETIME,
    "last_successful_trigger" DATETIME,
    "last_error_message" TEXT,
    "last_trigger_error_time" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "trigger_flow_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "trigger_flow_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "task_type" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL DEFAULT '',
    "entity_ids" JSONB NOT NULL,
    "group_ids" JSONB NOT NULL,
    "with_snapshot" BOOLEAN NOT NULL DEFAULT false,
    "snapshot_write_method" TEXT NOT NULL DEFAULT 'UPSERT',
    "task_params" JSONB,
    "execution_mode" TEXT NOT NULL DEFAULT 'async',
    "allow_ai_run_loop" BOOLEAN NOT NULL DEFAULT false,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "trigger_flow_events_trigger_flow_id_fkey" FOREIGN KEY ("trigger_flow_id") REFERENCES "trigger_flows" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "trigger_flow_execution_logs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "trigger_flow_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "error_message" TEXT,
    "duration_ms" INTEGER,
    "plan" JSONB NOT NULL,
    "events_done" INTEGER NOT NULL DEFAULT 0,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "detail" JSONB,
    "triggered_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" DATETIME,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "trigger_flow_execution_logs_trigger_flow_id_fkey" FOREIGN KEY ("trigger_flow_id") REFERENCES "trigger_flows" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "trigger_flows_platform_event_idx" ON "trigger_flows"("platform_event");

-- CreateIndex
CREATE INDEX "trigger_flow_events_trigger_flow_id_position_idx" ON "trigger_flow_events"("trigger_flow_id", "position");

-- CreateIndex
CREATE INDEX "trigger_flow_execution_logs_trigger_flow_id_triggered_at_idx" ON "trigger_flow_execution_logs"("trigger_flow_id", "triggered_at" DESC);

-- CreateIndex
CREATE INDEX "trigger_flow_execution_logs_status_idx" ON "trigger_flow_execution_logs"("status");
