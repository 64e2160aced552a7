import type { Job as BullJob } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimLease,
  createRedisConnection,
  createRunsQueue,
  createRunsWorker,
  type ExecutionEvent,
  enqueueRunNow,
  leaseKey,
  listJobSchedules,
  publishExecutionEvent,
  type RedisConnection,
  type RunsQueue,
  readReconcileMarker,
  releaseLease,
  subscribeExecutionEvents,
  upsertJobSchedule,
  writeReconcileMarker,
} from '../src/index.js';
import {
  createTestPrefix,
  type RedisTopology,
  startRedisCluster,
  startRedisSentinel,
} from '../src/testing.js';

const EVENT: ExecutionEvent = {
  type: 'execution.finished',
  jobId: 7,
  executionId: 70,
  status: 'succeeded',
  trigger: 'manual',
  scheduledFor: '2026-12-01T00:00:00.000Z',
  attempt: 1,
  at: '2026-12-01T00:00:01.000Z',
};

async function within<T>(what: string, promise: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/*
 * Everything Chronos keeps in Redis, on the topologies it supports, through the connections
 * `createRedisConnection` builds for them: schedulers, run-now and a Worker taking it, the job counts Bull Board shows, leases, the reconcile
 * marker and the events channel (a duplicated subscriber, as the API's event hub holds it).
 */
describe.each([
  { name: 'Redis Cluster (3 primaries)', start: () => startRedisCluster(3) },
  { name: 'Redis Sentinel (primary, replica, 1 sentinel)', start: () => startRedisSentinel(1) },
])('the queue on $name', ({ start }) => {
  let topology: RedisTopology;
  let client: RedisConnection;
  let worker: RedisConnection;
  let queue: RunsQueue;
  let prefix: string;

  beforeAll(async () => {
    topology = await start();
    prefix = createTestPrefix({ hashTag: topology.needsHashTag });
    client = createRedisConnection(topology.target, 'client');
    worker = createRedisConnection(topology.target, 'worker');
    queue = createRunsQueue({ connection: worker, prefix });
  });

  afterAll(async () => {
    await queue?.close();
    client?.disconnect();
    worker?.disconnect();
    await topology?.stop();
  });

  it('writes and lists schedulers, runs a run-now on a Worker, and counts jobs as Bull Board does', async () => {
    await upsertJobSchedule(queue, { jobId: 1, pattern: '0 3 * * *', tz: 'Europe/Rome', version: 2 });
    expect((await listJobSchedules(queue)).owned).toEqual([
      { jobId: 1, pattern: '0 3 * * *', tz: 'Europe/Rome', version: 2 },
    ]);
    const processed: Array<BullJob['data']> = [];
    let done: () => void = () => undefined;
    const ran = new Promise<void>((resolve) => {
      done = resolve;
    });
    const runs = createRunsWorker(
      async (job) => {
        processed.push(job.data);
        done();
      },
      { connection: worker, prefix },
    );
    try {
      await enqueueRunNow(queue, { jobId: 1, executionId: 11 });
      await within('the run-now to be processed', ran);
    } finally {
      await runs.close();
    }
    expect(processed).toEqual([{ v: 1, jobId: 1, executionId: 11 }]);
    expect(await queue.getJobCounts('delayed', 'wait', 'active')).toEqual({ delayed: 1, wait: 0, active: 0 });
  });

  it('holds leases and the reconcile marker under the prefix', async () => {
    const key = leaseKey(prefix, 'reconcile');
    expect(await claimLease(client, key, 'a', 5000)).toBe('a');
    expect(await claimLease(client, key, 'b', 5000)).toBe('a');
    expect(await releaseLease(client, key, 'a')).toBe(true);
    expect(await claimLease(client, key, 'b', 5000)).toBe('b');
    await writeReconcileMarker(client, prefix, 'fingerprint|3', 5000);
    expect(await readReconcileMarker(client, prefix)).toBe('fingerprint|3');
  });

  it('delivers execution events to a duplicated subscriber', async () => {
    const subscriber = client.duplicate();
    try {
      // A client-role connection refuses commands until it is ready; the API's event hub waits the same way.
      await within('the subscriber to connect', new Promise((resolve) => subscriber.once('ready', resolve)));
      const received = new Promise<ExecutionEvent>((resolve) => {
        void subscribeExecutionEvents(subscriber, prefix, resolve).then(() =>
          publishExecutionEvent(client, prefix, EVENT),
        );
      });
      expect(await within('the event', received)).toEqual(EVENT);
    } finally {
      subscriber.disconnect();
    }
  });
});
