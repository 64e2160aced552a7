import { withDbErrors } from '../db-errors.js';

/** Ids per DELETE: bounded, as a statement's parameters are. */
const PRUNE_BATCH = 500;

/**
 * Keeps the newest `keep` rows of each owner (a job's executions, a flow's logs): the owners with more than
 * that, each one's surplus ids (newest first, past `keep`), deleted a batch at a time by `deleteFinished`,
 * which must spare open rows. Returns how many were deleted.
 */
export async function pruneSurplus<Owner>(steps: {
  crowdedOwners: () => Promise<Owner[]>;
  surplusIdsOf: (owner: Owner) => Promise<number[]>;
  deleteFinished: (ids: number[]) => Promise<number>;
}): Promise<number> {
  let deleted = 0;
  for (const owner of await withDbErrors(steps.crowdedOwners)) {
    const ids = await withDbErrors(() => steps.surplusIdsOf(owner));
    for (let start = 0; start < ids.length; start += PRUNE_BATCH) {
      const batch = ids.slice(start, start + PRUNE_BATCH);
      deleted += await withDbErrors(() => steps.deleteFinished(batch));
    }
  }
  return deleted;
}
