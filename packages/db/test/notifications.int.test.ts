import type { Db, DbProvider } from '@chronos/db';
import { openTestDb, type TestDb } from '@chronos/db/testing';
import type { Job } from '@chronos/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PROVIDERS: DbProvider[] = ['postgresql', 'sqlite'];

describe.each(PROVIDERS)('notifications repository on %s', (provider) => {
  let testDb: TestDb;
  let db: Db;
  beforeAll(async () => {
    testDb = await openTestDb(provider);
    db = testDb.db;
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  const createJob = (name: string): Promise<Job> =>
    db.jobs.create({
      name,
      taskType: 'pipeline_stop',
      cronExpression: '0 0 * * *',
      timezoneName: 'UTC',
      pipelineId: 'p1',
    });

  it('replaces a job’s notifications: keeps the secret of an item given by id, creates and deletes the rest', async () => {
    const job = await createJob('replace');
    const [first, second] = await db.notifications.replaceForJob(job.id, [
      { url: 'https://a.example/hook', events: ['failed'], secret: 'secret-a-0123456789' },
      { url: 'https://b.example/hook', events: ['missed', 'recovered'], secret: 'secret-b-0123456789' },
    ]);
    expect(first).toMatchObject({ jobId: job.id, url: 'https://a.example/hook', events: ['failed'] });
    expect(second?.events).toEqual(['missed', 'recovered']);

    const after = await db.notifications.replaceForJob(job.id, [
      { id: first!.id, url: 'https://a.example/v2', events: ['failed', 'timed_out'] },
      { url: 'https://c.example/hook', events: ['failed'], secret: 'secret-c-0123456789' },
    ]);
    expect(after.map((n) => n.url)).toEqual(['https://a.example/v2', 'https://c.example/hook']);
    expect(after[0]).toMatchObject({
      id: first!.id,
      secret: 'secret-a-0123456789',
      events: ['failed', 'timed_out'],
    });
    expect(await db.notifications.listForJob(job.id)).toEqual(after);

    // Another job's notification id is not this job's: it is neither updated nor kept.
    const other = await createJob('other');
    const [foreign] = await db.notifications.replaceForJob(other.id, [
      { url: 'https://d.example/hook', events: ['failed'], secret: 'secret-d-0123456789' },
    ]);
    await db.notifications.replaceForJob(job.id, [
      { id: foreign!.id, url: 'https://x.example', events: ['failed'] },
    ]);
    expect(await db.notifications.listForJob(job.id)).toEqual([]);
    expect((await db.notifications.listForJob(other.id))[0]?.url).toBe('https://d.example/hook');
  });

  it('finds the previous outcome that counts for recovery, by finish time', async () => {
    const job = await createJob('recovery');
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
    const make = async (seconds: number, status: 'failed' | 'succeeded' | 'skipped') =>
      (
        await db.executions.createIfAbsent({
          jobId: job.id,
          trigger: 'schedule',
          scheduledFor: at(seconds),
          status,
          finishedAt: at(seconds + 1),
        })
      ).execution;
    const failed = await make(0, 'failed');
    await make(10, 'skipped');
    const success = await make(20, 'succeeded');
    expect(
      await db.notifications.previousOutcome(job.id, { id: success.id, finishedAt: success.finishedAt! }),
    ).toBe('failed');
    expect(
      await db.notifications.previousOutcome(job.id, { id: failed.id, finishedAt: failed.finishedAt! }),
    ).toBeNull();
  });

  it('records attempts, tells a delivered one, lists newest first and prunes by age; deliveries outlive their notification but not their execution', async () => {
    const job = await createJob('deliveries');
    const [notification] = await db.notifications.replaceForJob(job.id, [
      { url: 'https://a.example/hook', events: ['failed'], secret: 'secret-a-0123456789' },
    ]);
    const { execution } = await db.executions.createIfAbsent({
      jobId: job.id,
      trigger: 'manual',
      scheduledFor: new Date(),
      status: 'failed',
      finishedAt: new Date(),
    });
    const base = {
      notificationId: notification!.id,
      jobId: job.id,
      executionId: execution.id,
      event: 'failed' as const,
      url: notification!.url,
      durationMs: 12,
    };
    await db.notifications.recordDelivery({
      ...base,
      attempt: 1,
      outcome: 'failed',
      statusCode: 500,
      error: 'HTTP 500',
      attemptedAt: new Date(Date.UTC(2026, 0, 1)),
    });
    expect(await db.notifications.isDelivered(notification!.id, execution.id, 'failed')).toBe(false);
    await db.notifications.recordDelivery({
      ...base,
      attempt: 2,
      outcome: 'delivered',
      statusCode: 204,
      error: null,
      attemptedAt: new Date(Date.UTC(2026, 0, 2)),
    });
    expect(await db.notifications.isDelivered(notification!.id, execution.id, 'failed')).toBe(true);
    const page = await db.notifications.listDeliveries({ jobId: job.id });
    expect(page.total).toBe(2);
    expect(page.items.map((d) => [d.attempt, d.outcome, d.statusCode])).toEqual([
      [2, 'delivered', 204],
      [1, 'failed', 500],
    ]);
    expect(
      (await db.notifications.listDeliveries({ jobId: job.id, executionId: execution.id + 999 })).total,
    ).toBe(0);

    await db.notifications.replaceForJob(job.id, []);
    const orphaned = await db.notifications.listDeliveries({ jobId: job.id });
    expect(orphaned.items.every((d) => d.notificationId === null && d.url === 'https://a.example/hook')).toBe(
      true,
    );

    expect(await db.notifications.pruneDeliveries(new Date(Date.UTC(2026, 0, 1, 12)))).toBe(1);
    await db.executions.prune({ olderThan: new Date(Date.now() + 60_000) });
    expect((await db.notifications.listDeliveries({ jobId: job.id })).total).toBe(0);
  });
});
