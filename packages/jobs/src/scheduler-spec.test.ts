import { describe, expect, it } from 'vitest';
import { firesOnSchedule, planReconcile, type SchedulerState, schedulerSpecOf } from './scheduler-spec.js';

const job = (
  id: number,
  version = 1,
  cronExpression = '0 8 * * *',
  timezoneName = 'UTC',
  enabled = true,
) => ({
  id,
  version,
  cronExpression,
  timezoneName,
  enabled,
});
const spec = (...args: Parameters<typeof job>) => {
  const wanted = schedulerSpecOf(job(...args));
  if (!wanted) throw new Error('test job is disabled');
  return wanted;
};
const held = (
  jobId: number,
  version: number | undefined = 1,
  pattern = '0 8 * * *',
  tz = 'UTC',
): SchedulerState => ({ jobId, version, pattern, tz });

describe('schedulerSpecOf', () => {
  it('gives an enabled job its cron, zone and version', () => {
    expect(schedulerSpecOf(job(4, 3, '*/5 * * * *', 'Europe/Rome'))).toEqual({
      jobId: 4,
      pattern: '*/5 * * * *',
      tz: 'Europe/Rome',
      version: 3,
    });
  });

  it('gives a disabled job no scheduler', () => {
    expect(schedulerSpecOf(job(4, 3, '0 8 * * *', 'UTC', false))).toBeNull();
  });
});

describe('firesOnSchedule', () => {
  it('matches on cron and zone, whatever the version', () => {
    expect(
      firesOnSchedule(
        { pattern: '0 8 * * *', tz: 'UTC' },
        { cronExpression: '0 8 * * *', timezoneName: 'UTC' },
      ),
    ).toBe(true);
    expect(
      firesOnSchedule(
        { pattern: '0 9 * * *', tz: 'UTC' },
        { cronExpression: '0 8 * * *', timezoneName: 'UTC' },
      ),
    ).toBe(false);
    expect(
      firesOnSchedule(
        { pattern: '0 8 * * *', tz: 'Europe/Rome' },
        { cronExpression: '0 8 * * *', timezoneName: 'UTC' },
      ),
    ).toBe(false);
  });
});

describe('planReconcile', () => {
  it('creates schedulers that Redis lost (a flushed Redis gets every job back)', () => {
    expect(planReconcile([spec(1), spec(2)], [])).toEqual({ upserts: [spec(1), spec(2)], removals: [] });
  });

  it('leaves schedulers that match the database alone', () => {
    expect(planReconcile([spec(1)], [held(1)])).toEqual({ upserts: [], removals: [] });
  });

  it('rewrites a scheduler whose version, pattern or time zone is stale', () => {
    const plan = planReconcile(
      [spec(1, 2), spec(2, 1, '*/5 * * * *'), spec(3, 1, '0 8 * * *', 'Europe/Rome')],
      [held(1, 1), held(2), held(3)],
    );
    expect(plan.upserts.map((s) => s.jobId)).toEqual([1, 2, 3]);
    expect(plan.removals).toEqual([]);
  });

  it('treats a scheduler without a version in its template as stale', () => {
    expect(planReconcile([spec(1)], [{ ...held(1), version: undefined }]).upserts).toEqual([spec(1)]);
  });

  it('removes schedulers of jobs that are disabled or deleted', () => {
    expect(planReconcile([spec(1)], [held(1), held(7), held(9)])).toEqual({ upserts: [], removals: [7, 9] });
  });
});
