import { type CreateJobInput, createDb, type DbProvider } from '@chronos/db';
import { createTestDatabase, openTestDb, type TestDb } from '@chronos/db/testing';
import { ConflictError, NotFoundError } from '@chronos/errors';
import type { ExecutionStatus } from '@chronos/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgBouncer } from './helpers/pgbouncer.js';

const jobInput = (overrides: Partial<CreateJobInput> = {}): CreateJobInput => ({
  name: 'nightly start',
  taskType: 'entity_start',
  cronExpression: '30 8 * * 1,3,5',
  isCronExpression: false,
  timezoneName: 'Europe/Rome',
  pipelineId: 'p1',
  entityIds: ['e1', 'e2'],
  ...overrides,
});

/**
 * A never-migrated PostgreSQL database reached through a PgBouncer in transaction mode (the common production
 * shape), migrated the way api and worker do at start-up with DIRECT_DB_URL: the migrations go to the server
 * itself, every repository call through the pooler.
 */
async function openThroughPgBouncer(): Promise<TestDb> {
  const bouncer = await startPgBouncer({ poolSize: 3 });
  const database = await createTestDatabase('postgresql', { empty: true });
  const db = createDb({ url: bouncer.via(database.url), migrationUrl: database.url });
  await db.migrate.deploy();
  return {
    ...database,
    db,
    async drop() {
      await db.close();
      await bouncer.stop();
      await database.drop();
    },
  };
}

const SETUPS: Array<{ name: string; provider: DbProvider; open: () => Promise<TestDb> }> = [
  { name: 'postgresql', provider: 'postgresql', open: () => openTestDb('postgresql') },
  { name: 'sqlite', provider: 'sqlite', open: () => openTestDb('sqlite') },
  {
    name: 'postgresql behind PgBouncer (transaction mode)',
    provider: 'postgresql',
    open: openThroughPgBouncer,
  },
];

describe.each(SETUPS)('repositories on $name', ({ provider, open }) => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await open();
  });
  afterAll(async () => {
    await testDb?.drop();
  });
  const db = () => testDb.db;

  describe('jobs', () => {
    it('creates a job with defaults, a gluesync_job_ identifier, version 1, and reads it back', async () => {
      const job = await db().jobs.create(jobInput({ groupIds: ['g1'] }));
      expect(job).toMatchObject({
        name: 'nightly start',
        entityIds: ['e1', 'e2'],
        groupIds: ['g1'],
        taskParams: {},
        pipelineId: 'p1',
        enabled: true,
        withSnapshot: false,
        snapshotWriteMethod: 'UPSERT',
        concurrencyPolicy: 'forbid',
        version: 1,
        followsDefaultTimezone: false,
        lastRun: null,
      });
      expect(job.cronJobIdentifier).toMatch(/^gluesync_job_[0-9a-f]{8}$/);
      // A read also counts the chained events (in the same statement).
      expect(await db().jobs.get(job.id)).toEqual({ ...job, chainedEventCount: 0, notificationCount: 0 });
    });

    it('stores task params as an object, replaces them on update, keeps them on other updates', async () => {
      const params = { agentAlias: 'ops', agentInput: { nested: { n: 1 } }, agentVersion: 2 };
      const job = await db().jobs.create(jobInput({ taskType: 'ai_agent_run', taskParams: params }));
      expect((await db().jobs.get(job.id)).taskParams).toEqual(params);
      const updated = await db().jobs.update(job.id, { taskParams: { agentAlias: 'ops' } });
      expect(updated.taskParams).toEqual({ agentAlias: 'ops' });
      expect((await db().jobs.update(job.id, { name: 'kept' })).taskParams).toEqual({ agentAlias: 'ops' });
    });

    it('gives every job its own cron_job_identifier', async () => {
      const jobs = await Promise.all(Array.from({ length: 20 }, () => db().jobs.create(jobInput())));
      expect(new Set(jobs.map((job) => job.cronJobIdentifier)).size).toBe(20);
    });

    it('updates only the given fields and bumps the version on each change', async () => {
      const job = await db().jobs.create(jobInput());
      const renamed = await db().jobs.update(job.id, { name: 'renamed', entityIds: ['e9'] });
      expect(renamed).toMatchObject({ name: 'renamed', entityIds: ['e9'], pipelineId: 'p1', version: 2 });
      const disabled = await db().jobs.update(job.id, { enabled: false });
      expect(disabled).toMatchObject({ name: 'renamed', enabled: false, version: 3 });
    });

    it('stores instants as UTC and returns the same instant whatever offset it was given in', async () => {
      const job = await db().jobs.create(jobInput());
      const lastRun = new Date('2026-03-29T02:30:00.123+02:00');
      const nextRun = new Date('2026-10-25T02:30:00.000+01:00');
      const recorded = await db().jobs.recordRun(job.id, {
        lastRun,
        lastStatus: 'failed',
        lastErrorMessage: 'CoreHub said 503',
        lastRunErrorTime: lastRun,
        nextRun,
      });
      expect(recorded.lastRun?.toISOString()).toBe('2026-03-29T00:30:00.123Z');
      expect(recorded.nextRun?.toISOString()).toBe('2026-10-25T01:30:00.000Z');
      expect(recorded).toMatchObject({
        lastStatus: 'failed',
        lastErrorMessage: 'CoreHub said 503',
        version: 1,
      });
      await db().jobs.setNextRun(job.id, new Date('2027-01-01T00:00:00Z'));
      expect((await db().jobs.get(job.id)).nextRun?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    });

    it('raises NotFoundError naming the id for get, update, delete and setNextRun of an unknown job', async () => {
      for (const attempt of [
        () => db().jobs.get(987_654),
        () => db().jobs.update(987_654, { name: 'x' }),
        () => db().jobs.delete(987_654),
        () => db().jobs.setNextRun(987_654, null),
      ]) {
        const error = await attempt().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(NotFoundError);
        expect((error as Error).message).toBe('Job with ID 987654 not found');
      }
      expect(await db().jobs.find(987_654)).toBeNull();
    });

    it('pages by id with a total over all matches, and filters by task type and enabled', async () => {
      const taskType = `pipeline_start_${provider}`;
      const created = [];
      for (let index = 0; index < 5; index += 1) {
        created.push(await db().jobs.create(jobInput({ taskType, enabled: index % 2 === 0 })));
      }
      const page = await db().jobs.list({ taskType, skip: 1, limit: 2 });
      expect(page.total).toBe(5);
      expect(page.items.map((job) => job.id)).toEqual([created[1]?.id, created[2]?.id]);
      const enabled = await db().jobs.list({ taskType, enabled: true, limit: 100 });
      expect(enabled.total).toBe(3);
      expect(enabled.items.every((job) => job.enabled)).toBe(true);
    });

    it('lists schedule summaries, enabled jobs and jobs following the default timezone', async () => {
      const follower = await db().jobs.create(
        jobInput({ followsDefaultTimezone: true, timezoneName: 'UTC' }),
      );
      const off = await db().jobs.create(jobInput({ enabled: false }));
      const summaries = await db().jobs.listAll();
      expect(summaries.find((summary) => summary.id === follower.id)).toEqual({
        id: follower.id,
        version: 1,
        enabled: true,
        cronExpression: '30 8 * * 1,3,5',
        timezoneName: 'UTC',
        followsDefaultTimezone: true,
      });
      const targets = await db().jobs.listGapCheckTargets({ afterId: 0, limit: 1000 });
      expect(targets.map((job) => job.id)).toContain(follower.id);
      expect(targets.map((job) => job.id)).not.toContain(off.id);
      expect(targets.find((job) => job.id === follower.id)).toEqual({
        id: follower.id,
        enabled: true,
        cronExpression: '30 8 * * 1,3,5',
        timezoneName: 'UTC',
        misfireGraceSeconds: follower.misfireGraceSeconds,
        scheduleChangedAt: follower.scheduleChangedAt,
        catchup: follower.catchup,
        catchupWindowSeconds: follower.catchupWindowSeconds,
      });
      // Pages by id, and narrows to given ids.
      const [first] = await db().jobs.listGapCheckTargets({ afterId: 0, limit: 1 });
      const after = await db().jobs.listGapCheckTargets({ afterId: first?.id ?? 0, limit: 1000 });
      expect(after.every((job) => job.id > (first?.id ?? 0))).toBe(true);
      expect(
        await db().jobs.listGapCheckTargets({ afterId: 0, limit: 10, ids: [follower.id, off.id] }),
      ).toHaveLength(1);
      const followers = await db().jobs.listFollowingDefaultTimezone();
      expect(followers.map((job) => job.id)).toContain(follower.id);
      expect(followers.every((job) => job.followsDefaultTimezone)).toBe(true);
    });

    it('records bookkeeping only while the job keeps the version it was read with', async () => {
      const job = await db().jobs.create(jobInput());
      const outcome = { lastRun: new Date(), lastStatus: 'succeeded' as const, nextRun: null };
      expect(await db().jobs.recordIfUnchanged(job.id, job.version, outcome)).toBe(true);
      const read = await db().jobs.get(job.id);
      expect(read).toMatchObject({ lastStatus: 'succeeded', nextRun: null, version: job.version });
      await db().jobs.update(job.id, { name: 'renamed' });
      expect(await db().jobs.recordIfUnchanged(job.id, job.version, { nextRun: new Date() })).toBe(false);
      expect((await db().jobs.get(job.id)).nextRun).toBeNull();
      await db().jobs.delete(job.id);
      expect(await db().jobs.recordIfUnchanged(job.id, job.version + 1, { nextRun: null })).toBe(false);
    });

    it('closes an execution and records the job outcome in one write, only while both are as read', async () => {
      const job = await db().jobs.create(jobInput());
      const open = (day: number) =>
        db().executions.createIfAbsent({
          jobId: job.id,
          trigger: 'manual',
          scheduledFor: new Date(Date.UTC(2026, 4, day)),
          status: 'running',
        });
      const finishedAt = new Date('2026-05-05T00:00:03Z');
      const outcome = {
        lastRun: new Date('2026-05-05T00:00:01Z'),
        lastStatus: 'failed' as const,
        nextRun: null,
      };
      const patch = { status: 'failed' as const, finishedAt, error: 'boom', steps: [] };
      // Another attempt took the row over: neither is written.
      const { execution: stale } = await open(5);
      await db().executions.update(stale.id, { attempt: 2 });
      expect(
        await db().executions.closeWithJobOutcome(stale, patch, {
          id: job.id,
          version: job.version,
          fields: outcome,
        }),
      ).toEqual({ executionWritten: false, jobWritten: false });
      expect((await db().jobs.get(job.id)).lastStatus).toBeNull();
      expect((await db().executions.get(stale.id)).status).toBe('running');
      // Both as read: both written.
      const { execution } = await open(6);
      expect(
        await db().executions.closeWithJobOutcome(
          execution,
          { ...patch, startedAt: null },
          {
            id: job.id,
            version: job.version,
            fields: { ...outcome, lastErrorMessage: 'boom', lastRunErrorTime: finishedAt },
          },
        ),
      ).toEqual({ executionWritten: true, jobWritten: true });
      expect(await db().executions.get(execution.id)).toMatchObject({
        status: 'failed',
        finishedAt,
        error: 'boom',
        startedAt: null,
        steps: [],
      });
      expect(await db().jobs.get(job.id)).toMatchObject({
        lastStatus: 'failed',
        lastRun: outcome.lastRun,
        lastErrorMessage: 'boom',
        lastRunErrorTime: finishedAt,
        nextRun: null,
        version: job.version,
      });
      // The job changed during the run: the execution is closed, the job left for the caller.
      const { execution: third } = await open(7);
      await db().jobs.update(job.id, { name: 'renamed' });
      expect(
        await db().executions.closeWithJobOutcome(third, patch, {
          id: job.id,
          version: job.version,
          fields: { nextRun: new Date('2027-01-01T00:00:00Z') },
        }),
      ).toEqual({ executionWritten: true, jobWritten: false });
      expect((await db().jobs.get(job.id)).nextRun).toBeNull();
    });

    it('changes the schedule fingerprint on create, version bump and delete, not on bookkeeping', async () => {
      const before = await db().jobs.scheduleFingerprint();
      const job = await db().jobs.create(jobInput());
      const created = await db().jobs.scheduleFingerprint();
      expect(created).not.toBe(before);
      await db().jobs.setNextRun(job.id, new Date('2030-01-01T00:00:00Z'));
      await db().jobs.recordRun(job.id, { lastRun: new Date(), lastStatus: 'succeeded', nextRun: null });
      expect(await db().jobs.scheduleFingerprint()).toBe(created);
      await db().jobs.update(job.id, { enabled: false });
      const updated = await db().jobs.scheduleFingerprint();
      expect(updated).not.toBe(created);
      await db().jobs.delete(job.id);
      expect(await db().jobs.scheduleFingerprint()).not.toBe(updated);
    });

    it('deletes a job together with its execution history', async () => {
      const job = await db().jobs.create(jobInput());
      const { execution } = await db().executions.createIfAbsent({
        jobId: job.id,
        trigger: 'manual',
        scheduledFor: new Date('2026-01-01T00:00:00Z'),
        status: 'succeeded',
      });
      await db().jobs.delete(job.id);
      expect(await db().jobs.find(job.id)).toBeNull();
      expect(await db().executions.find(execution.id)).toBeNull();
    });
  });

  describe('executions', () => {
    it('records a tick once: a second delivery of the same key is a no-op returning the first row', async () => {
      const job = await db().jobs.create(jobInput());
      const key = {
        jobId: job.id,
        trigger: 'schedule' as const,
        scheduledFor: new Date('2026-05-01T06:30:00Z'),
      };
      const first = await db().executions.createIfAbsent({ ...key, status: 'queued', workerId: 'w1' });
      const second = await db().executions.createIfAbsent({ ...key, status: 'running', workerId: 'w2' });
      expect(first.created).toBe(true);
      expect(second).toEqual({ created: false, execution: first.execution });
      expect(await db().executions.findByKey(job.id, 'schedule', new Date(key.scheduledFor))).toEqual(
        first.execution,
      );
      // The same instant under another trigger is another execution.
      const manual = await db().executions.createIfAbsent({ ...key, trigger: 'manual', status: 'queued' });
      expect(manual.created).toBe(true);
    });

    it('lists the schedule rows of several jobs in a range in one read, optionally of one status', async () => {
      const a = await db().jobs.create(jobInput());
      const b = await db().jobs.create(jobInput());
      const other = await db().jobs.create(jobInput());
      const at = (minute: number) => new Date(Date.UTC(2026, 4, 3, 6, minute));
      for (const [job, minute, status] of [
        [a, 0, 'succeeded'],
        [a, 1, 'missed'],
        [b, 1, 'failed'],
        [b, 9, 'succeeded'],
        [other, 1, 'succeeded'],
      ] as const) {
        await db().executions.createIfAbsent({
          jobId: job.id,
          trigger: 'schedule',
          scheduledFor: at(minute),
          status,
        });
      }
      await db().executions.createIfAbsent({
        jobId: a.id,
        trigger: 'manual',
        scheduledFor: at(2),
        status: 'queued',
      });
      const rows = await db().executions.listTickRecordsOf([a.id, b.id], at(0), at(5));
      const seen = rows.map(
        (row) => `${row.jobId === a.id ? 'a' : 'b'} ${row.scheduledFor.getUTCMinutes()} ${row.status}`,
      );
      expect(seen.sort()).toEqual(['a 0 succeeded', 'a 1 missed', 'b 1 failed']);
      const missed = await db().executions.listTickRecordsOf([a.id, b.id], at(0), at(5), {
        status: 'missed',
      });
      expect(missed).toEqual([{ jobId: a.id, scheduledFor: at(1), status: 'missed' }]);
      expect(await db().executions.listTickRecordsOf([], at(0), at(5))).toEqual([]);
    });

    it('lets exactly one of many concurrent createIfAbsent calls create the row', async () => {
      const job = await db().jobs.create(jobInput());
      const scheduledFor = new Date('2026-05-02T06:30:00Z');
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          db().executions.createIfAbsent({
            jobId: job.id,
            trigger: 'schedule',
            scheduledFor,
            status: 'queued',
            workerId: `w${index}`,
          }),
        ),
      );
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.execution.id)).size).toBe(1);
    });

    it('keeps every call its own answer when concurrent calls share one statement (group commit)', async () => {
      const [a, b, gone] = await Promise.all([
        db().jobs.create(jobInput()),
        db().jobs.create(jobInput()),
        db().jobs.create(jobInput()),
      ]);
      const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 0, minute));
      const open = (jobId: number, minute: number) =>
        db().executions.createIfAbsent({
          jobId,
          trigger: 'schedule',
          scheduledFor: at(minute),
          status: 'running',
        });
      const { execution: existing } = await open(a.id, 0);
      await db().jobs.delete(gone.id);
      // Made in one tick: they go to the database together.
      const [first, again, found, other, orphan] = await Promise.allSettled([
        open(a.id, 1),
        open(a.id, 1),
        open(a.id, 0),
        open(b.id, 1),
        open(gone.id, 1),
      ]);
      expect(first).toMatchObject({ status: 'fulfilled', value: { created: true } });
      expect(again).toMatchObject({ status: 'fulfilled', value: { created: false } });
      const id = (result: PromiseSettledResult<{ execution: { id: number } }>) =>
        result.status === 'fulfilled' ? result.value.execution.id : undefined;
      expect(id(again)).toBe(id(first));
      expect(found).toMatchObject({ status: 'fulfilled', value: { created: false, execution: existing } });
      expect(other).toMatchObject({
        status: 'fulfilled',
        value: {
          created: true,
          execution: { jobId: b.id, scheduledFor: at(1), status: 'running', steps: [] },
        },
      });
      // Its job was deleted: that call fails alone.
      expect(orphan.status).toBe('rejected');

      const [readA, readNone, readAAgain] = await Promise.all([
        db().jobs.find(a.id),
        db().jobs.find(gone.id),
        db().jobs.find(a.id),
      ]);
      expect(readA).toMatchObject({ id: a.id, chainedEventCount: 0 });
      expect(readNone).toBeNull();
      expect(readAAgain).toEqual(readA);

      // Starts together: of two deliveries that read the same attempt exactly one starts the next.
      const { execution: queued } = await db().executions.createIfAbsent({
        jobId: b.id,
        trigger: 'manual',
        scheduledFor: at(40),
        status: 'queued',
      });
      const startedAt = at(41);
      const start = (workerId: string) =>
        db().executions.updateIfUnchanged(queued.id, queued, {
          status: 'running',
          attempt: 1,
          workerId,
          startedAt,
        });
      const starts = await Promise.all([
        start('w1'),
        start('w2'),
        db().executions.updateIfUnchanged(
          existing.id,
          { status: 'queued', attempt: 1 },
          { status: 'failed' },
        ),
      ]);
      expect(starts).toEqual([true, false, false]);
      expect(await db().executions.get(queued.id)).toMatchObject({
        status: 'running',
        workerId: 'w1',
        startedAt,
      });

      // Closing writes together: each keeps its own fence, two of one job are both written.
      const openA1 = id(first) as number;
      const { execution: a2 } = await open(a.id, 2);
      const { execution: b2 } = await open(b.id, 2);
      const { execution: stale } = await open(b.id, 3);
      await db().executions.update(stale.id, { attempt: 2 });
      const closing = (minute: number) => ({
        status: 'succeeded' as const,
        finishedAt: at(minute),
        error: null,
        steps: [
          {
            method: 'POST',
            path: '/x',
            status: 200,
            duration_ms: 1,
            message: null,
            at: at(minute).toISOString(),
          },
        ],
      });
      const outcome = (job: { id: number; version: number }, minute: number) => ({
        id: job.id,
        version: job.version,
        fields: { lastRun: at(minute), lastStatus: 'succeeded' as const, nextRun: at(minute + 10) },
      });
      const results = await Promise.all([
        db().executions.closeWithJobOutcome({ ...existing }, closing(5), outcome(a, 5)),
        db().executions.closeWithJobOutcome(
          { id: openA1, status: 'running', attempt: 1 },
          { ...closing(6), startedAt: null, status: 'skipped' as const },
          { id: a.id, version: a.version, fields: { nextRun: at(30) } },
        ),
        db().executions.closeWithJobOutcome(a2, closing(7), outcome({ ...a, version: a.version + 1 }, 7)),
        db().executions.closeWithJobOutcome(b2, closing(8), outcome(b, 8)),
        db().executions.closeWithJobOutcome(stale, closing(9), outcome(b, 9)),
      ]);
      expect(results).toEqual([
        { executionWritten: true, jobWritten: true },
        { executionWritten: true, jobWritten: true },
        { executionWritten: true, jobWritten: false },
        { executionWritten: true, jobWritten: true },
        { executionWritten: false, jobWritten: false },
      ]);
      expect(await db().executions.get(existing.id)).toMatchObject({
        status: 'succeeded',
        finishedAt: at(5),
        steps: [{ path: '/x' }],
      });
      expect(await db().executions.get(openA1)).toMatchObject({ status: 'skipped', startedAt: null });
      expect((await db().executions.get(stale.id)).status).toBe('running');
      const jobA = await db().jobs.get(a.id);
      // Both of a's writes went in, in call order: the second only moved next_run on.
      expect(jobA).toMatchObject({
        lastRun: at(5),
        lastStatus: 'succeeded',
        nextRun: at(30),
        version: a.version,
      });
      expect(await db().jobs.get(b.id)).toMatchObject({ lastRun: at(8), nextRun: at(18) });
    });

    it('updates status fields, appends steps in order and reads them back', async () => {
      const job = await db().jobs.create(jobInput());
      const { execution } = await db().executions.createIfAbsent({
        jobId: job.id,
        trigger: 'manual',
        scheduledFor: new Date('2026-05-03T00:00:00Z'),
        status: 'queued',
      });
      const startedAt = new Date('2026-05-03T00:00:01.500Z');
      await db().executions.update(execution.id, { status: 'running', startedAt, workerId: 'worker-a' });
      const steps = [
        { method: 'POST', path: '/pipelines/p1/commands/sync/stop?entity=e1', status: 200, duration_ms: 12 },
        { method: 'GET', path: '/pipelines/p1/entities-status', status: 503, duration_ms: 40 },
      ];
      for (const [index, step] of steps.entries()) {
        await db().executions.appendStep(
          execution.id,
          { ...step, message: index === 1 ? 'unavailable' : null, at: `2026-05-03T00:00:0${index + 2}.000Z` },
          1,
        );
      }
      const finished = await db().executions.update(execution.id, {
        status: 'failed',
        finishedAt: new Date('2026-05-03T00:00:05Z'),
        error: 'COREHUB_UNAVAILABLE: 503',
        attempt: 2,
      });
      expect(finished).toMatchObject({
        status: 'failed',
        attempt: 2,
        workerId: 'worker-a',
        error: 'COREHUB_UNAVAILABLE: 503',
        startedAt,
      });
      expect(finished.steps.map((step) => [step.path, step.status, step.message])).toEqual([
        [steps[0]?.path, 200, null],
        [steps[1]?.path, 503, 'unavailable'],
      ]);
      // Attempt 1 lost the row to attempt 2: its late step is not added.
      expect(await db().executions.appendStep(execution.id, { ...finished.steps[0]! }, 1)).toBe(false);
      expect((await db().executions.get(execution.id)).steps).toHaveLength(2);
      await expect(db().executions.appendStep(987_654, { ...finished.steps[0]! }, 1)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    it('does not lose steps appended concurrently', async () => {
      const job = await db().jobs.create(jobInput());
      const { execution } = await db().executions.createIfAbsent({
        jobId: job.id,
        trigger: 'manual',
        scheduledFor: new Date('2026-05-04T00:00:00Z'),
        status: 'running',
      });
      await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          db().executions.appendStep(
            execution.id,
            {
              method: 'POST',
              path: `/step/${index}`,
              status: 200,
              duration_ms: index,
              message: null,
              at: new Date(0).toISOString(),
            },
            1,
          ),
        ),
      );
      const paths = (await db().executions.get(execution.id)).steps.map((step) => step.path).sort();
      expect(paths).toEqual(Array.from({ length: 10 }, (_, index) => `/step/${index}`).sort());
    });

    it('lists newest first with totals and filters, and finds the latest active one', async () => {
      const job = await db().jobs.create(jobInput());
      const statuses: ExecutionStatus[] = ['succeeded', 'failed', 'running', 'queued', 'succeeded'];
      const ids: number[] = [];
      for (const [day, status] of statuses.entries()) {
        const { execution } = await db().executions.createIfAbsent({
          jobId: job.id,
          trigger: 'schedule',
          scheduledFor: new Date(Date.UTC(2026, 5, day + 1, 8, 30)),
          status,
        });
        ids.push(execution.id);
      }
      const page = await db().executions.list({ jobId: job.id, skip: 1, limit: 2 });
      expect(page.total).toBe(5);
      expect(page.items.map((execution) => execution.id)).toEqual([ids[3], ids[2]]);
      const succeeded = await db().executions.list({ jobId: job.id, status: 'succeeded' });
      expect(succeeded.items.map((execution) => execution.id)).toEqual([ids[4], ids[0]]);
      const since = await db().executions.list({
        jobId: job.id,
        since: new Date(Date.UTC(2026, 5, 4, 8, 30)),
      });
      expect(since.total).toBe(2);
      expect((await db().executions.findRunning(job.id))?.id).toBe(ids[3]);
      expect((await db().executions.findRunning(job.id, { excludeId: ids[3] }))?.id).toBe(ids[2]);
      await expect(db().executions.get(987_654)).rejects.toThrow('Execution with ID 987654 not found');
    });

    it('prunes finished executions by age and by rows per job, never active ones', async () => {
      // Its own database: pruning is global, and the other tests of this file leave executions behind.
      const own = await open();
      const db = () => own.db;
      const job = await db().jobs.create(jobInput());
      const other = await db().jobs.create(jobInput());
      const day = (n: number) => new Date(Date.UTC(2025, 0, n, 12));
      const add = (jobId: number, n: number, status: ExecutionStatus) =>
        db().executions.createIfAbsent({ jobId, trigger: 'schedule', scheduledFor: day(n), status });
      for (let n = 1; n <= 6; n += 1) await add(job.id, n, n === 1 ? 'running' : 'succeeded');
      for (let n = 1; n <= 2; n += 1) await add(other.id, n, 'failed');

      // Age: days 1-2 are older than day 3, but day 1 still runs → only 3 rows go (job day 2, other 1-2).
      expect(await db().executions.prune({ olderThan: day(3) })).toBe(3);
      // Count: job keeps days 1(running),3,4,5,6 → keep 2 newest (6, 5); 3 and 4 go, running day 1 stays.
      expect(await db().executions.prune({ maxRowsPerJob: 2 })).toBe(2);
      const left = await db().executions.list({ jobId: job.id });
      expect(left.items.map((execution) => execution.scheduledFor.toISOString())).toEqual([
        day(6).toISOString(),
        day(5).toISOString(),
        day(1).toISOString(),
      ]);
      expect((await db().executions.list({ jobId: other.id })).total).toBe(0);
      expect(await db().executions.prune({})).toBe(0);
      await own.drop();
    });
  });

  describe('settings', () => {
    it('seeds a default once, upserts, creates, lists and rejects duplicates', async () => {
      const seeded = await db().settings.ensureDefault(
        'timezone',
        'UTC',
        'Timezone used for scheduling jobs',
      );
      const again = await db().settings.ensureDefault('timezone', 'Europe/Rome', 'ignored');
      expect(again).toEqual(seeded);
      const changed = await db().settings.upsert('timezone', 'Europe/Kyiv');
      expect(changed).toMatchObject({
        value: 'Europe/Kyiv',
        description: 'Timezone used for scheduling jobs',
      });
      await db().settings.create('retention_days', '30', null);
      const duplicate = await db()
        .settings.create('retention_days', '31')
        .catch((error: unknown) => error);
      expect(duplicate).toBeInstanceOf(ConflictError);
      expect((duplicate as Error).message).toBe('Setting retention_days already exists');
      const page = await db().settings.list({ limit: 1 });
      expect(page.total).toBe(2);
      expect(page.items.map((setting) => setting.key)).toEqual(['retention_days']);
      await expect(db().settings.get('nope')).rejects.toBeInstanceOf(NotFoundError);
      expect(await db().settings.find('nope')).toBeNull();
    });

    it('seeds a default from many starting processes at once: each gets the one stored row', async () => {
      const seeds = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          db().settings.ensureDefault('race_seed', `value-${index}`, 'seeded concurrently'),
        ),
      );
      expect(new Set(seeds.map((seed) => seed.value)).size).toBe(1);
      const writes = await Promise.all(
        Array.from({ length: 12 }, (_, index) => db().settings.upsert('race_upsert', `value-${index}`)),
      );
      expect(writes).toHaveLength(12);
      expect((await db().settings.get('race_upsert')).value).toMatch(/^value-\d+$/);
    });
  });
});
