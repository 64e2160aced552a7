import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateApiToken } from '@chronos/auth';
import { createSimulator, loadDemoFixture, type Simulator } from '@chronos/corehub-sim';
import { createDb, type Db } from '@chronos/db';
import { createTestDatabase, type TestDatabase } from '@chronos/db/testing';
import { createLogger, type Logger } from '@chronos/logger';
import type { RedisConnection } from '@chronos/queue';
import { createRedisConnection, createRunsQueue, type RunsQueue } from '@chronos/queue';
import { deletePrefix } from '@chronos/queue/testing';
import { Queue } from 'bullmq';
import type { ChildHandle } from './child-process.js';
import type { BenchOptions } from './options.js';

/** The queue the plain-BullMQ baseline workers consume (never Chronos's runs queue). */
export const NOOP_QUEUE = 'bench-noop';

/** RSS samples (bytes) taken at the moments the scenarios pass through; absent when not taken. */
export type FootprintSamples = {
  idleApi?: { chronos?: number; baseline?: number };
  idleWorker?: { chronos?: number; baseline?: number };
  workerAfterRuns?: { chronos?: number; baseline?: number };
  apiAfterLoad?: { chronos?: number; baseline?: number };
};

/** Everything the scenarios share: the simulator, the run's database and key prefixes, the processes. */
export type BenchContext = {
  options: BenchOptions;
  redisUrl: string;
  sim: Simulator;
  /** A pipeline of the simulator's world: every bench job starts it (one CoreHub call per run). */
  pipelineId: string;
  database: TestDatabase;
  db: Db;
  /** QUEUE_PREFIX of the Chronos processes of this run. */
  prefix: string;
  /** Key prefix of the raw BullMQ baselines of this run. */
  rawPrefix: string;
  /** A commands connection (INFO, MEMORY USAGE). */
  redis: RedisConnection;
  /** The runs queue under `prefix`, as the API uses it. */
  runsQueue: RunsQueue;
  /** The queue the no-op baseline workers consume, under `rawPrefix`. */
  rawQueue: Queue;
  /** Process logs and the API's DATA_DIR. */
  workDir: string;
  /** Keep `workDir` at close (`--keep`, `--cpu-prof`, or set by main when a scenario failed). */
  keepsWorkDir: boolean;
  /** Where the Chronos processes write CPU profiles (`--cpu-prof`), else undefined. */
  cpuProfileDir: string | undefined;
  /** GLUESYNC_LICENSE_FILE of the Chronos processes (production mode requires one). */
  licenseFile: string;
  /** `Authorization` value accepted through API_TOKENS (ignored while the API has no auth). */
  authorization: string;
  apiTokensEnv: string;
  logger: Logger;
  /** Running children by role; scenarios add and remove. */
  chronosWorkers: ChildHandle[];
  baselineWorkers: ChildHandle[];
  api: ChildHandle | undefined;
  apiUrl: string | undefined;
  /** The bare Express baseline of scenario 3, and the file of Chronos bodies it answers with. */
  bareExpress: { child: ChildHandle; url: string } | undefined;
  bareExpressBodiesFile: string;
  footprint: FootprintSamples;
  /** Registers clean-up work; run last-in first-out by `close`. */
  defer(what: string, work: () => Promise<unknown>): void;
  progress(message: string): void;
  close(): Promise<void>;
};

/**
 * Opens a run: the simulator in-process (it answers at once: stop delays 0), a fresh PostgreSQL database
 * cloned from the migrated template, and fresh Redis key prefixes. `close` stops every child, drops the
 * database and deletes the keys unless `--keep`.
 */
export async function openBenchContext(options: BenchOptions, redisUrl: string): Promise<BenchContext> {
  const cleanups: { what: string; work: () => Promise<unknown> }[] = [];
  const started = Date.now();
  const progress = (message: string) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
    process.stderr.write(`[bench ${seconds}s] ${message}\n`);
  };
  const logger = createLogger({ service: 'bench', level: 'warn', destination: process.stderr });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-bench-'));
  const runId = randomUUID().slice(0, 8);
  const prefix = `bench-${runId}`;
  const rawPrefix = `bench-${runId}-raw`;

  const largest = Math.max(options.burstJobs, options.runs, 1000);
  const sim = await createSimulator({ port: 0, journalLimit: largest * 4 + 10_000 });
  cleanups.push({ what: 'simulator', work: () => sim.stop() });
  const database = await createTestDatabase('postgresql', { keep: options.isKept });
  cleanups.push({ what: 'database', work: () => database.drop() });
  const db = createDb({ url: database.url });
  cleanups.push({ what: 'database pool', work: () => db.close() });
  const redis = createRedisConnection(redisUrl, 'worker');
  cleanups.push({ what: 'redis', work: () => redis.quit().catch(() => redis.disconnect()) });
  const runsQueue = createRunsQueue({ connection: createRedisConnection(redisUrl, 'worker'), prefix });
  cleanups.push({
    what: 'runs queue',
    work: async () => {
      const connection = await runsQueue.client;
      await runsQueue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  });
  const rawQueue = new Queue(NOOP_QUEUE, {
    connection: createRedisConnection(redisUrl, 'worker'),
    prefix: rawPrefix,
  });
  cleanups.push({
    what: 'raw queue',
    work: async () => {
      const connection = await rawQueue.client;
      await rawQueue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  });
  if (!options.isKept) {
    cleanups.push({
      what: 'redis keys',
      work: () => Promise.all([deletePrefix(prefix, redisUrl), deletePrefix(rawPrefix, redisUrl)]),
    });
  }
  // Registered first, so it runs last, and reads the flag then: a failed run keeps the process logs.
  cleanups.unshift({
    what: 'work dir',
    work: async () => {
      if (!context.keepsWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
    },
  });
  if (options.isCpuProfiled) fs.mkdirSync(path.join(workDir, 'profiles'));
  const licenseFile = path.join(workDir, 'gs-license.dat');
  fs.writeFileSync(licenseFile, 'CHRONOS-BENCH-LICENSE\n');
  const token = generateApiToken('bench', 'SUPER_ADMIN');
  const pipelineId = loadDemoFixture().pipelines[0]?.id;
  if (!pipelineId) throw new Error('the simulator demo fixture has no pipeline');

  const context: BenchContext = {
    options,
    redisUrl,
    sim,
    pipelineId,
    database,
    db,
    prefix,
    rawPrefix,
    redis,
    runsQueue,
    rawQueue,
    workDir,
    keepsWorkDir: options.isKept || options.isCpuProfiled,
    cpuProfileDir: options.isCpuProfiled ? path.join(workDir, 'profiles') : undefined,
    licenseFile,
    authorization: `Bearer ${token.token}`,
    apiTokensEnv: token.entry,
    logger,
    chronosWorkers: [],
    baselineWorkers: [],
    api: undefined,
    apiUrl: undefined,
    bareExpress: undefined,
    bareExpressBodiesFile: path.join(workDir, 'api-bodies.json'),
    footprint: {},
    defer: (what, work) => cleanups.push({ what, work }),
    progress,
    async close() {
      // Children first (they hold connections to everything else), then the rest in reverse order.
      const children = [
        ...context.chronosWorkers,
        ...context.baselineWorkers,
        ...(context.api ? [context.api] : []),
        ...(context.bareExpress ? [context.bareExpress.child] : []),
      ];
      await Promise.allSettled(children.map((child) => child.stop()));
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup.work();
        } catch (error) {
          progress(
            `clean-up of ${cleanup.what} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      if (options.isKept)
        progress(`kept: database ${database.url}, prefixes ${prefix} / ${rawPrefix}, logs ${workDir}`);
    },
  };
  return context;
}
