import { MISSED_REASONS, nextRunOf, SCHEDULE_WRITE_SLACK_MS } from '@chronos/jobs';
import { deletePrefix, TEST_REDIS_URL } from '@chronos/queue/testing';
import { describe, expect } from 'vitest';
import { dailyCronAt, secondFromNow } from './helpers/cron.js';
import { test } from './helpers/fixtures.js';
import { PIPELINE } from './helpers/harness.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import { waitFor, waitUntil } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;
/** Fast gap passes; the rest of the worker as in every other test. */
const GAP_ENV = { GAP_CHECK_INTERVAL_SECONDS: '1', GAP_WINDOW_HOURS: '1' };

/*
 * Scaled down from the "every worker stopped for 3 minutes, a job every 10 s → 18 missed rows": no
 * worker for ~8 s with a job every 2 s (the same walk, a twentieth of the wait).
 */
describe('gap detection', () => {
  test('ticks due while no worker ran are recorded missed once, by two workers racing; a job created during the outage has none', async ({
    harness,
  }) => {
    const every2s = await harness.createJob({
      taskType: 'pipeline_stop',
      cronExpression: '*/2 * * * * *',
      enabled: true,
      misfireGraceSeconds: 1,
      catchup: 'none',
    });
    // Its scheduler is in Redis as the API wrote it, but no worker runs: BullMQ keeps one pending tick.
    await harness.schedule(every2s);
    await waitUntil(Date.now() + 4000);
    const createdDuringOutage = await harness.createJob({
      taskType: 'pipeline_stop',
      cronExpression: '* * * * * *',
      enabled: true,
      misfireGraceSeconds: 1,
      catchup: 'none',
    });
    await harness.schedule(createdDuringOutage);
    await waitUntil(Date.now() + 4000);

    // Two workers start at once: both make the start-up gap pass over the same ticks.
    const restartedAt = Date.now();
    const workers = [harness.spawn('worker', GAP_ENV), harness.spawn('worker', GAP_ENV)];
    await Promise.all(workers.map((worker) => worker.waitForLog('worker started')));

    // Every due tick from the job's creation until the restart leaves exactly one record.
    const due = dueTicks(every2s, afterScheduling(every2s), new Date(restartedAt));
    expect(due.length).toBeGreaterThanOrEqual(3);
    const records = await waitFor(
      async () => {
        const { items } = await harness.db.executions.list({ jobId: every2s.id, limit: 1000 });
        const recorded = new Set(items.map((row) => row.scheduledFor.getTime()));
        return due.every((tick) => recorded.has(tick.getTime())) ? items : undefined;
      },
      { what: 'every tick of the outage recorded' },
    );
    const dueSet = new Set(due.map((tick) => tick.getTime()));
    const inOutage = records.filter((row) => dueSet.has(row.scheduledFor.getTime()));
    expect(inOutage).toHaveLength(due.length);
    expect(inOutage.every((row) => row.trigger === 'schedule' && row.status === 'missed')).toBe(true);
    // The one tick BullMQ kept may be judged late by the live path; all the others were found by detection.
    const found = inOutage.filter((row) => row.error === MISSED_REASONS.no_worker);
    expect(found.length).toBeGreaterThanOrEqual(due.length - 1);
    // None of them ran.
    expect(inOutage.filter((row) => row.startedAt !== null)).toEqual([]);

    // The job created during the outage: its due ticks recorded, nothing before its creation.
    const createdDue = dueTicks(
      createdDuringOutage,
      afterScheduling(createdDuringOutage),
      new Date(restartedAt),
    );
    const created = await waitFor(
      async () => {
        const { items } = await harness.db.executions.list({ jobId: createdDuringOutage.id, limit: 1000 });
        const recorded = new Set(items.map((row) => row.scheduledFor.getTime()));
        return createdDue.every((tick) => recorded.has(tick.getTime())) ? items : undefined;
      },
      { what: 'the ticks of the job created during the outage' },
    );
    expect(created.filter((row) => row.scheduledFor <= createdDuringOutage.scheduleChangedAt)).toEqual([]);
  });

  test('Redis flushed: the ticks its lost scheduler never fired are recorded missed once the reconciler restores it', async ({
    harness,
  }) => {
    // A slow reconciler, so the scheduler stays lost for a few ticks.
    await harness.startRuntime({ env: { ...GAP_ENV, RECONCILE_INTERVAL_SECONDS: '3' } });
    const job = await harness.createJob({
      taskType: 'pipeline_stop',
      cronExpression: '* * * * * *',
      concurrencyPolicy: 'allow',
      enabled: true,
      misfireGraceSeconds: 1,
      catchup: 'none',
    });
    await harness.schedule(job);
    await waitFor(
      async () => (await harness.db.executions.list({ jobId: job.id, status: 'succeeded' })).total >= 2,
      {
        what: 'ticks before the flush',
      },
    );
    const flushedAt = Date.now();
    expect(await deletePrefix(harness.prefix)).toBeGreaterThan(0);
    const until = new Date(flushedAt + 6000);
    await waitUntil(until.getTime() + 2500);

    const { items } = await harness.db.executions.list({ jobId: job.id, limit: 1000 });
    const first = items.map((row) => row.scheduledFor).sort((a, b) => a.getTime() - b.getTime())[0];
    if (!first) throw new Error('no tick recorded');
    const recorded = new Set(items.map((row) => row.scheduledFor.getTime()));
    // No hole: every due tick from the first to a few seconds after the flush has its row.
    const holes = dueTicks(job, new Date(first.getTime() - 1), until).filter(
      (tick) => !recorded.has(tick.getTime()),
    );
    expect(holes).toEqual([]);
    const found = items.filter((row) => row.status === 'missed' && row.error === MISSED_REASONS.no_worker);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((row) => row.scheduledFor.getTime() >= flushedAt - 1000)).toBe(true);
  });

  test('Redis away: the ticks it could not fire are recorded missed, saying Redis was unavailable', async ({
    harness,
  }) => {
    const redis = new URL(TEST_REDIS_URL);
    const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    try {
      await harness.startRuntime({ env: { ...GAP_ENV, REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
      const job = await harness.createJob({
        taskType: 'pipeline_stop',
        cronExpression: '* * * * * *',
        concurrencyPolicy: 'allow',
        enabled: true,
        misfireGraceSeconds: 1,
        catchup: 'none',
      });
      await harness.schedule(job);
      await waitFor(
        async () => (await harness.db.executions.list({ jobId: job.id, status: 'succeeded' })).total >= 2,
        { what: 'ticks before the outage' },
      );
      proxy.setDown(true);
      await waitUntil(Date.now() + 4000);
      proxy.setDown(false);
      const restoredAt = new Date();

      const items = await waitFor(
        async () => {
          const page = await harness.db.executions.list({ jobId: job.id, limit: 1000 });
          const recorded = new Set(page.items.map((row) => row.scheduledFor.getTime()));
          const first = Math.min(...recorded);
          const holes = dueTicks(job, new Date(first - 1), restoredAt).filter(
            (tick) => !recorded.has(tick.getTime()),
          );
          return holes.length === 0 ? page.items : undefined;
        },
        { what: 'every tick of the Redis outage recorded', timeoutMs: 30_000 },
      );
      const unavailable = items.filter((row) => row.error === MISSED_REASONS.redis_unavailable);
      expect(unavailable.length).toBeGreaterThan(0);
      expect(unavailable.every((row) => row.status === 'missed' && row.startedAt === null)).toBe(true);
    } finally {
      await harness.close();
      await proxy.close();
    }
  });

  test('under `all` every missed tick within the window runs late, oldest first, one at a time', async ({
    harness,
  }) => {
    const job = await harness.createJob({
      taskType: 'pipeline_stop',
      cronExpression: '*/2 * * * * *',
      enabled: true,
      misfireGraceSeconds: 1,
      catchup: 'all',
      catchupWindowSeconds: 3600,
    });
    // No scheduler and no worker for a few ticks.
    await waitUntil(Date.now() + 7000);
    const restartedAt = new Date();
    const due = dueTicks(job, afterScheduling(job), new Date(restartedAt.getTime() - 1000));
    expect(due.length).toBeGreaterThanOrEqual(2);
    await harness.startRuntime({ env: GAP_ENV });

    const runs = await waitFor(
      async () => {
        const found = await Promise.all(
          due.map((tick) => harness.db.executions.findByKey(job.id, 'catchup', tick)),
        );
        return found.every((row) => row?.status === 'succeeded')
          ? found.flatMap((row) => (row ? [row] : []))
          : undefined;
      },
      { what: 'every missed tick run late', timeoutMs: 30_000 },
    );
    for (let i = 1; i < runs.length; i += 1) {
      const [before, after] = [runs[i - 1], runs[i]];
      if (!before?.finishedAt || !after?.startedAt) throw new Error('a catch-up run without its times');
      expect(after.startedAt.getTime()).toBeGreaterThanOrEqual(before.finishedAt.getTime());
    }
    for (const tick of due) {
      expect(await harness.db.executions.findByKey(job.id, 'schedule', tick)).toMatchObject({
        status: 'missed',
      });
    }
  });

  test('a daily tick that fell in an outage runs once, late, under `latest` and not under `none`; the missed row stays and shows on the job', async ({
    harness,
  }) => {
    // The daily tick a few seconds from now; no scheduler in Redis and no worker: it passes unseen.
    const tick = secondFromNow(2000);
    const daily = { taskType: 'pipeline_stop', cronExpression: dailyCronAt(tick), enabled: true };
    const policy = { misfireGraceSeconds: 1, catchupWindowSeconds: 3600 };
    const latest = await harness.createJob({ ...daily, ...policy, catchup: 'latest' });
    const none = await harness.createJob({ ...daily, ...policy, catchup: 'none' });
    await waitUntil(tick + 2000);
    expect(await harness.db.executions.list({})).toMatchObject({ total: 0 });

    // Two workers start at once: both detect, both apply the policy; the unique keys keep one of each.
    const workers = [harness.spawn('worker', GAP_ENV), harness.spawn('worker', GAP_ENV)];
    await Promise.all(workers.map((worker) => worker.waitForLog('worker started')));
    const catchup = await waitFor(
      () => harness.db.executions.findByKey(latest.id, 'catchup', new Date(tick)),
      {
        what: 'the catch-up run',
      },
    );
    expect(await harness.waitForFinal(catchup.id)).toMatchObject({ status: 'succeeded', trigger: 'catchup' });
    for (const job of [latest, none]) {
      expect(await harness.db.executions.findByKey(job.id, 'schedule', new Date(tick))).toMatchObject({
        status: 'missed',
        error: MISSED_REASONS.no_worker,
        startedAt: null,
      });
    }
    await waitFor(async () => (await harness.db.jobs.get(none.id)).lastStatus === 'missed', {
      what: "the `none` job's last status",
    });
    expect((await harness.db.jobs.get(latest.id)).lastStatus).toBe('succeeded');
    // Further passes of both workers run nothing more.
    await waitUntil(Date.now() + 2500);
    const rows = (await harness.db.executions.list({})).items;
    expect(rows.map((row) => `${row.jobId}:${row.trigger}:${row.status}`).sort()).toEqual(
      [`${latest.id}:catchup:succeeded`, `${latest.id}:schedule:missed`, `${none.id}:schedule:missed`].sort(),
    );
    expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(1);
  });
});

/** The due ticks of the job strictly after `from`, up to `until`, by the job's own next-run rule. */
function dueTicks(
  job: { enabled: boolean; cronExpression: string; timezoneName: string },
  from: Date,
  until: Date,
): Date[] {
  const ticks: Date[] = [];
  for (let next = nextRunOf(job, from); next && next <= until; next = nextRunOf(job, next)) ticks.push(next);
  return ticks;
}

/** Where a job's ticks start to count: its row is written a moment before its scheduler. */
function afterScheduling(job: { scheduleChangedAt: Date }): Date {
  return new Date(job.scheduleChangedAt.getTime() + SCHEDULE_WRITE_SLACK_MS);
}
