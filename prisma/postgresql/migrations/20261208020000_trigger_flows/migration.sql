-- CreateTable
CREATE TABLE "trigger_flows" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "platform_event" TEXT,
    "routing" TEXT,
    "secret_token_hash" TEXT NOT NULL,
    "last_triggered" TIMESTAMPTZ(3),
    "last_successful_trigger" TIMESTAMPTZ(3),
    "last_error_message" TEXT,
    "last_trigger_error_time" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "trigger_flows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trigger_flow_events" (
    "id" SERIAL NOT NULL,
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
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "trigger_flow_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trigger_flow_execution_logs" (
    "id" SERIAL NOT NULL,
    "trigger_flow_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "error_message" TEXT,
    "duration_ms" INTEGER,
    "plan" JSONB NOT NULL,
    "events_done" INTEGER NOT NULL DEFAULT 0,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "detail" JSONB,
    "triggered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "trigger_flow_execution_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "trigger_flows_platform_event_idx" ON "trigger_flows"("platform_event");

-- CreateIndex
CREATE INDEX "trigger_flow_events_trigger_flow_id_position_idx" ON "trigger_flow_events"("trigger_flow_id", "position");

-- CreateIndex
CREATE INDEX "trigger_flow_execution_logs_trigger_flow_id_triggered_at_idx" ON "trigger_flow_execution_logs"("trigger_flow_id", "triggered_at" DESC);

-- CreateIndex
CREATE INDEX "trigger_flow_execution_logs_status_idx" ON "trigger_flow_execution_logs"("status");

-- AddForeignKey
ALTER TABLE "trigger_flow_events" ADD CONSTRAINT "trigger_flow_events_trigger_flow_id_fkey" FOREIGN KEY ("trigger_flow_id") REFERENCES "trigger_flows"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trigger_flow_execution_logs" ADD CONSTRAINT "trigger_flow_execution_logs_trigger_flow_id_fkey" FOREIGN KEY ("trigger_flow_id") REFERENCES "trigger_flows"("id") ON DELETE CASCADE ON UPDATE CASCADE;
