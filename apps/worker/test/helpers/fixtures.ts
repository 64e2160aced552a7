import type { RedisTopology } from '@chronos/queue/testing';
import { test as base } from 'vitest';
import { createHarness, type Harness } from './harness.js';

/**
 * `test` with a `harness` fixture: its own PostgreSQL database (cloned from the migrated template), its own
 * Redis prefix, its own simulator. Teardown stops every runtime it started, then deletes all of it.
 */
/** A `redisTopology` fixture that starts a topology for the test and stops it (by PID) afterwards, even on failure. */
export function startedTopology(start: () => Promise<RedisTopology>) {
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their first argument
  return async ({}, use: (topology: RedisTopology) => Promise<void>) => {
    const topology = await start();
    try {
      await use(topology);
    } finally {
      await topology.stop();
    }
  };
}

export const test = base.extend<{ redisTopology: RedisTopology | undefined; harness: Harness }>({
  /** The machine's Redis by default; a test overrides it with a Sentinel or Cluster it starts (and stops). */
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their first argument
  redisTopology: async ({}, use) => {
    await use(undefined);
  },
  harness: async ({ redisTopology }, use) => {
    const harness = await createHarness({ redis: redisTopology });
    try {
      await use(harness);
    } finally {
      await harness.close();
    }
  },
});
