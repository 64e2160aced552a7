import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { waitFor } from './helpers/wait-for.js';

const DAY_MS = 86_400_000;

describe('retention', () => {
  test('prunes finished executions older than RETENTION_DAYS and beyond RETENTION_MAX_ROWS_PER_JOB, never open ones', async ({
    harness,
  }) => {
    const job = await harness.createJob({ taskType: 'pipeline_stop' });
    const now = Date.now();
    const ages = [40, 3, 2, 1, 0.5]; // days ago
    for (const days of ages) {
      const { execution } = await harness.db.executions.createIfAbsent({
        jobId: job.id,
        trigger: 'manual',
        scheduledFor: new Date(now - days * DAY_MS),
        status: 'queued',
      });
      await harness.db.executions.update(execution.id, { status: 'succeeded', finishedAt: new Date() });
    }
    const open = await harness.db.executions.createIfAbsent({
      jobId: job.id,
      trigger: 'manual',
      scheduledFor: new Date(now - 50 * DAY_MS),
      status: 'running',
    });

    await harness.startRuntime({
      env: { RETENTION_DAYS: '30', RETENTION_MAX_ROWS_PER_JOB: '2' },
      tuning: { pruneIntervalMs: 200 },
    });
    await waitFor(async () => (await harness.db.executions.list({ jobId: job.id })).total === 3, {
      what: 'old rows to be pruned',
    });

    const { items } = await harness.db.executions.list({ jobId: job.id });
    const kept = items.map(
      (execution) => Math.round((now - execution.scheduledFor.getTime()) / (DAY_MS / 2)) / 2,
    );
    // The two newest finished rows, plus the open one however old it is.
    expect(kept.sort((a, b) => a - b)).toEqual([0.5, 1, 50]);
    expect(items.find((execution) => execution.id === open.execution.id)?.status).toBe('running');
  });

  test('prunes webhook delivery attempts older than RETENTION_DAYS, also of executions it keeps', async ({
    harness,
  }) => {
    const job = await harness.createJob({ taskType: 'pipeline_stop' });
    const [notification] = await harness.db.notifications.replaceForJob(job.id, [
      { url: 'https://alerts.example/hook', events: ['failed'], secret: 'secret-0123456789abcdef' },
    ]);
    const { execution } = await harness.db.executions.createIfAbsent({
      jobId: job.id,
      trigger: 'manual',
      scheduledFor: new Date(),
      status: 'failed',
      finishedAt: new Date(),
    });
    const now = Date.now();
    for (const [attempt, days] of [
      [1, 40],
      [2, 1],
    ] as const) {
      await harness.db.notifications.recordDelivery({
        notificationId: notification!.id,
        jobId: job.id,
        executionId: execution.id,
        event: 'failed',
        url: notification!.url,
        attempt,
        outcome: 'failed',
        statusCode: 500,
        error: 'HTTP 500',
        durationMs: 3,
        attemptedAt: new Date(now - days * DAY_MS),
      });
    }

    await harness.startRuntime({ env: { RETENTION_DAYS: '30' }, tuning: { pruneIntervalMs: 200 } });
    await waitFor(
      async () => (await harness.db.notifications.listDeliveries({ jobId: job.id })).total === 1,
      {
        what: 'the old attempt to be pruned',
      },
    );
    const { items } = await harness.db.notifications.listDeliveries({ jobId: job.id });
    expect(items.map((delivery) => delivery.attempt)).toEqual([2]);
    expect((await harness.db.executions.get(execution.id)).status).toBe('failed');
  });
});

describe('retention of TriggerFlow logs', () => {
  test('keeps the newest RETENTION_MAX_ROWS_PER_JOB finished logs per flow, none older than RETENTION_DAYS, and every open one', async ({
    harness,
  }) => {
    const flow = await harness.db.triggerFlows.create({
      name: 'pruned',
      description: null,
      enabled: true,
      platformEvent: null,
      routing: null,
      secretTokenHash: 'b'.repeat(64),
      events: [
        {
          taskType: 'pipeline_stop',
          pipelineId: 'p1',
          entityIds: [],
          groupIds: [],
          withSnapshot: false,
          snapshotWriteMethod: 'UPSERT',
          taskParams: {},
          executionMode: 'sync',
          allowAiRunLoop: false,
        },
      ],
    });
    const now = Date.now();
    for (const days of [40, 3, 2, 1]) {
      const log = await harness.db.flowLogs.create({
        triggerFlowId: flow.id,
        source: 'webhook',
        plan: [],
        triggeredAt: new Date(now - days * DAY_MS),
      });
      await harness.db.flowLogs.claim(log.id, 0);
      await harness.db.flowLogs.finish(log.id, 1, {
        status: 'success',
        errorMessage: null,
        finishedAt: new Date(),
        durationMs: 1,
      });
    }
    const open = await harness.db.flowLogs.create({
      triggerFlowId: flow.id,
      source: 'manual',
      plan: [],
      triggeredAt: new Date(now - 50 * DAY_MS),
    });

    await harness.startRuntime({
      env: { RETENTION_DAYS: '30', RETENTION_MAX_ROWS_PER_JOB: '2' },
      tuning: { pruneIntervalMs: 200 },
    });
    await waitFor(async () => (await harness.db.flowLogs.listForFlow(flow.id, 100)).length === 3, {
      what: 'old flow logs to be pruned',
    });
    const kept = await harness.db.flowLogs.listForFlow(flow.id, 100);
    expect(kept.map((log) => Math.round((now - log.triggeredAt.getTime()) / DAY_MS))).toEqual([1, 2, 50]);
    expect(kept.at(-1)?.id).toBe(open.id);
  });
});
