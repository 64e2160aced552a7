/**
 * Bounded polling: waits for a condition instead of sleeping for a guessed time. The bound only turns a hang
 * into a readable failure; no test asserts how long anything took.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: {
    what: string;
    timeoutMs?: number;
    intervalMs?: number;
    /** Called once on timeout: what the test saw, to make the failure readable. */
    explain?: () => Promise<unknown> | unknown;
  },
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const suffix = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      const seen = options.explain ? `; saw ${JSON.stringify(await options.explain())}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what}${suffix}${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves once the wall clock has passed `instant` (for tests about a tick's due time). */
export async function waitUntil(instant: number): Promise<void> {
  while (Date.now() < instant) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, Math.max(1, instant - Date.now()))));
  }
}
