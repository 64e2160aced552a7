import { findJobSchedule, listJobSchedules, removeJobSchedule, upsertJobSchedule } from '@chronos/queue';
import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';

/*
 * The reconciler at rest (fleet-loops/reconciler.ts): a pass that finds the database and Redis as the last
 * full pass left them stops after one aggregate query and two Redis reads; every change that can put them
 * out of line brings the full pass back. A long interval keeps the periodic loop out of the way: every pass
 * here is explicit, `full: false` being what the loop runs.
 */
const QUIET = { RECONCILE_INTERVAL_SECONDS: '3600' };
const DAILY = '0 3 * * *';

describe('reconciler at rest', () => {
  test('skips the listing while nothing changed, and passes in full after any change', async ({
    harness,
  }) => {
    const runtime = await harness.startRuntime({ env: QUIET });
    const jobs = [];
    for (let index = 0; index < 3; index++) {
      jobs.push(await harness.createJob({ taskType: 'pipeline_stop', cronExpression: DAILY, enabled: true }));
    }
    const cheapPass = () => runtime.reconcileNow({ full: false });
    expect(await runtime.reconcileNow()).toMatchObject({ pass: 'full', upserted: jobs.map((job) => job.id) });
    expect(await cheapPass()).toEqual({ pass: 'unchanged', upserted: [], removed: [], foreign: 0 });
    expect(await cheapPass()).toMatchObject({ pass: 'unchanged' });

    const [first, second, third] = jobs as [(typeof jobs)[0], (typeof jobs)[0], (typeof jobs)[0]];
    // A database edit Redis was not told about (an API write while Redis was down): the version moved.
    await harness.db.jobs.update(first.id, { cronExpression: '0 4 * * *' });
    expect(await cheapPass()).toMatchObject({ pass: 'full', upserted: [first.id] });
    expect((await findJobSchedule(harness.queue, first.id))?.pattern).toBe('0 4 * * *');
    expect(await cheapPass()).toMatchObject({ pass: 'unchanged' });

    // A scheduler lost from Redis alone.
    await removeJobSchedule(harness.queue, second.id);
    expect(await cheapPass()).toMatchObject({ pass: 'full', upserted: [second.id] });

    // A job deleted while Redis kept its scheduler; a job disabled the same way.
    await harness.db.jobs.delete(third.id);
    expect(await cheapPass()).toMatchObject({ pass: 'full', removed: [third.id] });
    await harness.db.jobs.update(second.id, { enabled: false });
    expect(await cheapPass()).toMatchObject({ pass: 'full', removed: [second.id] });
    expect((await listJobSchedules(harness.queue)).owned.map((scheduler) => scheduler.jobId)).toEqual([
      first.id,
    ]);

    // A new job nobody scheduled.
    const fourth = await harness.createJob({
      taskType: 'pipeline_stop',
      cronExpression: DAILY,
      enabled: true,
    });
    expect(await cheapPass()).toMatchObject({ pass: 'full', upserted: [fourth.id] });
    expect(await cheapPass()).toMatchObject({ pass: 'unchanged' });
  });

  test('a scheduler rewritten behind its back keeps the count: the marker expires and the full pass repairs it', async ({
    harness,
  }) => {
    const runtime = await harness.startRuntime({ env: QUIET });
    const job = await harness.createJob({ taskType: 'pipeline_stop', cronExpression: DAILY, enabled: true });
    await runtime.reconcileNow();
    await upsertJobSchedule(harness.queue, {
      jobId: job.id,
      pattern: '0 5 * * *',
      tz: 'UTC',
      version: job.version,
    });
    // Same count, same database: the cheap pass cannot see it.
    expect(await runtime.reconcileNow({ full: false })).toMatchObject({ pass: 'unchanged' });
    const markers = await harness.redis.keys(`${harness.prefix}:*reconcile:in-line`);
    expect(markers).toHaveLength(1);
    const ttl = await harness.redis.pttl(markers[0] as string);
    // It expires after the full-pass cadence: five minutes, or the interval when that is longer (here).
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3600_000);
    await harness.redis.del(markers[0] as string);
    expect(await runtime.reconcileNow({ full: false })).toMatchObject({ pass: 'full', upserted: [job.id] });
    expect((await findJobSchedule(harness.queue, job.id))?.pattern).toBe(DAILY);
  });
});
