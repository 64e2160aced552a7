import type { Db } from '@chronos/db';
import type { ExecutionStatus } from '@chronos/jobs';
import {
  createRedisConnection,
  JOB_NAMES,
  publishExecutionEvent,
  QUEUE_NAMES,
  type RunNowPayload,
  toExecutionEvent,
} from '@chronos/queue';
import { Worker } from 'bullmq';

export type StandInOutcome = { status: ExecutionStatus; error?: string; publish: boolean };

/**
 * Plays the part of `apps/worker` (another process, which this app must not import) for run-now tests: a
 * real BullMQ Worker on the test's queue prefix that takes each run-now job, writes the execution row the
 * way the worker does, and (optionally) publishes the finished event.
 */
export async function startStandInWorker(options: {
  redisUrl: string;
  prefix: string;
  db: Db;
  outcome: StandInOutcome;
}): Promise<{ close(): Promise<void>; seen: RunNowPayload[] }> {
  const connection = createRedisConnection(options.redisUrl, 'worker');
  const publisher = createRedisConnection(options.redisUrl, 'client');
  const seen: RunNowPayload[] = [];
  const worker = new Worker<RunNowPayload>(
    QUEUE_NAMES.runs,
    async (job) => {
      if (job.name !== JOB_NAMES.runNow) return;
      seen.push(job.data);
      const startedAt = new Date();
      await options.db.executions.update(job.data.executionId, { status: 'running', startedAt });
      const finishedAt = new Date();
      const execution = await options.db.executions.update(job.data.executionId, {
        status: options.outcome.status,
        finishedAt,
        error: options.outcome.error ?? null,
        steps: [
          {
            method: 'POST',
            path: '/pipelines/pipeline-1/commands/sync/start',
            status: options.outcome.status === 'succeeded' ? 200 : 500,
            duration_ms: 3,
            message: null,
            at: startedAt.toISOString(),
          },
        ],
      });
      if (options.outcome.publish) {
        await publishExecutionEvent(
          publisher,
          options.prefix,
          toExecutionEvent('execution.finished', execution, finishedAt),
        );
      }
    },
    { connection, prefix: options.prefix },
  );
  await worker.waitUntilReady();
  return {
    seen,
    async close() {
      await worker.close();
      connection.disconnect();
      publisher.disconnect();
    },
  };
}
