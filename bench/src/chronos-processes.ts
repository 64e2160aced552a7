import net from 'node:net';
import path from 'node:path';
import type { BenchContext } from './bench-context.js';
import { assertAlive, type ChildHandle, REPO_ROOT, spawnTsProcess } from './child-process.js';
import { waitFor } from './wait-for.js';

const WORKER_ENTRY = path.join(REPO_ROOT, 'apps/worker/src/main.ts');
const API_ENTRY = path.join(REPO_ROOT, 'apps/api/src/main.ts');

/** A free TCP port on loopback (closed again at once; the child binds it a moment later). */
export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * The environment of a Chronos process in this run. Built from scratch rather than inherited, so a
 * developer's DB_URL or QUEUE_PREFIX can never point the bench at real data. Production mode and defaults
 * everywhere except: the simulator as CoreHub (it accepts any license), a short shutdown, and the bench's
 * own log level and worker concurrency.
 */
export function chronosEnv(context: BenchContext, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    GLUESYNC_LICENSE_FILE: context.licenseFile,
    TZ: 'UTC',
    TIMEZONE: 'UTC',
    HOST: '127.0.0.1',
    DATA_DIR: context.workDir,
    DB_URL: context.database.url,
    REDIS_URL: context.redisUrl,
    QUEUE_PREFIX: context.prefix,
    CORE_HUB_URL: context.sim.url,
    LOG_LEVEL: context.options.logLevel,
    WORKER_CONCURRENCY: String(context.options.concurrency),
    API_TOKENS: context.apiTokensEnv,
    SHUTDOWN_TIMEOUT_SECONDS: '5',
    // Several workers share this host: each picks a free port for its health/metrics server.
    WORKER_HTTP_PORT: '0',
    ...extra,
  };
}

/**
 * Starts `count` more worker processes (`extraEnv` over the run's environment) and waits until BullMQ lists
 * them all on the runs queue.
 */
export async function startChronosWorkers(
  context: BenchContext,
  count: number,
  extraEnv: Record<string, string> = {},
): Promise<ChildHandle[]> {
  const first = context.chronosWorkers.length;
  const started = Array.from({ length: count }, (_, index) =>
    spawnTsProcess(
      `chronos-worker-${first + index + 1}`,
      WORKER_ENTRY,
      chronosEnv(context, extraEnv),
      context.workDir,
      {
        cpuProfileDir: context.cpuProfileDir,
      },
    ),
  );
  context.chronosWorkers.push(...started);
  const expected = context.chronosWorkers.length;
  await waitFor(async () => (await context.runsQueue.getWorkersCount()) >= expected, {
    timeoutMs: 90_000,
    intervalMs: 200,
    what: `${expected} Chronos workers on the runs queue`,
    guard: () => assertAlive(context.chronosWorkers),
  });
  return started;
}

/** Stops the most recently started workers until `keep` remain. */
export async function stopChronosWorkers(context: BenchContext, keep: number): Promise<void> {
  const stopping = context.chronosWorkers.splice(keep);
  await Promise.all(stopping.map((child) => child.stop()));
}

/** Starts the API process and waits for `/ready` (database and Redis answer). */
export async function startChronosApi(context: BenchContext): Promise<ChildHandle> {
  const port = await findFreePort();
  const api = spawnTsProcess(
    'chronos-api',
    API_ENTRY,
    chronosEnv(context, { PORT: String(port) }),
    context.workDir,
    { cpuProfileDir: context.cpuProfileDir },
  );
  context.api = api;
  context.apiUrl = `http://127.0.0.1:${port}`;
  await waitForHttpOk(`${context.apiUrl}/ready`, [api]);
  return api;
}

/** Polls `url` until it answers 2xx, failing early if one of `children` died. */
export async function waitForHttpOk(url: string, children: readonly ChildHandle[]): Promise<void> {
  await waitFor(
    async () => {
      try {
        const response = await fetch(url);
        await response.arrayBuffer();
        return response.ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: 90_000, intervalMs: 200, what: url, guard: () => assertAlive(children) },
  );
}
