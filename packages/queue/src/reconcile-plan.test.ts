import { describe, expect, it } from 'vitest';
import { planReconcile } from './reconcile-plan.js';

const job = (id: number, version = 1, cronExpression = '0 8 * * *', timezone = 'UTC') => ({
  id,
  version,
  cronExpression,
  timezone,
});
const sched = (jobId: number, version: number | undefined = 1, pattern = '0 8 * * *', tz = 'UTC') => ({
  jobId,
  version,
  pattern,
  tz,
});

describe('planReconcile', () => {
  it('creates schedulers that Redis lost (a flushed Redis gets every job back)', () => {
    expect(planReconcile([job(1), job(2)], [])).toEqual({ upserts: [job(1), job(2)], removals: [] });
  });

  it('leaves schedulers that match the database alone', () => {
    expect(planReconcile([job(1)], [sched(1)])).toEqual({ upserts: [], removals: [] });
  });

  it('rewrites a scheduler whose version, pattern or time zone is stale', () => {
    const plan = planReconcile(
      [job(1, 2), job(2, 1, '*/5 * * * *'), job(3, 1, '0 8 * * *', 'Europe/Rome')],
      [sched(1, 1), sched(2), sched(3)],
    );
    expect(plan.upserts.map((j) => j.id)).toEqual([1, 2, 3]);
    expect(plan.removals).toEqual([]);
  });

  it('treats a scheduler without a version in its template as stale', () => {
    expect(planReconcile([job(1)], [{ ...sched(1), version: undefined }]).upserts).toEqual([job(1)]);
  });

  it('removes schedulers of jobs that are disabled or deleted', () => {
    expect(planReconcile([job(1)], [sched(1), sched(7), sched(9)])).toEqual({
      upserts: [],
      removals: [7, 9],
    });
  });
});
