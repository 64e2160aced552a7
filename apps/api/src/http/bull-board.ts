import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { RunsQueue } from '@chronos/queue';
import type { Router } from 'express';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over the runs queue (schedulers, pending ticks, run-now jobs). One of the few places BullMQ
 * types may appear outside `@chronos/queue` (STYLE §3). Protected by auth once issue 6 lands.
 */
export function createBullBoardRouter(queue: RunsQueue): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queue)],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Chronos' } },
  });
  return serverAdapter.getRouter() as Router;
}
