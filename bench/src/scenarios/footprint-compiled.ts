import fs from 'node:fs';
import path from 'node:path';
import { baseEnv, EXPRESS_ENTRY, NOOP_WORKER_ENTRY } from '../baseline-processes.js';
import { type BenchContext, NOOP_QUEUE } from '../bench-context.js';
import { type ChildHandle, REPO_ROOT, spawnTsProcess } from '../child-process.js';
import { chronosEnv, findFreePort, waitForHttpOk } from '../chronos-processes.js';
import { sleep, waitFor } from '../wait-for.js';

const COMPILED_API = path.join(REPO_ROOT, 'apps/api/dist/main.js');
const COMPILED_WORKER = path.join(REPO_ROOT, 'apps/worker/dist/main.js');

export type CompiledFootprint =
  | { kind: 'measured'; api: number; bareExpress: number; worker: number; bareWorker: number }
  | { kind: 'not-built' };

/**
 * Idle RSS of the api and worker as the images run them (compiled `dist/`, plain `node`, packages resolved
 * to their `dist/`), next to the same two baselines under plain `node`. Needs `pnpm build` first (CI builds
 * before its bench smoke); without it the scenario says so. Each process is started, left to settle, read
 * and stopped here, apart from the run's tsx processes.
 */
export async function measureCompiledFootprint(context: BenchContext): Promise<CompiledFootprint> {
  if (!fs.existsSync(COMPILED_API) || !fs.existsSync(COMPILED_WORKER)) return { kind: 'not-built' };
  const started: ChildHandle[] = [];
  const start = (name: string, entry: string, env: NodeJS.ProcessEnv) => {
    const child = spawnTsProcess(name, entry, env, context.workDir, { runtime: 'node' });
    started.push(child);
    return child;
  };
  try {
    const [apiPort, expressPort] = [await findFreePort(), await findFreePort()];
    const api = start('compiled-api', COMPILED_API, chronosEnv(context, { PORT: String(apiPort) }));
    const bareExpress = start('compiled-bare-express', EXPRESS_ENTRY, {
      ...baseEnv(),
      PORT: String(expressPort),
      BENCH_BODIES_FILE: context.bareExpressBodiesFile,
    });
    const workersBefore = await context.runsQueue.getWorkersCount();
    const rawWorkersBefore = await context.rawQueue.getWorkersCount();
    const worker = start('compiled-worker', COMPILED_WORKER, chronosEnv(context));
    const bareWorker = start('compiled-noop-worker', NOOP_WORKER_ENTRY, {
      ...baseEnv(),
      REDIS_URL: context.redisUrl,
      BENCH_PREFIX: context.rawPrefix,
      BENCH_QUEUE: NOOP_QUEUE,
      BENCH_CONCURRENCY: String(context.options.concurrency),
      BENCH_NAME: 'compiled-noop-worker',
    });
    await waitForHttpOk(`http://127.0.0.1:${apiPort}/ready`, started);
    await waitForHttpOk(`http://127.0.0.1:${expressPort}/health`, started);
    await waitFor(
      async () =>
        (await context.runsQueue.getWorkersCount()) > workersBefore &&
        (await context.rawQueue.getWorkersCount()) > rawWorkersBefore,
      { timeoutMs: 60_000, intervalMs: 200, what: 'the compiled workers on their queues' },
    );
    await sleep(context.options.settleMs);
    return {
      kind: 'measured',
      api: api.readRssBytes() ?? Number.NaN,
      bareExpress: bareExpress.readRssBytes() ?? Number.NaN,
      worker: worker.readRssBytes() ?? Number.NaN,
      bareWorker: bareWorker.readRssBytes() ?? Number.NaN,
    };
  } finally {
    await Promise.all(started.map((child) => child.stop()));
  }
}
