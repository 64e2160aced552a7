import { UpstreamError } from '@chronos/errors';
import type { Execution } from '@chronos/jobs';
import { createLogger } from '@chronos/logger';
import type { RedisConnection } from '@chronos/queue';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createExecutionEventPublisher,
  createRedisConnection,
  createRunsQueue,
  enqueueRunNow,
  findJobSchedule,
  listJobSchedules,
  publishExecutionEvent,
  type RunsQueue,
  removeJobSchedule,
  subscribeExecutionEvents,
  upsertJobSchedule,
} from '../src/index.js';
import { createTestPrefix, deletePrefix, TEST_REDIS_URL } from '../src/testing.js';

let prefix: string;
let connection: RedisConnection;
let queue: RunsQueue;

beforeEach(() => {
  prefix = createTestPrefix();
  connection = createRedisConnection(TEST_REDIS_URL, 'client');
  queue = createRunsQueue({ connection, prefix });
});

afterEach(async () => {
  await queue.close();
  connection.disconnect();
  await deletePrefix(prefix);
});

describe('job schedulers in Redis', () => {
  it('writes a scheduler with the job pattern, its time zone and version, and one pending tick', async () => {
    await upsertJobSchedule(queue, { jobId: 1, pattern: '30 8 * * 1,3,5', tz: 'Europe/Rome', version: 1 });
    const { owned, foreign } = await listJobSchedules(queue);
    expect(owned).toEqual([{ jobId: 1, pattern: '30 8 * * 1,3,5', tz: 'Europe/Rome', version: 1 }]);
    expect(foreign).toEqual([]);
    expect(await queue.getDelayedCount()).toBe(1);
  });

  it('replaces the scheduler on a second upsert instead of adding one', async () => {
    await upsertJobSchedule(queue, { jobId: 1, pattern: '0 8 * * *', tz: 'UTC', version: 1 });
    await upsertJobSchedule(queue, { jobId: 1, pattern: '0 9 * * *', tz: 'UTC', version: 2 });
    const { owned } = await listJobSchedules(queue);
    expect(owned).toEqual([{ jobId: 1, pattern: '0 9 * * *', tz: 'UTC', version: 2 }]);
    expect(await queue.getDelayedCount()).toBe(1);
  });

  it('removes a scheduler and its pending tick; removing twice is harmless', async () => {
    await upsertJobSchedule(queue, { jobId: 4, pattern: '0 8 * * *', tz: 'UTC', version: 1 });
    await removeJobSchedule(queue, 4);
    await removeJobSchedule(queue, 4);
    expect((await listJobSchedules(queue)).owned).toEqual([]);
    expect(await queue.getDelayedCount()).toBe(0);
  });

  it('lists every scheduler in one read, past a thousand, and reads one back by job id', async () => {
    const count = 1200;
    for (let start = 1; start <= count; start += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          upsertJobSchedule(queue, { jobId: start + i, pattern: '0 8 * * *', tz: 'UTC', version: 1 }),
        ),
      );
    }
    const { owned } = await listJobSchedules(queue);
    expect(new Set(owned.map((scheduler) => scheduler.jobId)).size).toBe(count);
    expect(await findJobSchedule(queue, 7)).toEqual({
      jobId: 7,
      pattern: '0 8 * * *',
      tz: 'UTC',
      version: 1,
    });
    expect(await findJobSchedule(queue, count + 1)).toBeUndefined();
  });

  it('reports schedulers Chronos does not own separately', async () => {
    await queue.upsertJobScheduler('someone-else', { every: 60_000 });
    expect((await listJobSchedules(queue)).foreign).toEqual(['someone-else']);
  });

  it('queues a run-now once even when asked twice for the same execution', async () => {
    await enqueueRunNow(queue, { jobId: 1, executionId: 42 });
    await enqueueRunNow(queue, { jobId: 1, executionId: 42 });
    expect(await queue.getWaitingCount()).toBe(1);
  });
});

describe('when Redis is down', () => {
  it('fails fast with REDIS_UNAVAILABLE instead of hanging', async () => {
    const dead = createRedisConnection('redis://127.0.0.1:1', 'client');
    dead.on('error', () => {});
    const deadQueue = createRunsQueue({ connection: dead, prefix });
    deadQueue.on('error', () => {});
    const attempt = upsertJobSchedule(deadQueue, { jobId: 1, pattern: '0 8 * * *', tz: 'UTC', version: 1 });
    await expect(attempt).rejects.toBeInstanceOf(UpstreamError);
    await expect(attempt).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    await deadQueue.close().catch(() => {});
    dead.disconnect();
  });
});

describe('execution events', () => {
  it('delivers published events to subscribers of the same prefix only', async () => {
    const subscriber = createRedisConnection(TEST_REDIS_URL, 'worker');
    const publisher = createRedisConnection(TEST_REDIS_URL, 'worker');
    const received: number[] = [];
    const done = new Promise<void>((resolve) => {
      void subscribeExecutionEvents(subscriber, prefix, (event) => {
        received.push(event.executionId);
        if (event.executionId === 2) resolve();
      }).then(async () => {
        const base = {
          jobId: 1,
          status: 'running',
          trigger: 'schedule',
          scheduledFor: '2026-01-01T00:00:00Z',
          attempt: 1,
          at: '2026-01-01T00:00:00Z',
        } as const;
        await publishExecutionEvent(publisher, `${prefix}-other`, {
          ...base,
          type: 'execution.started',
          executionId: 99,
        });
        await publisher.publish(`${prefix}:events:executions`, 'not json');
        await publishExecutionEvent(publisher, prefix, {
          ...base,
          type: 'execution.started',
          executionId: 1,
        });
        await publishExecutionEvent(publisher, prefix, {
          ...base,
          type: 'execution.finished',
          executionId: 2,
        });
      });
    });
    await done;
    expect(received).toEqual([1, 2]);
    subscriber.disconnect();
    publisher.disconnect();
  });

  it('sends the events of one turn together and every event in the order it was published', async () => {
    const subscriber = createRedisConnection(TEST_REDIS_URL, 'worker');
    const publisher = createRedisConnection(TEST_REDIS_URL, 'worker');
    const sent: string[][] = [];
    const pipeline = publisher.pipeline.bind(publisher);
    // Counts the pipelines the publisher sends (each is one write to Redis).
    publisher.pipeline = ((...args: Parameters<typeof pipeline>) => {
      const batch = pipeline(...args);
      const publish = batch.publish.bind(batch);
      const messages: string[] = [];
      sent.push(messages);
      batch.publish = ((channel: string, message: string) => {
        messages.push(message);
        return publish(channel, message);
      }) as typeof batch.publish;
      return batch;
    }) as typeof publisher.pipeline;
    const publish = createExecutionEventPublisher({
      redis: publisher,
      prefix,
      logger: createLogger({ service: 'test', level: 'silent' }),
      now: () => new Date('2026-01-01T00:00:05Z'),
    });
    const execution = (id: number): Execution => ({
      id,
      jobId: 7,
      trigger: 'schedule',
      scheduledFor: new Date('2026-01-01T00:00:00Z'),
      queuedAt: new Date('2026-01-01T00:00:00Z'),
      startedAt: new Date('2026-01-01T00:00:01Z'),
      finishedAt: null,
      status: 'running',
      attempt: 1,
      workerId: 'w',
      error: null,
      steps: [],
    });
    const received: string[] = [];
    const done = new Promise<void>((resolve) => {
      void subscribeExecutionEvents(subscriber, prefix, (event) => {
        received.push(`${event.type} ${event.executionId}`);
        if (received.length === 4) resolve();
      }).then(() => {
        publish('execution.started', execution(1), { taskType: 'pipeline_start' });
        publish('execution.started', execution(2), { taskType: 'pipeline_start' });
        publish(
          'execution.finished',
          { ...execution(1), status: 'succeeded' },
          { taskType: 'pipeline_start' },
        );
        setImmediate(() =>
          publish(
            'execution.finished',
            { ...execution(2), status: 'failed' },
            { taskType: 'pipeline_start' },
          ),
        );
      });
    });
    await done;
    expect(received).toEqual([
      'execution.started 1',
      'execution.started 2',
      'execution.finished 1',
      'execution.finished 2',
    ]);
    expect(sent.map((messages) => messages.length)).toEqual([3, 1]);
    subscriber.disconnect();
    publisher.disconnect();
  });
});
