import { type RedisTopology, startRedisCluster } from '@chronos/queue/testing';
import { describe, expect } from 'vitest';
import { EVERY_SECOND } from './helpers/cron.js';
import { startedTopology, test } from './helpers/fixtures.js';
import { PIPELINE } from './helpers/harness.js';
import { waitFor } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;
const RUN_FOR_MS = 20_000;

async function callApi(url: string, method: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const payload = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status}: ${JSON.stringify(payload)}`);
  return payload;
}

/** The same test on the machine's Redis and on a Redis Cluster of three primaries the test starts. */
const TOPOLOGIES: Array<{ name: string; start?: () => Promise<RedisTopology> }> = [
  { name: 'one Redis' },
  { name: 'Redis Cluster', start: () => startRedisCluster(3) },
];

describe.each(TOPOLOGIES)('exactly once across replicas ($name)', ({ start }) => {
  if (start) test.override({ redisTopology: startedTopology(start) });

  test('three worker and two api processes: a job firing every second for 20 s runs once per tick, no gaps, no duplicate calls', async ({
    harness,
  }) => {
    const workers = [1, 2, 3].map(() => harness.spawn('worker'));
    const apis = [1, 2].map(() => harness.spawn('api'));
    await Promise.all(workers.map((worker) => worker.waitForLog('worker started')));
    const [first, second] = await Promise.all(apis.map((api) => api.waitForLog('api listening')));
    const created = await callApi(`${String(first?.url)}/api/jobs`, 'POST', {
      name: 'every second',
      task_type: 'pipeline_stop',
      cron_expression: EVERY_SECOND,
      timezone: 'UTC',
      pipeline_id: PIPELINE,
      enabled: true,
    });
    const jobId = Number(created.id);

    const firstTick = await waitFor(
      async () => (await harness.db.executions.list({ jobId, limit: 1000 })).items.at(-1)?.scheduledFor,
      { what: 'the first tick' },
    );
    await waitFor(
      async () => {
        const newest = (await harness.db.executions.list({ jobId, limit: 1 })).items[0];
        return newest && newest.scheduledFor.getTime() - firstTick.getTime() >= RUN_FOR_MS;
      },
      { what: `${RUN_FOR_MS / 1000} s of ticks`, timeoutMs: RUN_FOR_MS + 30_000 },
    );
    // Disabled through the other API replica: its scheduler goes, the last tick drains.
    await callApi(`${String(second?.url)}/api/jobs/${jobId}/status`, 'PATCH', { enabled: false });
    await waitFor(async () => (await harness.db.executions.findRunning(jobId)) === null, {
      what: 'the last tick to finish',
    });

    const { items, total } = await harness.db.executions.list({ jobId, limit: 1000 });
    const ticks = [...items].sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime());
    expect(total).toBeGreaterThanOrEqual(RUN_FOR_MS / 1000);
    for (let i = 1; i < ticks.length; i += 1) {
      expect(ticks[i]!.scheduledFor.getTime() - ticks[i - 1]!.scheduledFor.getTime()).toBe(1000);
    }
    expect(ticks.every((tick) => tick.trigger === 'schedule')).toBe(true);
    expect(ticks.filter((tick) => !['succeeded', 'skipped'].includes(tick.status))).toEqual([]);
    const ran = ticks.filter((tick) => tick.status === 'succeeded');
    expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(ran.length);
    // The work was shared: more than one worker process ran ticks.
    expect(new Set(ran.map((tick) => tick.workerId)).size).toBeGreaterThan(1);
  }, 150_000); // five processes start before 20 s of ticks: minutes on a loaded 2-core machine
});
