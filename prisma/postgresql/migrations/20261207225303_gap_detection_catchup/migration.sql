-- AlterTable
ALTER TABLE "scheduled_jobs" ADD COLUMN     "catchup" TEXT NOT NULL DEFAULT 'latest',
ADD COLUMN     "catchup_window_seconds" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "schedule_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Existing jobs keep today's behaviour: late runs only within their misfire grace.
UPDATE "scheduled_jobs" SET "catchup_window_seconds" = "misfire_grace_seconds";
