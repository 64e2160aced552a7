import { QUEUE_NAMES, tickQueueJobId } from '@chronos/queue';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board 9's page of the pending tick of job `jobId` (its router's `/queue/:name/:jobId`), under the
 * Chronos base URL. The tick is the one due at the job's `next_run`; a job without one (disabled) has no
 * scheduler, so no link.
 */
export function bullBoardSchedulerPath(jobId: number, nextRun: Date | null): string | null {
  if (!nextRun) return null;
  const queue = encodeURIComponent(QUEUE_NAMES.runs);
  return `${BULL_BOARD_PATH}/queue/${queue}/${encodeURIComponent(tickQueueJobId(jobId, nextRun.getTime()))}`;
}
