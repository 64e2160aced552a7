-- AlterTable
ALTER TABLE "scheduled_jobs" ADD COLUMN "task_params" JSONB;
