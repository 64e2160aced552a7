/** One dependency's state in a `/ready` answer. */
export type CheckResult = 'up' | 'down';

/** `up` when `probe` resolves, `down` when it rejects: a readiness check never throws. */
export async function probe(check: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await check();
    return 'up';
  } catch {
    return 'down';
  }
}
