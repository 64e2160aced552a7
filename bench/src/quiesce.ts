import type { ChildHandle } from './child-process.js';
import { sleep } from './wait-for.js';

/**
 * Waits until `child` has used less than `busyMs` of CPU over a `windowMs` window (or `timeoutMs` passed).
 * A load generator that stops leaves the server with requests in flight: the next measurement must not
 * start on top of that backlog.
 */
export async function waitForQuiet(
  child: ChildHandle,
  { windowMs = 300, busyMs = 15, timeoutMs = 120_000 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let before = child.readCpuMs();
  while (before !== undefined && Date.now() < deadline) {
    await sleep(windowMs);
    const after = child.readCpuMs();
    if (after === undefined || after - before < busyMs) return;
    before = after;
  }
}
