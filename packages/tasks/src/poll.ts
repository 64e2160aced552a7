import type { PollBound, TaskContext } from './task-context.js';

/**
 * Calls `read` until `done` holds for its answer, pausing `intervalMs` between two reads, and throws
 * `onTimeout(last)` once `timeoutMs` of pauses ran out. The bound counts pauses, not clock time, so it is
 * exact and tests need no timers; the execution's `timeout_seconds` bounds the wall time. Honours the
 * attempt's signal (the pause rejects with its reason).
 */
export async function pollUntil<T>(
  ctx: TaskContext,
  bound: PollBound,
  read: () => Promise<T>,
  done: (answer: T) => boolean,
  onTimeout: (last: T) => Error,
): Promise<T> {
  const maxPolls = bound.intervalMs > 0 ? Math.floor(bound.timeoutMs / bound.intervalMs) + 1 : 1;
  for (let poll = 1; ; poll++) {
    const answer = await read();
    if (done(answer)) return answer;
    if (poll >= maxPolls) throw onTimeout(answer);
    ctx.logger.debug({ poll }, 'CoreHub not done yet; polling again');
    await ctx.sleep(bound.intervalMs, ctx.signal);
  }
}
