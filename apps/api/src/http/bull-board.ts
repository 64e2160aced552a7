import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { JOB_NAMES, jobIdFromSchedulerId, tickDueMillis } from '@chronos/queue';
import { Router } from 'express';
import type { ApiDeps } from '../deps.js';
import { BULL_BOARD_PATH } from './bull-board-links.js';

export { BULL_BOARD_PATH } from './bull-board-links.js';

type QueueJobProps = {
  id?: string;
  name?: string;
  data?: { jobId?: unknown; executionId?: unknown };
  opts?: { prevMillis?: number };
};

/** `Start orders sync (job 5)`: what a person knows the job by. */
function titleOf(jobId: number, names: ReadonlyMap<number, string>): string {
  return `${names.get(jobId) ?? 'deleted job'} (job ${jobId})`;
}

/** `2026-12-08T00:00:00Z`: whole seconds are all a cron tick has. */
function utcInstant(millis: number): string {
  return new Date(millis).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * `Start orders sync (job 5) · run now, execution 12` or `… · tick due 2026-12-08T00:00:00Z` instead of
 * `job.run-now` / `schedule.fire`.
 */
function describeQueueJob(props: QueueJobProps, names: ReadonlyMap<number, string>): string {
  const jobId = typeof props.data?.jobId === 'number' ? props.data.jobId : undefined;
  if (jobId === undefined) return props.name ?? '';
  const title = titleOf(jobId, names);
  if (props.name === JOB_NAMES.runNow)
    return `${title} · run now, execution ${String(props.data?.executionId)}`;
  if (props.name === JOB_NAMES.scheduleFire) {
    const due = tickDueMillis({ id: props.id, opts: props.opts ?? {} });
    return due === undefined ? `${title} · scheduled tick` : `${title} · tick due ${utcInstant(due)}`;
  }
  return `${title} · ${props.name ?? ''}`;
}

/**
 * Bull Board has no formatter for its schedulers view, so the adapter renames them: `job-5` / `schedule.fire`
 * becomes `Start orders sync (job 5) · scheduler`. The id stays (the board links and keys rows by it).
 */
class ChronosRunsAdapter extends BullMQAdapter {
  constructor(
    queue: ConstructorParameters<typeof BullMQAdapter>[0],
    options: ConstructorParameters<typeof BullMQAdapter>[1],
    private readonly names: () => ReadonlyMap<number, string>,
  ) {
    super(queue, options);
  }

  override async getJobSchedulers(): ReturnType<BullMQAdapter['getJobSchedulers']> {
    const schedulers = await super.getJobSchedulers();
    return schedulers.map((scheduler) => {
      const jobId = jobIdFromSchedulerId(scheduler.id);
      return jobId === undefined
        ? scheduler
        : { ...scheduler, name: `${titleOf(jobId, this.names())} · scheduler` };
    });
  }
}

/**
 * Bull Board over the runs queue (schedulers, pending ticks, run-now jobs), read-only: the database is the
 * source of truth, and the board's retry/delete/promote would fight it (a retried run is not a run; a
 * deleted scheduler comes back with the reconciler). Queue jobs and schedulers are named after the Chronos job they run.
 * One of the few places BullMQ types may appear outside `@chronos/queue` (STYLE §3).
 */
export function createBullBoardRouter(deps: Pick<ApiDeps, 'queue' | 'db'>): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  let names = new Map<number, string>();
  let namesOf: string | undefined;
  const adapter = new ChronosRunsAdapter(
    deps.queue,
    {
      readOnlyMode: true,
      allowRetries: false,
      displayName: 'Chronos runs',
      description: 'Scheduler ticks and run-now requests (read-only: change jobs in the console or the API)',
    },
    () => names,
  );
  adapter.setFormatter('name', (props: QueueJobProps) => describeQueueJob(props, names));
  createBullBoard({
    queues: [adapter],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Chronos' } },
  });

  const router = Router();
  // The formatter is synchronous: names are read before each of the board's data requests, again only when
  // the jobs changed (a create, rename or delete changes the fingerprint: one aggregate, not every name).
  router.use('/api', async (_req, _res, next) => {
    try {
      const fingerprint = await deps.db.jobs.scheduleFingerprint();
      if (fingerprint !== namesOf) {
        names = new Map((await deps.db.jobs.listNames()).map((job) => [job.id, job.name]));
        namesOf = fingerprint;
      }
    } catch {
      // The board still shows ids while the database is down.
    }
    next();
  });
  router.use(serverAdapter.getRouter() as Router);
  return router;
}
