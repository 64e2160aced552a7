import type { DbProvider, TriggerFlowEventInput } from '@chronos/db';
import { openTestDb, type TestDb } from '@chronos/db/testing';
import { NotFoundError } from '@chronos/errors';
import { type FlowPlanStep, toPlanStep } from '@chronos/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const event = (overrides: Partial<TriggerFlowEventInput> = {}): TriggerFlowEventInput => ({
  taskType: 'entity_start',
  pipelineId: 'p1',
  entityIds: ['e1'],
  groupIds: [],
  withSnapshot: false,
  snapshotWriteMethod: 'UPSERT',
  taskParams: {},
  executionMode: 'sync',
  allowAiRunLoop: false,
  ...overrides,
});

const flowInput = (overrides: Record<string, unknown> = {}) => ({
  name: 'on reorg',
  description: null,
  enabled: true,
  platformEvent: null,
  routing: null,
  secretTokenHash: 'a'.repeat(64),
  events: [event(), event({ taskType: 'pipeline_stop', executionMode: 'async', entityIds: [] })],
  ...overrides,
});

describe.each<DbProvider>(['sqlite', 'postgresql'])('trigger flows on %s', (provider) => {
  let test: TestDb;
  beforeAll(async () => {
    test = await openTestDb(provider);
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('creates a flow with its events in order and reads it back', async () => {
    const flow = await test.db.triggerFlows.create(
      flowInput({
        events: [
          event({ taskType: 'query_studio', taskParams: { agentId: 'a', querySql: 'select 1' } }),
          event(),
        ],
      }),
    );
    expect(flow.events.map((item) => [item.position, item.taskType])).toEqual([
      [0, 'query_studio'],
      [1, 'entity_start'],
    ]);
    expect(flow.events[0]?.taskParams).toEqual({ agentId: 'a', querySql: 'select 1' });
    expect(await test.db.triggerFlows.get(flow.id)).toEqual(flow);
    expect(await test.db.triggerFlows.findTokenHash(flow.id)).toBe('a'.repeat(64));
  });

  it('replaces every event on update and keeps the rest of the flow', async () => {
    const flow = await test.db.triggerFlows.create(flowInput());
    const updated = await test.db.triggerFlows.update(flow.id, {
      name: 'renamed',
      events: [event({ taskType: 'group_start', groupIds: ['g1'], entityIds: [] })],
    });
    expect(updated.name).toBe('renamed');
    expect(updated.events.map((item) => item.taskType)).toEqual(['group_start']);
    const untouched = await test.db.triggerFlows.update(flow.id, { enabled: false });
    expect(untouched.events).toEqual(updated.events);
    expect(untouched.enabled).toBe(false);
  });

  it('answers TriggerFlow {id} not found for a missing flow', async () => {
    await expect(test.db.triggerFlows.get(999_999)).rejects.toThrow('TriggerFlow 999999 not found');
    await expect(test.db.triggerFlows.update(999_999, { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(test.db.triggerFlows.delete(999_999)).rejects.toBeInstanceOf(NotFoundError);
    expect(await test.db.triggerFlows.findTokenHash(999_999)).toBeNull();
  });

  it('lists every flow with a platform event, enabled or not', async () => {
    const on = await test.db.triggerFlows.create(
      flowInput({ platformEvent: 'TABLE_DDL', routing: 'origin' }),
    );
    const off = await test.db.triggerFlows.create(
      flowInput({ platformEvent: 'ENTITY_CDC_STARTED', enabled: false }),
    );
    const listed = await test.db.triggerFlows.listPlatformEventFlows();
    expect(listed).toEqual(
      expect.arrayContaining([
        { id: on.id, platformEvent: 'TABLE_DDL', enabled: true },
        { id: off.id, platformEvent: 'ENTITY_CDC_STARTED', enabled: false },
      ]),
    );
    expect(listed.every((item) => item.platformEvent)).toBe(true);
  });

  it('advances a log once per event, fenced by attempt, and deletes logs and events with the flow', async () => {
    const flow = await test.db.triggerFlows.create(flowInput());
    const plan: FlowPlanStep[] = flow.events.map((item) => toPlanStep(item));
    const log = await test.db.flowLogs.create({
      triggerFlowId: flow.id,
      source: 'webhook',
      plan,
      triggeredAt: new Date(),
    });
    expect(log).toMatchObject({ status: 'queued', eventsDone: 0, attempt: 0, plan });
    const claimed = await test.db.flowLogs.claim(log.id, 0);
    expect(claimed).toMatchObject({ status: 'running', attempt: 1 });
    // A second delivery that read the same row loses the claim.
    expect(await test.db.flowLogs.claim(log.id, 0)).toBeNull();
    expect(await test.db.flowLogs.advance(log.id, 1, 0)).toBe(true);
    expect(await test.db.flowLogs.advance(log.id, 1, 0)).toBe(false);
    // A redelivery takes the row over; the old attempt can no longer write.
    const retaken = await test.db.flowLogs.claim(log.id, 1);
    expect(retaken).toMatchObject({ attempt: 2, eventsDone: 1 });
    expect(await test.db.flowLogs.advance(log.id, 1, 1)).toBe(false);
    const finish = { status: 'failed' as const, errorMessage: 'boom', finishedAt: new Date(), durationMs: 5 };
    expect(await test.db.flowLogs.finish(log.id, 1, finish)).toBe(false);
    const detail = { position: 1, task_type: 'pipeline_stop', error: 'boom' };
    expect(await test.db.flowLogs.finish(log.id, 2, { ...finish, detail })).toBe(true);
    expect(await test.db.flowLogs.get(log.id)).toMatchObject({ status: 'failed', detail, durationMs: 5 });

    await test.db.triggerFlows.delete(flow.id);
    expect(await test.db.flowLogs.find(log.id)).toBeNull();
    expect(await test.db.triggerFlows.find(flow.id)).toBeNull();
  });

  it('lists logs newest first and prunes finished ones beyond the bound, never open ones', async () => {
    const flow = await test.db.triggerFlows.create(flowInput());
    const base = Date.parse('2026-01-01T00:00:00Z');
    const ids: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      const log = await test.db.flowLogs.create({
        triggerFlowId: flow.id,
        source: 'manual',
        plan: [],
        triggeredAt: new Date(base + index * 1000),
      });
      ids.push(log.id);
      if (index < 4) {
        await test.db.flowLogs.claim(log.id, 0);
        await test.db.flowLogs.finish(log.id, 1, {
          status: 'success',
          errorMessage: null,
          finishedAt: new Date(),
          durationMs: 1,
        });
      }
    }
    expect((await test.db.flowLogs.listForFlow(flow.id, 3)).map((log) => log.id)).toEqual([
      ids[4],
      ids[3],
      ids[2],
    ]);
    const deleted = await test.db.flowLogs.prune({ maxRowsPerFlow: 2 });
    expect(deleted).toBe(3);
    expect((await test.db.flowLogs.listForFlow(flow.id, 100)).map((log) => log.id)).toEqual([ids[4], ids[3]]);
    // The sweeper's view: open rows fired before the cutoff, oldest first.
    expect(
      (await test.db.flowLogs.listOpen({ before: new Date(base + 60_000), limit: 10 })).map((log) => log.id),
    ).toEqual([ids[4]]);
    expect(await test.db.flowLogs.listOpen({ before: new Date(base), limit: 10 })).toEqual([]);
    // By age: the open (queued) row stays whatever its age.
    expect(await test.db.flowLogs.prune({ olderThan: new Date(base + 60_000) })).toBe(1);
    expect((await test.db.flowLogs.listForFlow(flow.id, 100)).map((log) => log.id)).toEqual([ids[4]]);
  });
});
