import type { CreateJobInput, DbProvider } from '@chronos/db';
import { openTestDb, type TestDb } from '@chronos/db/testing';
import type { ChainedEventInput } from '@chronos/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const event = (overrides: Partial<ChainedEventInput> = {}): ChainedEventInput => ({
  taskType: 'entity_stop',
  pipelineId: 'p1',
  entityIds: ['e1'],
  groupIds: [],
  withSnapshot: false,
  snapshotWriteMethod: 'UPSERT',
  taskParams: {},
  executionMode: 'async',
  webhookTimeoutSeconds: 3600,
  ...overrides,
});

const jobInput = (overrides: Partial<CreateJobInput> = {}): CreateJobInput => ({
  name: 'chained',
  taskType: 'entity_stop',
  cronExpression: '0 1 * * *',
  timezoneName: 'UTC',
  pipelineId: 'p1',
  entityIds: ['e0'],
  ...overrides,
});

describe.each<DbProvider>(['postgresql', 'sqlite'])('chains repository on %s', (provider) => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await openTestDb(provider);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('stores a job with its events in order, replaces them all on update, [] clears, delete cascades', async () => {
    const { db } = testDb;
    const job = await db.jobs.create(
      jobInput({
        chainedEvents: [
          event({ executionMode: 'sync', webhookTimeoutSeconds: 5 }),
          event({
            taskType: 'query_studio',
            pipelineId: 'p2',
            taskParams: { agentId: 'a', querySql: 'select 1' },
          }),
        ],
      }),
    );
    const events = await db.chains.listEvents(job.id);
    expect(events.map((e) => [e.position, e.taskType, e.executionMode, e.webhookTimeoutSeconds])).toEqual([
      [0, 'entity_stop', 'sync', 5],
      [1, 'query_studio', 'async', 3600],
    ]);
    expect(events[1]?.taskParams).toEqual({ agentId: 'a', querySql: 'select 1' });

    await db.jobs.update(job.id, { chainedEvents: [event({ taskType: 'group_start', groupIds: ['g1'] })] });
    const replaced = await db.chains.listEvents(job.id);
    expect(replaced.map((e) => [e.position, e.taskType, e.groupIds])).toEqual([[0, 'group_start', ['g1']]]);
    expect(replaced[0]?.id).not.toBe(events[0]?.id);
    expect((await db.chains.listEventsOf([job.id])).get(job.id)).toHaveLength(1);
    expect((await db.chains.findEventChain(replaced[0]!.id))?.parentTaskType).toBe('entity_stop');

    await db.jobs.update(job.id, { chainedEvents: [] });
    expect(await db.chains.listEvents(job.id)).toEqual([]);

    await db.jobs.update(job.id, { chainedEvents: [event()] });
    await db.jobs.delete(job.id);
    expect(await db.chains.listEvents(job.id)).toEqual([]);
    expect((await db.chains.listChains()).some((chain) => chain.parentJobId === job.id)).toBe(false);
  });

  it('starts a chain once however often it is started, and fences step writes by status and attempt', async () => {
    const { db } = testDb;
    const job = await db.jobs.create(
      jobInput({ chainedEvents: [event({ executionMode: 'sync' }), event({ taskType: 'entity_start' })] }),
    );
    const { execution } = await db.executions.createIfAbsent({
      jobId: job.id,
      trigger: 'manual',
      scheduledFor: new Date(),
      status: 'succeeded',
    });
    const events = await db.chains.listEvents(job.id);
    const [first, second] = await Promise.all([
      db.chains.startChain(execution.id, job.taskType, events),
      db.chains.startChain(execution.id, job.taskType, events),
    ]);
    expect(first.map((step) => step.id)).toEqual(second.map((step) => step.id));
    expect(
      first.map((step) => [step.position, step.status, step.event.taskType, step.waitsForWebhook]),
    ).toEqual([
      [0, 'pending', 'entity_stop', true],
      [1, 'pending', 'entity_start', false],
    ]);
    expect(first[1]?.precedingTaskType).toBe('entity_stop');
    const step = first[0]!;
    expect(await db.chains.listWaitingSteps(step.eventId)).toHaveLength(1);

    const moves = await Promise.all([
      db.chains.updateStepIfUnchanged(step.id, step, { status: 'running', attempt: 1 }),
      db.chains.updateStepIfUnchanged(step.id, step, { status: 'running', attempt: 1 }),
    ]);
    expect(moves.filter(Boolean)).toHaveLength(1);
    await db.chains.updateStepIfUnchanged(
      step.id,
      { status: 'running', attempt: 1 },
      {
        status: 'succeeded',
        steps: [{ method: 'POST', path: '/x', status: 202, duration_ms: 1, message: null, at: 'now' }],
      },
    );
    expect(await db.chains.findStep(execution.id, 0)).toMatchObject({ status: 'succeeded', attempt: 1 });
    expect((await db.chains.findStep(execution.id, 0))?.steps).toHaveLength(1);
    expect(await db.chains.listWaitingSteps(step.eventId)).toEqual([]);

    // The event is replaced: the running chain keeps the copy it started with.
    await db.jobs.update(job.id, { chainedEvents: [event({ taskType: 'pipeline_stop' })] });
    expect((await db.chains.findStep(execution.id, 1))?.event.taskType).toBe('entity_start');
    await db.executions.prune({ maxRowsPerJob: 0, olderThan: new Date(Date.now() + 60_000) });
  });

  it('records webhook arrivals and finds the first since an instant', async () => {
    const { db } = testDb;
    const before = new Date(Date.now() - 10_000);
    const at = new Date();
    await db.chains.recordArrival(4242, before);
    expect(await db.chains.findArrivalSince(4242, at)).toBeNull();
    await db.chains.recordArrival(4242, at);
    expect((await db.chains.findArrivalSince(4242, at))?.getTime()).toBe(at.getTime());
    expect(await db.chains.findArrivalSince(4243, before)).toBeNull();
    expect(await db.chains.pruneArrivals(new Date(at.getTime() - 1))).toBeGreaterThanOrEqual(1);
    expect(await db.chains.findArrivalSince(4242, new Date(0))).not.toBeNull();
  });
});

describe.each<DbProvider>(['postgresql', 'sqlite'])('chain errors on the job on %s', (provider) => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await openTestDb(provider);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("joins chain errors into the job's last error with '; ', once each, without a version bump", async () => {
    const { db } = testDb;
    const job = await db.jobs.create(jobInput());
    const at = new Date('2026-12-08T01:00:00.000Z');
    await db.jobs.recordChainError(job.id, 'Chained event pos=0 (entity_stop) failed or timed out', at);
    await db.jobs.recordChainError(job.id, 'Chained event pos=0 (entity_stop) failed or timed out', at);
    await db.jobs.recordChainError(job.id, 'Chained event pos=2 (entity_start) failed or timed out', at);
    const after = await db.jobs.get(job.id);
    expect(after.lastErrorMessage).toBe(
      'Chained event pos=0 (entity_stop) failed or timed out; Chained event pos=2 (entity_start) failed or timed out',
    );
    expect(after.lastRunErrorTime?.toISOString()).toBe(at.toISOString());
    expect(after.version).toBe(job.version);
    await db.jobs.recordChainError(999_999, 'nothing', at);
  });
});
