import { listJobSchedules, removeJobSchedule } from '@chronos/queue';
import { type SentinelTopology, startRedisSentinel } from '@chronos/queue/testing';
import { describe, expect } from 'vitest';
import { EVERY_SECOND } from './helpers/cron.js';
import { startedTopology, test } from './helpers/fixtures.js';
import { PIPELINE } from './helpers/harness.js';
import { waitFor } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;
const TICKS_EACH_SIDE = 5;

describe('Redis Sentinel failover', () => {
  test.override({ redisTopology: startedTopology(() => startRedisSentinel(1)) });

  test('the primary is killed while a job ticks every second: Sentinel promotes the replica, workers follow, no tick runs twice, the schedules are all there', async ({
    harness,
    redisTopology,
  }) => {
    const sentinel = redisTopology as SentinelTopology;
    const ticking = await harness.createJob({
      taskType: 'pipeline_stop',
      cronExpression: EVERY_SECOND,
      enabled: true,
    });
    // Jobs that do not fire during the test: their schedulers must survive the failover.
    const quiet = await Promise.all(
      ['0 0 3 * * *', '0 30 4 1 * *'].map((cronExpression) =>
        harness.createJob({ taskType: 'pipeline_start', cronExpression, enabled: true }),
      ),
    );
    // Real worker processes, reaching Redis only through the sentinel; their start-up reconcile writes the schedulers.
    const workers = [1, 2].map(() => harness.spawn('worker', { WORKER_HTTP_PORT: '0' }));
    await Promise.all(workers.map((worker) => worker.waitForLog('worker started', 90_000)));

    const executions = async () =>
      [...(await harness.db.executions.list({ jobId: ticking.id, limit: 1000 })).items].sort(
        (a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime(),
      );
    await waitFor(async () => (await executions()).length >= TICKS_EACH_SIDE, {
      what: `${TICKS_EACH_SIDE} ticks before the failover`,
      timeoutMs: 30_000,
    });

    const killedAt = Date.now();
    sentinel.primary.kill('SIGKILL');
    await waitFor(async () => (await sentinel.currentPrimaryPort()) === sentinel.replica.port, {
      what: 'Sentinel to promote the replica',
      timeoutMs: 20_000,
    });
    const promotedAt = Date.now();
    // The first tick that started after the kill: the workers are writing to the new primary.
    const resumed = await waitFor(
      async () => (await executions()).find((execution) => (execution.startedAt?.getTime() ?? 0) > killedAt),
      { what: 'a tick after the failover', timeoutMs: 30_000 },
    );
    const resumedAt = resumed.startedAt?.getTime() ?? 0;
    await waitFor(
      async () =>
        (await executions()).filter((execution) => execution.scheduledFor.getTime() > resumedAt).length >=
        TICKS_EACH_SIDE,
      { what: `${TICKS_EACH_SIDE} ticks after the failover`, timeoutMs: 30_000 },
    );

    const schedules = await listJobSchedules(harness.queue);
    expect(schedules.owned.map((state) => state.jobId).sort()).toEqual(
      [ticking.id, ...quiet.map((job) => job.id)].sort(),
    );

    await harness.db.jobs.update(ticking.id, { enabled: false });
    await removeJobSchedule(harness.queue, ticking.id);
    await waitFor(async () => (await harness.db.executions.findRunning(ticking.id)) === null, {
      what: 'the last tick to finish',
    });

    const ticks = await executions();
    // Nothing ran twice: one row per instant (the unique key) and one CoreHub call per tick that ran.
    const instants = ticks.map((tick) => tick.scheduledFor.getTime());
    expect(new Set(instants).size).toBe(ticks.length);
    expect(ticks.filter((tick) => !['succeeded', 'skipped'].includes(tick.status))).toEqual([]);
    const ran = ticks.filter((tick) => tick.status === 'succeeded');
    expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(ran.length);
    // Nothing lost: every second from the first tick to the last has its execution, except seconds BullMQ never
    // fired (DESIGN §4: a scheduler keeps one pending tick and computes the next from the moment a tick starts).
    // Two causes only: the outage (no primary answered; the pending tick ran late once one did, within the
    // misfire grace), and a tick that itself started after the next second was due (a loaded machine).
    let outageSeconds = 0;
    let lateSeconds = 0;
    for (let i = 1; i < ticks.length; i += 1) {
      const before = ticks[i - 1] as (typeof ticks)[number];
      const after = (ticks[i] as (typeof ticks)[number]).scheduledFor.getTime();
      const skipped = (after - before.scheduledFor.getTime()) / 1000 - 1;
      if (skipped === 0) continue;
      const acrossOutage = before.scheduledFor.getTime() < resumedAt && after > killedAt - 1000;
      const startedLate = (before.startedAt ?? before.finishedAt ?? new Date(0)).getTime() >= after - 1000;
      expect({ gapAfter: before.scheduledFor, skipped, acrossOutage, startedLate }).toMatchObject(
        acrossOutage ? { acrossOutage: true } : { startedLate: true },
      );
      if (acrossOutage) outageSeconds += skipped;
      else lateSeconds += skipped;
    }
    // The tick due during the outage ran late, once, after the promotion.
    expect(
      ran.some(
        (tick) => tick.scheduledFor.getTime() > killedAt - 1000 && tick.scheduledFor.getTime() <= promotedAt,
      ),
    ).toBe(true);
    console.info(
      `sentinel failover: primary killed → replica promoted in ${promotedAt - killedAt} ms, first tick after ` +
        `${resumedAt - killedAt} ms; ${ticks.length} ticks, 0 run twice; seconds never fired: ${outageSeconds} ` +
        `during the outage, ${lateSeconds} after ticks that started late`,
    );
  }, 180_000);
});
