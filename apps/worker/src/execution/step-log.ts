import type { Db } from '@chronos/db';
import type { Execution, ExecutionStep } from '@chronos/jobs';
import { AttemptSupersededError } from './attempt-failure.js';

/**
 * The steps of one attempt on their way to the row. A call's step is written before the next call is sent
 * (`flush`, one atomic append each) or with the attempt's closing write (`close` hands over the row's whole
 * list), so a one-call task writes its step in the same statement as its final status. A call that settles
 * after the close (one cut off by the timeout) is appended on its own, as every step used to be. A worker
 * that dies between a call's answer and the next write loses that call's step; its redelivery runs the
 * attempt again. Every append is fenced by the attempt: once another attempt took the row over, a flush
 * stops this one (`AttemptSupersededError`) and a late step is dropped.
 */
export type StepLog = {
  record(step: ExecutionStep): Promise<void>;
  flush(): Promise<void>;
  /** Every step of the row (those it had, those written since, those not written yet); later ones append. */
  close(): ExecutionStep[];
};

export function createStepLog(db: Db, execution: Execution): StepLog {
  const { attempt } = execution;
  const written: ExecutionStep[] = [...execution.steps];
  let pending: ExecutionStep[] = [];
  let isClosed = false;
  return {
    async record(step) {
      if (isClosed) await db.executions.appendStep(execution.id, step, attempt);
      else pending.push(step);
    },
    async flush() {
      const steps = pending;
      pending = [];
      for (const step of steps) {
        if (!(await db.executions.appendStep(execution.id, step, attempt)))
          throw new AttemptSupersededError();
        written.push(step);
      }
    },
    close() {
      isClosed = true;
      const all = [...written, ...pending];
      pending = [];
      return all;
    },
  };
}
