import { test as base } from 'vitest';
import { createHarness, type Harness } from './harness.js';

/**
 * `test` with a `harness` fixture: its own PostgreSQL database (cloned from the migrated template), its own
 * Redis prefix, its own simulator. Teardown stops every runtime it started, then deletes all of it.
 */
export const test = base.extend<{ harness: Harness }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their first argument
  harness: async ({}, use) => {
    const harness = await createHarness();
    try {
      await use(harness);
    } finally {
      await harness.close();
    }
  },
});
