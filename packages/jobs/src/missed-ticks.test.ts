import { nextRuns } from '@chronos/schedule';
import { describe, expect, it } from 'vitest';
import {
  catchupTicksOf,
  createGapPlanner,
  missedReasonOf,
  planGapCheck,
  unrecordedTicks,
} from './missed-ticks.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

function rome(cronExpression: string, scheduleChangedAt: string) {
  return {
    enabled: true,
    cronExpression,
    timezoneName: 'Europe/Rome',
    misfireGraceSeconds: 60,
    scheduleChangedAt: new Date(scheduleChangedAt),
  };
}

describe('planGapCheck', () => {
  it('walks the due ticks after the last pass, up to now minus the misfire grace', () => {
    const job = { ...rome('*/10 * * * * *', '2026-01-01T00:00:00Z'), timezoneName: 'UTC' };
    const check = planGapCheck(job, {
      now: new Date('2026-05-01T12:02:00Z'),
      windowMs: DAY,
      maxTicks: 100,
      checkedUntil: new Date('2026-05-01T12:00:00Z'),
    });
    // 12:00:00 was looked at by the last pass; 12:01:00 is exactly at the grace boundary and still due.
    expect(iso(check.ticks)).toEqual([
      '2026-05-01T12:00:10.000Z',
      '2026-05-01T12:00:20.000Z',
      '2026-05-01T12:00:30.000Z',
      '2026-05-01T12:00:40.000Z',
      '2026-05-01T12:00:50.000Z',
      '2026-05-01T12:01:00.000Z',
    ]);
    expect(check.checkedUntil.toISOString()).toBe('2026-05-01T12:01:00.000Z');
  });

  it('never looks before the schedule last changed (a job created during an outage has no phantom misses)', () => {
    const job = { ...rome('* * * * * *', '2026-05-01T12:00:55Z'), timezoneName: 'UTC' };
    const check = planGapCheck(job, {
      now: new Date('2026-05-01T12:02:00Z'),
      windowMs: DAY,
      maxTicks: 100,
      checkedUntil: null,
    });
    // The second after the change is the database-to-Redis write's, not a tick the scheduler dropped.
    expect(iso(check.ticks)[0]).toBe('2026-05-01T12:00:57.000Z');
    expect(check.ticks).toHaveLength(4);
  });

  it('looks at most maxTicks and goes on from the last one next pass; the window bounds a lost watermark', () => {
    const job = { ...rome('* * * * * *', '2026-01-01T00:00:00Z'), timezoneName: 'UTC' };
    const now = new Date('2026-05-01T12:00:00Z');
    const first = planGapCheck(job, { now, windowMs: 600_000, maxTicks: 300, checkedUntil: null });
    expect(first.ticks).toHaveLength(300);
    expect(first.ticks[0]?.toISOString()).toBe('2026-05-01T11:50:01.000Z');
    expect(first.checkedUntil).toEqual(first.ticks.at(-1));
    const second = planGapCheck(job, {
      now,
      windowMs: 600_000,
      maxTicks: 300,
      checkedUntil: first.checkedUntil,
    });
    expect(second.ticks[0]?.getTime()).toBe(first.checkedUntil.getTime() + 1000);
    expect(second.checkedUntil.toISOString()).toBe('2026-05-01T11:59:00.000Z');
  });

  it('has nothing for a disabled job or a cron that no longer validates', () => {
    const options = {
      now: new Date('2026-05-01T12:00:00Z'),
      windowMs: DAY,
      maxTicks: 10,
      checkedUntil: null,
    };
    const job = rome('* * * * *', '2026-01-01T00:00:00Z');
    expect(planGapCheck({ ...job, enabled: false }, options).ticks).toEqual([]);
    expect(planGapCheck({ ...job, cronExpression: 'nope' }, options).ticks).toEqual([]);
  });

  it('fall-back night: a daily 02:30 in the repeated hour is one due tick, not two', () => {
    // Europe/Rome 2026-10-25: 03:00 CEST → 02:00 CET, 02:30 happens at 00:30Z and at 01:30Z.
    const check = planGapCheck(rome('30 2 * * *', '2026-01-01T00:00:00Z'), {
      now: new Date('2026-10-25T12:00:00Z'),
      windowMs: 2 * DAY,
      maxTicks: 10,
      checkedUntil: new Date('2026-10-24T12:00:00Z'),
    });
    expect(iso(check.ticks)).toEqual(['2026-10-25T00:30:00.000Z']);
  });

  it('fall-back night: an hourly schedule follows elapsed time, one tick per real hour', () => {
    const check = planGapCheck(rome('0 * * * *', '2026-01-01T00:00:00Z'), {
      now: new Date('2026-10-25T03:30:00Z'),
      windowMs: DAY,
      maxTicks: 100,
      checkedUntil: new Date('2026-10-24T23:30:00Z'),
    });
    expect(iso(check.ticks)).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T03:00:00.000Z',
    ]);
  });

  it('spring-forward night: a daily 02:30 that does not exist is one tick at 03:30 local, none phantom', () => {
    // Europe/Rome 2026-03-29: 02:00 CET → 03:00 CEST; 03:30 CEST is 01:30Z.
    const check = planGapCheck(rome('30 2 * * *', '2026-01-01T00:00:00Z'), {
      now: new Date('2026-03-30T12:00:00Z'),
      windowMs: 3 * DAY,
      maxTicks: 10,
      checkedUntil: new Date('2026-03-28T12:00:00Z'),
    });
    expect(iso(check.ticks)).toEqual(['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });
});

describe('unrecordedTicks', () => {
  it('keeps the ticks no execution records', () => {
    const ticks = [new Date(1000), new Date(2000), new Date(3000)];
    expect(unrecordedTicks(ticks, [{ scheduledFor: new Date(2000) }])).toEqual([
      new Date(1000),
      new Date(3000),
    ]);
  });
});

describe('catchupTicksOf', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  const missed = [
    { scheduledFor: new Date('2026-05-01T11:50:00Z'), status: 'missed' as const },
    { scheduledFor: new Date('2026-05-01T11:58:00Z'), status: 'missed' as const },
    { scheduledFor: new Date('2026-05-01T11:59:00Z'), status: 'succeeded' as const },
    { scheduledFor: new Date('2026-05-01T11:57:00Z'), status: 'missed' as const },
  ];
  it('none runs nothing late', () => {
    expect(catchupTicksOf({ catchup: 'none', catchupWindowSeconds: 3600 }, missed, now)).toEqual([]);
  });
  it('latest runs the most recent missed tick within the window', () => {
    expect(iso(catchupTicksOf({ catchup: 'latest', catchupWindowSeconds: 3600 }, missed, now))).toEqual([
      '2026-05-01T11:58:00.000Z',
    ]);
    expect(catchupTicksOf({ catchup: 'latest', catchupWindowSeconds: 60 }, missed, now)).toEqual([]);
  });
  it('all runs every missed tick within the window, oldest first', () => {
    expect(iso(catchupTicksOf({ catchup: 'all', catchupWindowSeconds: 300 }, missed, now))).toEqual([
      '2026-05-01T11:57:00.000Z',
      '2026-05-01T11:58:00.000Z',
    ]);
  });
});

describe('missedReasonOf', () => {
  it('reads the reason code back from the recorded error', () => {
    expect(missedReasonOf('missed: no worker ran while it was due')).toBe('no_worker');
    expect(missedReasonOf('missed: Redis was unavailable while it was due')).toBe('redis_unavailable');
    expect(missedReasonOf('missed: picked up 90 s after its time (misfire_grace_seconds=60)')).toBe('late');
  });
});

describe('createGapPlanner', () => {
  it('gives the same plan as planGapCheck, and walks a cadence once for the jobs that share it', () => {
    const now = new Date('2026-05-02T00:10:00Z');
    const options = { now, windowMs: 2 * DAY, maxTicks: 100 };
    const plan = createGapPlanner(options);
    const daily = { ...rome('0 0 * * *', '2026-01-01T00:00:00Z') };
    const checkedUntil = new Date('2026-04-30T12:00:00Z');
    const first = plan(daily, checkedUntil);
    expect(first).toEqual(planGapCheck(daily, { ...options, checkedUntil }));
    expect(iso(first.ticks)).toEqual(['2026-04-30T22:00:00.000Z', '2026-05-01T22:00:00.000Z']);
    // Another job on the same cadence and watermark: the same walk, not a second one.
    expect(plan({ ...daily, scheduleChangedAt: new Date('2026-02-01T00:00:00Z') }, checkedUntil)).toBe(first);
    // Another zone is another cadence.
    expect(plan({ ...daily, timezoneName: 'UTC' }, checkedUntil)).not.toBe(first);
  });

  it("plans what a walk of the cron from each job's own floor finds, also for jobs created at other moments", () => {
    const now = new Date('2026-03-29T01:30:00Z'); // the hour Europe/Rome skips (02:00 → 03:00 local)
    const options = { now, windowMs: DAY, maxTicks: 50 };
    const plan = createGapPlanner(options);
    const crons = ['0 0 * * *', '*/20 * * * *', '30 2 * * *', '15 3 29 3 *', '0 9 1 1 *', '*/7 * * * * *'];
    for (const checkedUntil of [new Date(now.getTime() - 90_000), null])
      for (const cronExpression of crons) {
        for (const minutesAgo of [5, 59, 61, 300, 1439, 3000]) {
          for (const timezoneName of ['Europe/Rome', 'UTC']) {
            const job = {
              ...rome(cronExpression, new Date(now.getTime() - minutesAgo * 60_000 - 123).toISOString()),
              timezoneName,
            };
            const floor = Math.max(
              now.getTime() - DAY,
              job.scheduleChangedAt.getTime() + 1000,
              checkedUntil?.getTime() ?? Number.NEGATIVE_INFINITY,
            );
            const cutoff = now.getTime() - 60_000;
            // The independent reading: every tick after the floor, kept while at or before the cutoff.
            const expected = nextRuns(cronExpression, {
              timezone: timezoneName,
              from: new Date(floor),
              count: 50,
            })
              .filter((tick) => tick.getTime() <= cutoff)
              .map((tick) => tick.toISOString());
            expect(
              iso(plan(job, checkedUntil).ticks),
              `${cronExpression} ${timezoneName} ${minutesAgo}`,
            ).toEqual(expected);
          }
        }
      }
  });
});
