import { nextRuns, previousRun } from '@chronos/schedule';
import type { ExecutionStatus, Job } from './model.js';

/**
 * Why a tick was recorded `missed`: `late` by the live path (picked up after the misfire grace), the other
 * two by the gap detector (no tick was ever delivered). The text starts the execution's `error`; the code is
 * the `reason` label of `chronos_missed_ticks_total`.
 */
export const MISSED_REASONS = {
  late: 'missed: picked up',
  no_worker: 'missed: no worker ran while it was due',
  redis_unavailable: 'missed: Redis was unavailable while it was due',
} as const;
export type MissedReason = keyof typeof MISSED_REASONS;

/** The reason code of a `missed` execution's error (anything else counts as `late`, the live path's). */
export function missedReasonOf(error: string | null): MissedReason {
  for (const reason of ['no_worker', 'redis_unavailable'] as const) {
    if (error?.startsWith(MISSED_REASONS[reason])) return reason;
  }
  return 'late';
}

/**
 * A job's row is written before its scheduler (database first): a tick falling between the two writes was
 * never scheduled, so the detector starts this long after the schedule changed rather than report it.
 */
export const SCHEDULE_WRITE_SLACK_MS = 1000;

export type GapCheckJob = Pick<
  Job,
  'enabled' | 'cronExpression' | 'timezoneName' | 'misfireGraceSeconds' | 'scheduleChangedAt'
>;

/** What a gap-detection pass reads of each enabled job (the whole row only for a job with a gap). */
export type GapCheckTarget = GapCheckJob & Pick<Job, 'id' | 'catchup' | 'catchupWindowSeconds'>;

export type GapCheckOptions = {
  now: Date;
  /** How far back a pass looks at most. */
  windowMs: number;
  /** At most this many due ticks are looked at per job and pass; the next pass goes on from the last one. */
  maxTicks: number;
  /** Where the previous pass for this job stopped (null: unknown, e.g. Redis was flushed). */
  checkedUntil: Date | null;
};

export type GapCheck = {
  /** The due ticks to compare with the records, oldest first. */
  ticks: Date[];
  /** Where this pass stops: the next one starts strictly after it. */
  checkedUntil: Date;
};

/**
 * The due ticks a gap-detection pass looks at: strictly after the latest of (the window's start, the job's
 * last schedule change plus SCHEDULE_WRITE_SLACK_MS, where the last pass stopped), up to `now - misfire grace` (younger ticks still
 * belong to the live path, which may yet run them), walked with the schedule package's own next-run rule
 * (a repeated local hour fires once, a skipped one not at all: no phantom ticks), at most `maxTicks`.
 * A disabled job, or one whose stored cron no longer validates, has none.
 */
export function planGapCheck(job: GapCheckJob, options: GapCheckOptions): GapCheck {
  return createGapPlanner(options)(job, options.checkedUntil);
}

/** Where a job's check starts (exclusive) and ends (inclusive), in epoch millis. */
function gapCheckBounds(job: GapCheckJob, options: GapCheckOptions): { floor: number; cutoff: number } {
  return {
    cutoff: options.now.getTime() - job.misfireGraceSeconds * 1000,
    floor: Math.max(
      options.now.getTime() - options.windowMs,
      job.scheduleChangedAt.getTime() + SCHEDULE_WRITE_SLACK_MS,
      options.checkedUntil?.getTime() ?? Number.NEGATIVE_INFINITY,
    ),
  };
}

function walkDueTicks(
  job: Pick<GapCheckJob, 'cronExpression' | 'timezoneName'>,
  floor: number,
  cutoff: number,
  maxTicks: number,
): GapCheck {
  const ticks: Date[] = [];
  let from = new Date(floor);
  // Few ticks fall in one pass's stretch (a minute, for most jobs): ask the cron for a few, then more.
  let batchSize = 4;
  while (ticks.length < maxTicks) {
    const count = Math.min(batchSize, maxTicks - ticks.length);
    batchSize = Math.min(1000, batchSize * 4);
    let batch: Date[];
    try {
      batch = nextRuns(job.cronExpression, { timezone: job.timezoneName, from, count });
    } catch {
      return { ticks: [], checkedUntil: new Date(cutoff) };
    }
    for (const tick of batch) {
      if (tick.getTime() > cutoff) return { ticks, checkedUntil: new Date(cutoff) };
      ticks.push(tick);
    }
    const last = batch.at(-1);
    if (!last || batch.length < count) break;
    from = last;
  }
  // The limit stopped the walk: the next pass goes on from the last tick looked at.
  const last = ticks.at(-1);
  return { ticks, checkedUntil: ticks.length >= maxTicks && last ? last : new Date(cutoff) };
}

/**
 * `planGapCheck` for one pass over many jobs. A cadence's latest tick at or before a cutoff is found once per
 * pass, and a job whose check starts after it has nothing to walk: the usual case at rest, where a pass
 * over 100,000 jobs created at different moments (so with floors of their own) otherwise walked the cron
 * 100,000 times (88 % of a pass's CPU). Jobs that share a cadence and, as usual, were last checked by the
 * same pass (so their floor and cutoff are equal) share one walk. The returned plans are shared: read only.
 */
export function createGapPlanner(options: Omit<GapCheckOptions, 'checkedUntil'>) {
  const walks = new Map<string, GapCheck>();
  const latestTicks = new Map<string, number | null>();
  const latestTickBy = (job: GapCheckJob, cutoff: number): number | null => {
    const key = `${job.cronExpression}\u0000${job.timezoneName}\u0000${cutoff}`;
    let latest = latestTicks.get(key);
    if (latest === undefined) {
      try {
        // Strictly before the next millisecond: at or before the cutoff, as the walk's bound is inclusive.
        latest =
          previousRun(job.cronExpression, {
            timezone: job.timezoneName,
            before: new Date(cutoff + 1),
          })?.getTime() ?? null;
      } catch {
        latest = null; // A stored cron that no longer validates has no ticks (as walkDueTicks answers).
      }
      latestTicks.set(key, latest);
    }
    return latest;
  };
  return (job: GapCheckJob, checkedUntil: Date | null): GapCheck => {
    const { floor, cutoff } = gapCheckBounds(job, { ...options, checkedUntil });
    if (!job.enabled || floor >= cutoff) return { ticks: [], checkedUntil: new Date(cutoff) };
    const latest = latestTickBy(job, cutoff);
    if (latest === null || latest <= floor) return { ticks: [], checkedUntil: new Date(cutoff) };
    const key = `${job.cronExpression}\u0000${job.timezoneName}\u0000${floor}\u0000${cutoff}`;
    let walk = walks.get(key);
    if (!walk) {
      walk = walkDueTicks(job, floor, cutoff, options.maxTicks);
      walks.set(key, walk);
    }
    return walk;
  };
}

/** The ticks that no `schedule` execution records (those the detector records `missed`). */
export function unrecordedTicks(ticks: Date[], recorded: { scheduledFor: Date }[]): Date[] {
  const seen = new Set(recorded.map((row) => row.scheduledFor.getTime()));
  return ticks.filter((tick) => !seen.has(tick.getTime()));
}

/**
 * Which missed ticks run late under the job's policy, oldest first: none for `none`, the most recent for
 * `latest`, every one for `all` — only those no older than `catchupWindowSeconds` at `now`.
 */
export function catchupTicksOf(
  job: Pick<Job, 'catchup' | 'catchupWindowSeconds'>,
  missed: { scheduledFor: Date; status: ExecutionStatus }[],
  now: Date,
): Date[] {
  if (job.catchup === 'none') return [];
  const oldest = now.getTime() - job.catchupWindowSeconds * 1000;
  const inWindow = missed
    .filter((row) => row.status === 'missed' && row.scheduledFor.getTime() >= oldest)
    .map((row) => row.scheduledFor)
    .sort((a, b) => a.getTime() - b.getTime());
  if (job.catchup === 'all') return inWindow;
  const latest = inWindow.at(-1);
  return latest ? [latest] : [];
}
