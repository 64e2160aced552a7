import fs from 'node:fs';
import { type ChronosConfig, loadConfig } from '@chronos/config';
import { createCoreHubClient } from '@chronos/corehub';
import { createDb, type Db } from '@chronos/db';
import { createTestDatabase } from '@chronos/db/testing';
import { createRedisConnection } from '@chronos/queue';
import { deletePrefix as deleteQueuePrefix } from '@chronos/queue/testing';
import { createWorkerRuntime, FULL_PASS_EVERY_MS, type WorkerRuntime } from '@chronos/worker';
import { Queue } from 'bullmq';
import type { BenchContext } from '../bench-context.js';
import { measurePrefixMemory, readUsedMemory } from '../redis-memory.js';
import type { BenchRow } from '../report-table.js';
import { pipelineStartJob, seedJobs } from '../seed-jobs.js';
import { mapConcurrent } from '../wait-for.js';

const SCENARIO = '4 reconcile';
const MIB = 1024 * 1024;
/** RECONCILE_INTERVAL_SECONDS's default: how often the periodic loop makes its pass. */
const DEFAULTS = loadConfig({ DB_URL: 'file:./unused.db' }).worker;
const RECONCILE_INTERVAL_MS = DEFAULTS.reconcileIntervalMs;
/** GAP_CHECK_INTERVAL_SECONDS's default: how often one worker of the fleet looks for dropped ticks. */
const GAP_INTERVAL_MS = DEFAULTS.gaps.intervalMs;

/**
 * Everyday schedules (every day or on weekdays, at minute and hour varied by job), none of them due in the
 * next six hours, so no tick fires while the bench runs. `hourBase` is the current UTC hour.
 */
function cronFor(index: number, hourBase: number): string {
  const hour = (hourBase + 6 + (Math.floor(index / 60) % 12)) % 24;
  return `${index % 60} ${hour} * * ${index % 2 === 0 ? '*' : '1-5'}`;
}

type Rebuild = { seconds: number; usedMemoryBytes: number; keyBytes: number; schedulers: number };

/** Chronos: the worker runtime's reconciler (`reconcileNow`) rebuilding every scheduler in emptied keys. */
async function rebuildWithChronos(
  context: BenchContext,
  runtime: WorkerRuntime,
  prefix: string,
  size: number,
): Promise<Rebuild> {
  await deleteQueuePrefix(prefix, context.redisUrl);
  const before = await readUsedMemory(context.redis);
  const startedAt = performance.now();
  const report = await runtime.reconcileNow();
  const seconds = (performance.now() - startedAt) / 1000;
  const after = await readUsedMemory(context.redis);
  const keys = await measurePrefixMemory(context.redis, prefix);
  const schedulers = report?.upserted.length ?? 0;
  if (schedulers !== size)
    throw new Error(`reconcile upserted ${schedulers} schedulers for ${size} enabled jobs`);
  return { seconds, usedMemoryBytes: after - before, keyBytes: keys.bytes, schedulers };
}

/** Baseline: raw `upsertJobScheduler` calls with the same patterns and payloads, many in flight. */
async function rebuildWithBullmq(
  context: BenchContext,
  prefix: string,
  size: number,
  hourBase: number,
): Promise<Rebuild> {
  const connection = createRedisConnection(context.redisUrl, 'worker');
  const queue = new Queue('bench-schedulers', { connection, prefix });
  try {
    const before = await readUsedMemory(context.redis);
    const indexes = Array.from({ length: size }, (_, index) => index);
    const startedAt = performance.now();
    await mapConcurrent(indexes, context.options.upsertsInFlight, (index) =>
      queue.upsertJobScheduler(
        `job-${index + 1}`,
        { pattern: cronFor(index, hourBase), tz: 'UTC' },
        {
          name: 'schedule.fire',
          data: { v: 1, jobId: index + 1, version: 1 },
          opts: { removeOnComplete: 1000, removeOnFail: 5000 },
        },
      ),
    );
    const seconds = (performance.now() - startedAt) / 1000;
    const after = await readUsedMemory(context.redis);
    const keys = await measurePrefixMemory(context.redis, prefix);
    return {
      seconds,
      usedMemoryBytes: after - before,
      keyBytes: keys.bytes,
      schedulers: await queue.getJobSchedulersCount(),
    };
  } finally {
    await queue.close();
    await connection.quit();
    await deleteQueuePrefix(prefix, context.redisUrl);
  }
}

type AtRest = { cheapMs: number; fullMs: number; cheapCpuMs: number; gapMs: number; gapCpuMs: number };

/** Mean wall and in-process CPU time of `count` passes. */
async function timePasses(
  count: number,
  pass: () => Promise<unknown>,
): Promise<{ wallMs: number; cpuMs: number }> {
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  for (let index = 0; index < count; index++) await pass();
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs: (performance.now() - startedAt) / count, cpuMs: (cpu.user + cpu.system) / 1000 / count };
}

/**
 * The steady cost of keeping `size` in-line jobs in line: the pass the periodic loop makes (`full: false`,
 * stopped by the in-line marker) against a full pass over the same in-line state (what every pass did
 * before the marker). Each must find nothing to repair.
 */
async function measureAtRest(runtime: WorkerRuntime): Promise<AtRest> {
  const assertNothingToDo = (report: Awaited<ReturnType<WorkerRuntime['reconcileNow']>>, pass: string) => {
    if (!report || report.pass !== pass || report.upserted.length > 0 || report.removed.length > 0)
      throw new Error(
        `an in-line ${pass} pass reported ${JSON.stringify({ ...report, upserted: report?.upserted.length })}`,
      );
  };
  const full = await timePasses(2, async () => assertNothingToDo(await runtime.reconcileNow(), 'full'));
  const cheap = await timePasses(20, async () =>
    assertNothingToDo(await runtime.reconcileNow({ full: false }), 'unchanged'),
  );
  // The gap detector's pass over the same jobs (none due, nothing missing): what a worker fleet spends every
  // GAP_CHECK_INTERVAL_SECONDS. The first one waits for the check the rebuild started in the background.
  await runtime.detectGapsNow();
  const gaps = await timePasses(2, async () => {
    const report = await runtime.detectGapsNow();
    if (!report || report.missed > 0 || report.catchups > 0)
      throw new Error(`an at-rest gap pass reported ${JSON.stringify(report)}`);
  });
  return {
    cheapMs: cheap.wallMs,
    fullMs: full.wallMs,
    cheapCpuMs: cheap.cpuMs,
    gapMs: gaps.wallMs,
    gapCpuMs: gaps.cpuMs,
  };
}

/** Wall time spent keeping in-line jobs in line per wall time elapsed, at the default cadences. */
function percentOfCore(atRest: AtRest): string {
  const passesPerFull = FULL_PASS_EVERY_MS / RECONCILE_INTERVAL_MS;
  const busyMs = atRest.cheapMs * (passesPerFull - 1) + atRest.fullMs;
  return `${((busyMs / FULL_PASS_EVERY_MS) * 100).toFixed(2)} %`;
}

function runtimeConfig(context: BenchContext, prefix: string, dbUrl: string): ChronosConfig {
  return loadConfig({
    TZ: 'UTC',
    DB_URL: dbUrl,
    REDIS_URL: context.redisUrl,
    QUEUE_PREFIX: prefix,
    CORE_HUB_URL: context.sim.url,
    // Only the measured passes: no periodic reconcile in between.
    RECONCILE_INTERVAL_SECONDS: '3600',
  });
}

async function openReconcileDb(context: BenchContext): Promise<{ db: Db; url: string }> {
  const database = await createTestDatabase('postgresql', { keep: context.options.isKept });
  context.defer('reconcile database', () => database.drop());
  const db = createDb({ url: database.url });
  context.defer('reconcile database pool', () => db.close());
  return { db, url: database.url };
}

/**
 * Scenario 4: time for Chronos's reconciler to rebuild the schedulers of `size` enabled jobs in an empty
 * Redis (as after a flush, or a first start), and the memory they take, for each size; against raw BullMQ
 * upserts of the same schedulers. Its own database, so the sizes are exact.
 */
export async function runReconcileScenario(context: BenchContext): Promise<BenchRow[]> {
  const { db, url } = await openReconcileDb(context);
  const prefix = `${context.prefix}-reconcile`;
  context.defer('reconcile keys', () => deleteQueuePrefix(prefix, context.redisUrl));
  const config = runtimeConfig(context, prefix, url);
  const hub = createCoreHubClient({
    url: context.sim.url,
    license: fs.readFileSync(context.licenseFile, 'utf8').trim(),
    moduleTag: config.corehub.moduleTag,
    modulePort: config.corehub.modulePort,
    moduleScheme: config.corehub.moduleScheme,
    requestTimeoutMs: config.corehub.requestTimeoutMs,
    healthCheckIntervalMs: 0,
    logger: context.logger,
    isProduction: false,
  });
  // Started on the empty database: its start-up pass has nothing to do, so every measured pass is explicit.
  const runtime = createWorkerRuntime({
    config,
    logger: context.logger,
    db,
    hub,
    workerId: 'bench-reconciler',
  });
  await runtime.start();
  const rows: BenchRow[] = [];
  const hourBase = new Date().getUTCHours();
  try {
    let seeded = 0;
    for (const size of [...context.options.reconcileSizes].sort((a, b) => a - b)) {
      context.progress(`reconcile: seeding ${size - seeded} enabled jobs (to ${size})`);
      await seedJobs(
        db,
        size - seeded,
        (index) =>
          pipelineStartJob(context.pipelineId, {
            name: `bench-reconcile-${seeded + index + 1}`,
            cronExpression: cronFor(seeded + index, hourBase),
          }),
        (done) => context.progress(`reconcile: ${seeded + done} seeded`),
      );
      seeded = size;
      context.progress(`reconcile: rebuilding ${size} schedulers`);
      const chronos = await rebuildWithChronos(context, runtime, prefix, size);
      const atRest = await measureAtRest(runtime);
      const baseline = await rebuildWithBullmq(context, `${context.rawPrefix}-reconcile`, size, hourBase);
      const sizeText = size.toLocaleString('en-US');
      const baselineIs = `raw upsertJobScheduler ×${sizeText}, ${context.options.upsertsInFlight} in flight`;
      rows.push(
        {
          scenario: SCENARIO,
          metric: `rebuild ${sizeText} schedulers (empty Redis)`,
          unit: 's',
          better: 'lower',
          chronos: chronos.seconds,
          baseline: baseline.seconds,
          baselineIs,
          note: `${Math.round(size / chronos.seconds).toLocaleString('en-US')} schedulers/s, one upsert at a time`,
        },
        {
          scenario: SCENARIO,
          metric: `Redis used_memory Δ, ${sizeText} schedulers`,
          unit: 'MiB',
          better: 'lower',
          chronos: chronos.usedMemoryBytes / MIB,
          baseline: baseline.usedMemoryBytes / MIB,
          baselineIs,
          note: `keys: ${(chronos.keyBytes / MIB).toFixed(1)} vs ${(baseline.keyBytes / MIB).toFixed(1)} MiB (MEMORY USAGE); ${Math.round(chronos.usedMemoryBytes / size)} B/scheduler`,
        },
        {
          scenario: SCENARIO,
          metric: `in-line pass, ${sizeText} jobs at rest`,
          unit: 'ms',
          better: 'lower',
          chronos: atRest.cheapMs,
          baseline: atRest.fullMs,
          baselineIs: 'a full pass over the same in-line jobs (every pass before the in-line marker)',
          note: `steady cost ${percentOfCore(atRest)} of one core: a pass every ${RECONCILE_INTERVAL_MS / 1000} s and a full one every ${FULL_PASS_EVERY_MS / 60_000} min (wall time, an upper bound; ${atRest.cheapCpuMs.toFixed(1)} ms CPU per pass in the worker)`,
        },
        {
          scenario: SCENARIO,
          metric: `gap-detection pass, ${sizeText} jobs at rest`,
          unit: 'ms',
          better: 'lower',
          chronos: atRest.gapMs,
          baseline: Number.NaN,
          baselineIs: 'none (no scheduler we compare with looks for dropped ticks)',
          note: `${((atRest.gapMs / GAP_INTERVAL_MS) * 100).toFixed(2)} % of one core at one pass every ${GAP_INTERVAL_MS / 1000} s (wall time; ${atRest.gapCpuMs.toFixed(0)} ms CPU per pass in the worker)`,
        },
      );
    }
  } finally {
    await runtime.stop();
  }
  return rows;
}
