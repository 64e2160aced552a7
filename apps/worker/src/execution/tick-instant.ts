/**
 * Which instant a scheduler tick stands for.
 *
 * BullMQ 5 names every job a job scheduler produces `repeat:<schedulerId>:<dueMillis>` (JobScheduler
 * `getSchedulerNextJobId`) and stores the same due instant as `opts.prevMillis`. The id is deterministic:
 * it is the first half of Chronos's "one tick = one execution" guarantee (the unique execution key in the
 * database is the second). We read the instant from the id first and fall back to `prevMillis`, so a job
 * whose id format changes in a later BullMQ still resolves.
 */
const TICK_ID = /^repeat:.+:(\d+)$/;

export type TickJobFields = { id?: string; opts: { prevMillis?: number } };

/** The due instant (epoch millis) of a scheduler tick, or undefined when the job is not one. */
export function findTickDueMillis(job: TickJobFields): number | undefined {
  const match = job.id ? TICK_ID.exec(job.id) : null;
  if (match?.[1]) return Number(match[1]);
  const prev = job.opts.prevMillis;
  return typeof prev === 'number' && Number.isFinite(prev) && prev > 0 ? prev : undefined;
}
