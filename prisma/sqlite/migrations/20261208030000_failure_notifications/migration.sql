-- CreateTable
CREATE TABLE "job_notifications" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "job_id" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "events" JSONB NOT NULL,
    "secret" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "job_notifications_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "scheduled_jobs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "notification_id" INTEGER,
    "job_id" INTEGER NOT NULL,
    "execution_id" INTEGER NOT NULL,
    "event" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "attempted_at" DATETIME NOT NULL,
    CONSTRAINT "notification_deliveries_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "job_notifications" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "notification_deliveries_execution_id_fkey" FOREIGN KEY ("execution_id") REFERENCES "executions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "job_notifications_job_id_idx" ON "job_notifications"("job_id");

-- CreateIndex
CREATE INDEX "notification_deliveries_job_id_attempted_at_idx" ON "notification_deliveries"("job_id", "attempted_at" DESC);

-- CreateIndex
CREATE INDEX "notification_deliveries_execution_id_idx" ON "notification_deliveries"("execution_id");

-- CreateIndex
CREATE INDEX "notification_deliveries_notification_id_execution_id_event_idx" ON "notification_deliveries"("notification_id", "execution_id", "event");

-- CreateIndex
CREATE INDEX "notification_deliveries_attempted_at_idx" ON "notification_deliveries"("attempted_at");
