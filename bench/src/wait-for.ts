export type WaitOptions = {
  timeoutMs: number;
  intervalMs?: number;
  /** Named in the timeout error. */
  what: string;
  /** Checked between polls; throws to abort the wait (e.g. a child process died). */
  guard?: () => void;
};

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true; throws `timed out waiting for <what>` after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean> | boolean, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    options.guard?.();
    if (await check()) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${options.what}`,
      );
    }
    await sleep(options.intervalMs ?? 250);
  }
}

/** Sleeps until the wall clock reaches `instantMs` (returns at once when it has passed). */
export async function sleepUntil(instantMs: number): Promise<void> {
  const remaining = instantMs - Date.now();
  if (remaining > 0) await sleep(remaining);
}

/** Runs `work` over `items` with at most `limit` calls in flight; results keep the items' order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}
