import type { PendingOutcome } from '@chronos/queue';
import { type Job as BullJob, DelayedError, UnrecoverableError, WaitingError } from 'bullmq';

/** How one delivery of a runs-queue job ended, from the execution's point of view. */
export type ProcessOutcome =
  /** Nothing more to do: the execution finished (any final status) or the delivery was a no-op. */
  | {
      kind: 'done';
      executionId: number | null;
      status: string;
      /** False when the job as read has no chained events: nothing to start, nothing to ask the database. */
      startsChain?: boolean;
    }
  /** The execution failed for good; BullMQ records the job as failed too (visible in Bull Board). */
  | {
      kind: 'failed';
      executionId: number;
      status: 'failed' | 'timed_out';
      message: string;
      isRetryable: boolean;
    }
  /** A transient failure with attempts left: the same BullMQ job comes back after `delayMs`. */
  | { kind: 'retry'; executionId: number | null; delayMs: number }
  /** Shutdown/cancel interrupted the attempt: the job goes back to `wait` for another worker. */
  | { kind: 'handed_back'; executionId: number }
  /** Another attempt owns the execution (this one lost its lock or the row): leave the queue job alone. */
  | { kind: 'superseded'; executionId: number }
  /** The attempt finished but the database did not take its outcome: kept with the queue job, retried. */
  | { kind: 'unrecorded'; executionId: number; pending: PendingOutcome; delayMs: number };

/** The job's return value when it completes (kept with `removeOnComplete`). */
export type ProcessResult = { executionId: number | null; status: string };

/**
 * The one error → BullMQ mapping of the worker (STYLE.md §5):
 * - not retryable (4xx, contract, bad input, timeout of the whole execution) → `UnrecoverableError`;
 * - retryable with attempts left → `moveToDelayed` + `DelayedError`: our attempts are counted on the
 *   execution row, not by BullMQ's `attempts`, so every attempt keeps the same row and BullMQ job id;
 * - retryable but exhausted → a plain Error (the job fails; with `attempts` > 1 a redelivery would find
 *   the row final and do nothing);
 * - interrupted → `moveToWait` + `WaitingError`, so another worker continues at once (no stall wait);
 * - superseded → `WaitingError` without a move: the job belongs to whoever holds its lock now (or, if nobody
 *   does, comes back through stalled-job recovery); BullMQ moves nothing after a `WaitingError`;
 * - unrecorded → the decision goes into the job's data (`pendingOutcome`), then `moveToDelayed`.
 */
export async function settleBullmqJob(
  job: BullJob,
  token: string | undefined,
  outcome: ProcessOutcome,
): Promise<ProcessResult> {
  switch (outcome.kind) {
    case 'done':
      return { executionId: outcome.executionId, status: outcome.status };
    case 'failed': {
      const message = `execution ${outcome.executionId} ${outcome.status}: ${outcome.message}`;
      if (!outcome.isRetryable || outcome.status === 'timed_out') throw new UnrecoverableError(message);
      throw new Error(message);
    }
    case 'retry':
      await job.moveToDelayed(Date.now() + outcome.delayMs, token);
      throw new DelayedError();
    case 'handed_back':
      await job.moveToWait(token);
      throw new WaitingError();
    case 'superseded':
      throw new WaitingError();
    case 'unrecorded':
      // Not completed: the outcome rides in the job's data until a redelivery writes it to the database.
      await job.updateData({ ...(job.data as object), pendingOutcome: outcome.pending });
      await job.moveToDelayed(Date.now() + outcome.delayMs, token);
      throw new DelayedError();
  }
}
