import { startApi } from '@chronos/api';
import { ensureAdminToken } from '@chronos/auth';
import { type ChronosConfig, loadConfig } from '@chronos/config';
import { createLogger, type Logger } from '@chronos/logger';
import { waitForStopSignal } from '@chronos/runner';
import { type RunningWorker, startWorker } from '@chronos/worker';
import { Registry } from 'prom-client';
import type { CommandRun } from '../command.js';
import { type CoreHubChoice, chooseCoreHub, coreHubEnv } from '../start/choose-corehub.js';
import { describeDiscovery, quickStartEnv } from '../start/quick-start.js';
import { describeMissingRedis, isRedisAnswering } from '../start/redis-check.js';
import { formatStartBanner } from '../start/start-banner.js';

const NO_COREHUB = `chronos start: no CoreHub: CORE_HUB_URL (or GLUESYNC_HOST) is not set and nothing answered discovery.
Set CORE_HUB_URL=https://your-corehub:1717 (with GLUESYNC_LICENSE_FILE), or start without --no-demo to use the
built-in simulator.
`;

async function stopHub(choice: CoreHubChoice): Promise<void> {
  if (choice.kind === 'demo') await choice.simulator.stop();
}

/** Starts the API, then the worker, sharing one metrics registry; undoes what started if one fails. */
async function startBoth(config: ChronosConfig, logger: Logger) {
  const registry = new Registry();
  const api = await startApi(config, logger, { metricsRegistry: registry });
  let worker: RunningWorker;
  try {
    // The API already answers /health, /ready and /metrics (with the worker's series): no second server.
    // startApi migrated the database; a second migration would wait for the API's open SQLite connection.
    worker = await startWorker(config, logger, { registry, isHttpServerEnabled: false, isMigrated: true });
  } catch (error) {
    await api.stop();
    throw error;
  }
  return { api, worker };
}

/** `chronos start`: the quick start and small installs (DESIGN.md §1 single-process mode). */
export const runStart: CommandRun = async (context) => {
  const allowDemo = context.values['no-demo'] !== true;
  const env = quickStartEnv(context.env);
  const initial = loadConfig(env);
  const logger = createLogger({
    service: 'chronos',
    level: initial.logging.level,
    pretty: initial.logging.pretty,
  });
  for (const notice of initial.notices) logger.warn(notice);
  if (!(await isRedisAnswering(initial.redis))) {
    context.stderr.write(describeMissingRedis(initial.redis.url));
    return 1;
  }
  const stopSignal = waitForStopSignal();
  if (!initial.corehub.url) context.stdout.write(`${describeDiscovery(initial.corehub.discovery)}\n`);
  const hub = await chooseCoreHub(initial, logger, { allowDemo });
  if (hub.kind === 'none') {
    context.stderr.write(NO_COREHUB);
    return 1;
  }
  if (hub.kind === 'demo') {
    logger.warn(
      { url: hub.url },
      'no corehub configured or discovered: demo mode with the built-in simulator (set CORE_HUB_URL for a real one)',
    );
  }
  const config = loadConfig({ ...env, ...coreHubEnv(hub) });
  // Before the API's own call, so that this start knows whether it created the token (printed once).
  const adminToken = ensureAdminToken(config.dataDir);
  let started: Awaited<ReturnType<typeof startBoth>>;
  try {
    started = await startBoth(config, logger);
  } catch (error) {
    await stopHub(hub);
    throw error;
  }
  context.stdout.write(
    formatStartBanner({
      apiUrl: started.api.url,
      listening: started.api.listening,
      databaseUrl: config.database.url,
      redisUrl: config.redis.url,
      corehub: hub,
      adminToken,
      cwd: process.cwd(),
    }),
  );
  const signal = await stopSignal;
  logger.info({ signal }, 'shutdown requested');
  // API first (no new requests; run-now waits still see their executions finish), then the worker drains.
  await started.api.stop();
  await started.worker.stop();
  await stopHub(hub);
  logger.info('chronos stopped');
  return 0;
};
