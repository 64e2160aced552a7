import path from 'node:path';
import { type BenchContext, NOOP_QUEUE } from './bench-context.js';
import { assertAlive, type ChildHandle, REPO_ROOT, spawnTsProcess } from './child-process.js';
import { findFreePort, waitForHttpOk } from './chronos-processes.js';
import { waitFor } from './wait-for.js';

export const NOOP_WORKER_ENTRY = path.join(REPO_ROOT, 'bench/src/baseline/noop-worker.mjs');
export const EXPRESS_ENTRY = path.join(REPO_ROOT, 'bench/src/baseline/express-server.mjs');

export function baseEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', NODE_ENV: 'production' };
}

/**
 * Starts `count` more baseline BullMQ worker processes and waits until BullMQ lists them all. By default a
 * no-op processor at the run's concurrency; `shape` gives each job a wait (a slow call) and its own
 * concurrency.
 */
export async function startBaselineWorkers(
  context: BenchContext,
  count: number,
  countWorkers: () => Promise<number>,
  shape: { concurrency?: number; jobWaitMs?: number } = {},
): Promise<ChildHandle[]> {
  const first = context.baselineWorkers.length;
  const started = Array.from({ length: count }, (_, index) => {
    const name = `noop-worker-${first + index + 1}`;
    return spawnTsProcess(
      name,
      NOOP_WORKER_ENTRY,
      {
        ...baseEnv(),
        REDIS_URL: context.redisUrl,
        BENCH_PREFIX: context.rawPrefix,
        BENCH_QUEUE: NOOP_QUEUE,
        BENCH_CONCURRENCY: String(shape.concurrency ?? context.options.concurrency),
        BENCH_JOB_WAIT_MS: String(shape.jobWaitMs ?? 0),
        BENCH_NAME: name,
      },
      context.workDir,
    );
  });
  context.baselineWorkers.push(...started);
  const expected = context.baselineWorkers.length;
  await waitFor(async () => (await countWorkers()) >= expected, {
    timeoutMs: 60_000,
    intervalMs: 200,
    what: `${expected} baseline workers`,
    guard: () => assertAlive(context.baselineWorkers),
  });
  return started;
}

export async function stopBaselineWorkers(context: BenchContext, keep: number): Promise<void> {
  const stopping = context.baselineWorkers.splice(keep);
  await Promise.all(stopping.map((child) => child.stop()));
}

/** Starts the bare Express server (bodies read from the context's file at its first request). */
export async function startBaselineExpress(context: BenchContext): Promise<void> {
  const port = await findFreePort();
  const child = spawnTsProcess(
    'bare-express',
    EXPRESS_ENTRY,
    { ...baseEnv(), PORT: String(port), BENCH_BODIES_FILE: context.bareExpressBodiesFile },
    context.workDir,
  );
  const url = `http://127.0.0.1:${port}`;
  context.bareExpress = { child, url };
  await waitForHttpOk(`${url}/health`, [child]);
}
