import { type Execution, isFinalStatus } from '@chronos/jobs';
import type { ApiDeps } from '../../deps.js';

export type WaitOutcome = { execution: Execution; finished: boolean };

/**
 * Waits until execution `id` has finished, for at most `timeoutMs`. Every event about it from the hub
 * triggers a re-read of the row (the row, not the event, is the truth); a database poll every
 * `pollIntervalMs` covers events lost while Redis was down. On timeout it resolves with the row as it is.
 * An aborted `signal` (the client went away) ends the wait early the same way.
 */
export function waitForExecution(
  deps: Pick<ApiDeps, 'db' | 'events' | 'logger'>,
  id: number,
  options: { timeoutMs: number; pollIntervalMs?: number; signal?: AbortSignal },
): Promise<WaitOutcome> {
  return new Promise((resolve, reject) => {
    let done = false;
    let reading = false;
    // An event that arrives during a read must not be lost: read once more afterwards.
    let readAgain = false;
    const cleanups: Array<() => void> = [];

    const finish = (outcome: WaitOutcome | Error) => {
      if (done) return;
      done = true;
      for (const cleanup of cleanups) cleanup();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };

    const check = async () => {
      if (done) return;
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      readAgain = false;
      try {
        const execution = await deps.db.executions.get(id);
        if (isFinalStatus(execution.status)) finish({ execution, finished: true });
      } catch (error) {
        // A failed read is retried at the next poll; the final read at the deadline reports it.
        deps.logger.debug({ err: error, executionId: id }, 'execution re-read failed while waiting');
      } finally {
        reading = false;
      }
      if (readAgain) void check();
    };

    const giveUp = async () => {
      if (done) return;
      try {
        const execution = await deps.db.executions.get(id);
        finish({ execution, finished: isFinalStatus(execution.status) });
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    };

    cleanups.push(
      deps.events.subscribe((event) => {
        if (event.executionId === id) void check();
      }),
    );
    const poll = setInterval(() => void check(), options.pollIntervalMs ?? 1000);
    const deadline = setTimeout(() => void giveUp(), options.timeoutMs);
    cleanups.push(
      () => clearInterval(poll),
      () => clearTimeout(deadline),
    );
    if (options.signal) {
      const onAbort = () => void giveUp();
      options.signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => options.signal?.removeEventListener('abort', onAbort));
    }
    void check();
  });
}
