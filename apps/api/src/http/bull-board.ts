import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { JOB_NAMES } from '@chronos/queue';
import { Router } from 'express';
import type { ApiDeps } from '../deps.js';

export const BULL_BOARD_PATH = '/admin/queues';

/** How long Bull Board's job names may lag behind a rename in the database. */
const NAMES_TTL_MS = 3000;

type QueueJobProps = { id?: string; name?: string; data?: { jobId?: unknown; executionId?: unknown } };

/** `Start orders sync (job 5) · run now, execution 12` instead of `schedule.fire` / `job.run-now`. */
function describeQueueJob(props: QueueJobProps, names: ReadonlyMap<number, string>): string {
  const jobId = typeof props.data?.jobId === 'number' ? props.data.jobId : undefined;
  if (jobId === undefined) return props.name ?? '';
  const title = `${names.get(jobId) ?? 'deleted job'} (job ${jobId})`;
  if (props.name === JOB_NAMES.runNow)
    return `${title} · run now, execution ${String(props.data?.executionId)}`;
  if (props.name === JOB_NAMES.scheduleFire) return `${title} · scheduled tick`;
  return `${title} · ${props.name ?? ''}`;
}

/**
 * Bull Board over the runs queue (schedulers, pending ticks, run-now jobs), read-only: the database is the
 * source of truth, and the board's retry/delete/promote would fight it (a retried run is not a run; a
 * deleted scheduler comes back with the reconciler). Queue jobs are named after the Chronos job they run.
 * One of the few places BullMQ types may appear outside `@chronos/queue` (STYLE §3).
 */
export function createBullBoardRouter(deps: Pick<ApiDeps, 'queue' | 'db'>): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  const adapter = new BullMQAdapter(deps.queue, {
    readOnlyMode: true,
    allowRetries: false,
    displayName: 'Chronos runs',
    description: 'Scheduler ticks and run-now requests (read-only: change jobs in the console or the API)',
  });
  let names = new Map<number, string>();
  let loadedAt = Number.NEGATIVE_INFINITY;
  adapter.setFormatter('name', (props: QueueJobProps) => describeQueueJob(props, names));
  createBullBoard({
    queues: [adapter],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Chronos' } },
  });

  const router = Router();
  // The formatter is synchronous: names are read before each of the board's data requests, at most every few
  // seconds.
  router.use('/api', async (_req, _res, next) => {
    if (Date.now() - loadedAt > NAMES_TTL_MS) {
      try {
        names = new Map((await deps.db.jobs.listNames()).map((job) => [job.id, job.name]));
        loadedAt = Date.now();
      } catch {
        // The board still shows ids while the database is down.
      }
    }
    next();
  });
  router.use(serverAdapter.getRouter() as Router);
  return router;
}
