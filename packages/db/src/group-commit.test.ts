import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.js';

/** A batch runner whose batches end when the test says so. */
function heldBatches() {
  const batches: Array<{ calls: number[]; finish: (error?: Error) => void }> = [];
  const run = (calls: readonly number[]) =>
    new Promise<Array<number | Error>>((resolve, reject) => {
      batches.push({
        calls: [...calls],
        finish: (error) =>
          error
            ? reject(error)
            : resolve(calls.map((call) => (call < 0 ? new Error(`bad ${call}`) : call * 10))),
      });
    });
  return { batches, run };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createGroupCommit', () => {
  it('sends a lone call at once and groups the calls made while its batch runs', async () => {
    const { batches, run } = heldBatches();
    const call = createGroupCommit(run);
    const first = call(1);
    await settle();
    expect(batches.map((batch) => batch.calls)).toEqual([[1]]);
    const waiting = [call(2), call(3)];
    await settle();
    const later = call(4);
    await settle();
    // Nothing more is sent while the first batch runs.
    expect(batches).toHaveLength(1);
    batches[0]?.finish();
    expect(await first).toBe(10);
    await settle();
    expect(batches.map((batch) => batch.calls)).toEqual([[1], [2, 3, 4]]);
    batches[1]?.finish();
    expect(await Promise.all([...waiting, later])).toEqual([20, 30, 40]);
  });

  it('fails one call for its own error and every call of a batch that throws', async () => {
    const { batches, run } = heldBatches();
    const call = createGroupCommit(run);
    const results = Promise.allSettled([call(1), call(-1)]);
    await settle();
    batches[0]?.finish();
    expect((await results).map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    const failed = Promise.allSettled([call(5), call(6)]);
    await settle();
    batches[1]?.finish(new Error('database unavailable'));
    expect((await failed).map((result) => result.status === 'rejected' && result.reason.message)).toEqual([
      'database unavailable',
      'database unavailable',
    ]);
    // The slot was given back: the next call goes at once.
    const next = call(7);
    await settle();
    batches[2]?.finish();
    expect(await next).toBe(70);
  });

  it('runs up to maxInFlight batches at once and bounds a batch by maxBatchSize', async () => {
    const { batches, run } = heldBatches();
    const call = createGroupCommit(run, { maxInFlight: 2, maxBatchSize: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((value) => call(value));
    await settle();
    expect(batches.map((batch) => batch.calls)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    batches[0]?.finish();
    await settle();
    expect(batches.map((batch) => batch.calls)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    batches[1]?.finish();
    batches[2]?.finish();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50, 60]);
  });
});
