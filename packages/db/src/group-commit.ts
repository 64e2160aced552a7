import DataLoader from 'dataloader';

export type GroupCommitOptions = {
  /** Most calls one statement carries (bounded: a statement's size and parameters are). */
  maxBatchSize?: number;
  /** Batches running at once; calls made meanwhile wait and go together in the next one. */
  maxInFlight?: number;
};

/**
 * Group commit: calls made while a batch is running wait and go to the database together in the next
 * statement, so a burst of concurrent executions costs a round trip (and a commit) per batch instead of one
 * per call. An idle process sends a lone call at once (next tick), so a quiet path pays no added latency.
 * `runBatch` answers one result per call, in order (an `Error` fails that call only); when it throws, every
 * call of the batch fails with that error.
 */
export function createGroupCommit<Call, Result>(
  runBatch: (calls: readonly Call[]) => Promise<Array<Result | Error>>,
  options: GroupCommitOptions = {},
): (call: Call) => Promise<Result> {
  const maxInFlight = options.maxInFlight ?? 1;
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) process.nextTick(next);
    else inFlight -= 1;
  };
  const loader = new DataLoader<Call, Result, Call>(
    async (calls) => {
      try {
        return await runBatch(calls);
      } finally {
        release();
      }
    },
    {
      cache: false,
      maxBatchSize: options.maxBatchSize ?? 100,
      // DataLoader collects calls until `dispatch`: at once when a slot is free, else when a batch ends.
      batchScheduleFn: (dispatch) => {
        if (inFlight < maxInFlight) {
          inFlight += 1;
          process.nextTick(dispatch);
        } else {
          waiting.push(dispatch);
        }
      },
    },
  );
  return (call) => loader.load(call);
}
