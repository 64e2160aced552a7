import { type ChronosConfig, loadConfig } from '@chronos/config';
import { type CoreHubClient, createCoreHubClient } from '@chronos/corehub';
import { createSimulator, type Simulator } from '@chronos/corehub-sim';
import type { CreateJobInput, Db } from '@chronos/db';
import { openTestDb, type TestDb } from '@chronos/db/testing';
import { type Execution, isFinalStatus, type Job } from '@chronos/jobs';
import { createLogger } from '@chronos/logger';
import type { RedisConnection } from '@chronos/queue';
import {
  createRedisConnection,
  createRunsQueue,
  enqueueRunNow,
  type RunsQueue,
  schedulerIdFor,
  syncJobSchedule,
} from '@chronos/queue';
import { createTestPrefix, deletePrefix, type RedisTopology, TEST_REDIS_URL } from '@chronos/queue/testing';
import { createWorkerRuntime, type WorkerRuntime, type WorkerTuning } from '../../src/index.js';
import { dailyCronAt, SCHEDULE_LEAD_MS, secondFromNow } from './cron.js';
import { type AppProcess, spawnApp, stopProcesses } from './processes.js';
import { waitFor } from './wait-for.js';

/** The demo fixture's pipeline with three entities in two groups (apps/corehub-sim/fixtures/demo.json). */
export const PIPELINE = '8aeb9fb6';
export const ENTITIES = ['98fd97b8', 'a3c1e2f0'] as const;
export const GROUP = 'g-orders';

/** Test timings: no pauses between entities, fast settle polling, short backoff and reconcile interval. */
export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    TIMEZONE: 'UTC',
    LOG_LEVEL: 'silent',
    REDIS_URL: TEST_REDIS_URL,
    ENTITY_START_TIMEOUT: '0',
    SETTLE_POLL_INTERVAL_SECONDS: '0.05',
    SETTLE_TIMEOUT_SECONDS: '5',
    RETRY_BACKOFF_MS: '50',
    RECONCILE_INTERVAL_SECONDS: '1',
    WORKER_CONCURRENCY: '4',
    SHUTDOWN_TIMEOUT_SECONDS: '5',
    COREHUB_REQUEST_TIMEOUT_MS: '5000',
    COREHUB_HEALTH_CHECK_INTERVAL_SECONDS: '0',
    AUTH_DISABLED: 'true',
    ...extra,
  };
}

/** Test tuning: a killed worker's task is picked up within ~3 s. */
export const FAST_TUNING: Partial<WorkerTuning> = { lockDurationMs: 2000, stalledIntervalMs: 1000 };

export type Harness = {
  db: Db;
  dbUrl: string;
  prefix: string;
  sim: Simulator;
  /** A client-role queue on the test prefix, as the API holds it. */
  queue: RunsQueue;
  redis: RedisConnection;
  /** The environment a worker or API process of this test gets. */
  env(extra?: Record<string, string>): Record<string, string>;
  config(extra?: Record<string, string>): ChronosConfig;
  /** An in-process worker runtime on this test's database, prefix and simulator (stopped on close). */
  startRuntime(options?: {
    env?: Record<string, string>;
    tuning?: Partial<WorkerTuning>;
  }): Promise<WorkerRuntime>;
  /** A worker (`apps/worker/src/main.ts`) or API process on this test's database, prefix and simulator. */
  spawn(app: 'worker' | 'api', extraEnv?: Record<string, string>): AppProcess;
  /** One reconcile pass of the first runtime started (database → Redis). */
  reconcile(): Promise<void>;
  createJob(input: Partial<CreateJobInput> & Pick<CreateJobInput, 'taskType'>): Promise<Job>;
  /** What the API's run-now does: a `manual` row in `queued`, then the queue job. */
  runNow(job: Job): Promise<Execution>;
  /** Writes the job's scheduler as the API does after a write. */
  schedule(job: Job): Promise<void>;
  /**
   * An enabled job with a daily cron whose next tick is a whole second a few seconds ahead, confirmed with
   * BullMQ (on a loaded machine a slow write could otherwise land after that second, making it tomorrow's).
   */
  scheduleOneOffTick(
    input: Partial<CreateJobInput> & Pick<CreateJobInput, 'taskType'>,
  ): Promise<{ job: Job; due: number }>;
  waitForFinal(executionId: number, timeoutMs?: number): Promise<Execution>;
  close(): Promise<void>;
};

/**
 * `redis`: a Sentinel or Cluster topology the test started; the harness, its runtimes and its processes all
 * use it (default: the machine's Redis at TEST_REDIS_URL).
 */
export async function createHarness(
  options: { provider?: 'postgresql' | 'sqlite'; redis?: RedisTopology | undefined } = {},
): Promise<Harness> {
  const testDb: TestDb = await openTestDb(options.provider ?? 'postgresql');
  const prefix = createTestPrefix({ hashTag: options.redis?.needsHashTag ?? false });
  const sim = await createSimulator({ behaviour: { migrationMs: 50 } });
  const runtimes: WorkerRuntime[] = [];
  const hubs: CoreHubClient[] = [];
  const processes: AppProcess[] = [];
  let closing: Promise<void> | undefined;
  const env = (extra: Record<string, string> = {}) =>
    testEnv({
      DB_URL: testDb.url,
      QUEUE_PREFIX: prefix,
      CORE_HUB_URL: sim.url,
      ...options.redis?.env,
      ...extra,
    });
  const config = (extra: Record<string, string> = {}) => loadConfig(env(extra));
  const redis = createRedisConnection(config().redis, 'client');
  const queue = createRunsQueue({ connection: redis, prefix });

  const harness: Harness = {
    db: testDb.db,
    dbUrl: testDb.url,
    prefix,
    sim,
    queue,
    redis,
    env,
    config,
    async startRuntime(runtimeOptions = {}) {
      const cfg = config(runtimeOptions.env);
      const logger = createLogger({ service: 'worker-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
      const hub = createCoreHubClient({
        // The simulator unless the test points this runtime elsewhere (e.g. at a port that refuses).
        url: cfg.corehub.url,
        moduleTag: cfg.corehub.moduleTag,
        modulePort: cfg.corehub.modulePort,
        moduleScheme: cfg.corehub.moduleScheme,
        requestTimeoutMs: cfg.corehub.requestTimeoutMs,
        healthCheckIntervalMs: 0,
        logger,
        isProduction: false,
      });
      hubs.push(hub);
      const runtime = createWorkerRuntime({
        config: cfg,
        logger,
        db: testDb.db,
        hub,
        tuning: { ...FAST_TUNING, ...runtimeOptions.tuning },
      });
      runtimes.push(runtime);
      await runtime.start();
      return runtime;
    },
    spawn(app, extraEnv = {}) {
      const spawned = spawnApp(
        app,
        // PORT is where an API listens (0: any free port); for a worker it is only the Module-Port it announces.
        env({ LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: app === 'api' ? '0' : '1717', ...extraEnv }),
        `${app}-${processes.length + 1}`,
      );
      processes.push(spawned);
      return spawned;
    },
    async reconcile() {
      const runtime = runtimes[0];
      if (!runtime) throw new Error('start a runtime first');
      await runtime.reconcileNow();
    },
    createJob(input) {
      return testDb.db.jobs.create({
        name: `job-${input.taskType}`,
        cronExpression: '0 0 1 1 *',
        timezoneName: 'UTC',
        pipelineId: PIPELINE,
        enabled: false,
        ...input,
      });
    },
    async runNow(job) {
      const { execution } = await testDb.db.executions.createIfAbsent({
        jobId: job.id,
        trigger: 'manual',
        scheduledFor: new Date(),
        status: 'queued',
      });
      await enqueueRunNow(queue, { jobId: job.id, executionId: execution.id });
      return execution;
    },
    async schedule(job) {
      await syncJobSchedule(queue, { ...job, enabled: true });
    },
    async scheduleOneOffTick(input) {
      let job = await harness.createJob({ ...input, enabled: false });
      for (let tries = 0; tries < 5; tries += 1) {
        const due = secondFromNow(SCHEDULE_LEAD_MS);
        job = await testDb.db.jobs.update(job.id, { cronExpression: dailyCronAt(due), enabled: true });
        await harness.schedule(job);
        const scheduler = await queue.getJobScheduler(schedulerIdFor(job.id));
        if (scheduler?.next === due) return { job, due };
      }
      throw new Error('could not schedule a tick ahead of time');
    },
    waitForFinal(executionId, timeoutMs = 20_000) {
      return waitFor(
        async () => {
          const execution = await testDb.db.executions.get(executionId);
          return isFinalStatus(execution.status) ? execution : undefined;
        },
        { what: `execution ${executionId} to finish`, timeoutMs },
      );
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
  return harness;

  async function closeAll(): Promise<void> {
    await stopProcesses(processes);
    await Promise.allSettled(runtimes.map((runtime) => runtime.stop()));
    await Promise.allSettled(hubs.map((hub) => hub.close()));
    await queue.close();
    redis.disconnect();
    await sim.stop();
    await deletePrefix(prefix, config().redis);
    await testDb.drop();
  }
}
