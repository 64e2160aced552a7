import { toPlanStep } from '@chronos/jobs';
import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { waitFor } from './helpers/wait-for.js';

const MINUTE_MS = 60_000;

describe('open executions whose queue job is gone', () => {
  test('a run-now that Redis lost before it started is queued again and runs once', async ({ harness }) => {
    const job = await harness.createJob({ taskType: 'pipeline_stop' });
    // The API wrote the row, then Redis lost the queue job (restart without persistence, FLUSHALL).
    const { execution } = await harness.db.executions.createIfAbsent({
      jobId: job.id,
      trigger: 'manual',
      scheduledFor: new Date(Date.now() - 5 * MINUTE_MS),
      queuedAt: new Date(Date.now() - 5 * MINUTE_MS),
      status: 'queued',
    });

    await harness.startRuntime({ tuning: { sweepStaleAfterMs: MINUTE_MS } });
    const finished = await harness.waitForFinal(execution.id, 30_000);

    expect(finished).toMatchObject({ status: 'succeeded', attempt: 1 });
    expect(
      harness.sim.journal({ method: 'POST', path: `/pipelines/${job.pipelineId}/commands/sync/stop` }),
    ).toHaveLength(1);
  });

  test('a started execution no queue job carries any more is closed as failed, never run again', async ({
    harness,
  }) => {
    const job = await harness.createJob({ taskType: 'pipeline_stop', timeoutSeconds: 5 });
    const { execution } = await harness.db.executions.createIfAbsent({
      jobId: job.id,
      trigger: 'schedule',
      scheduledFor: new Date(Date.now() - 10 * MINUTE_MS),
      queuedAt: new Date(Date.now() - 10 * MINUTE_MS),
      status: 'running',
    });
    await harness.db.executions.update(execution.id, { startedAt: new Date(Date.now() - 10 * MINUTE_MS) });
    const recent = await harness.db.executions.createIfAbsent({
      jobId: job.id,
      trigger: 'schedule',
      scheduledFor: new Date(),
      status: 'running',
    });
    await harness.db.executions.update(recent.execution.id, { startedAt: new Date() });

    await harness.startRuntime({ tuning: { sweepStaleAfterMs: MINUTE_MS } });
    const closed = await harness.waitForFinal(execution.id, 30_000);

    expect(closed.status).toBe('failed');
    expect(closed.error).toMatch(/^abandoned: /);
    expect((await harness.db.jobs.get(job.id)).lastStatus).toBe('failed');
    expect(harness.sim.journal({ method: 'POST' })).toHaveLength(0);
    // The pass that closed the old row also saw this one: inside its time budget, it is left alone.
    expect((await harness.db.executions.get(recent.execution.id)).status).toBe('running');
  });
});

describe('open flow logs whose queue job is gone', () => {
  test('a fired flow Redis lost (or never got: the api died in between) is queued again and runs once', async ({
    harness,
  }) => {
    const flow = await harness.db.triggerFlows.create({
      name: 'lost',
      description: null,
      enabled: true,
      platformEvent: null,
      routing: null,
      secretTokenHash: 'c'.repeat(64),
      events: [
        {
          taskType: 'pipeline_stop',
          pipelineId: '8aeb9fb6',
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
    // The row as the api writes it, without the queue job it would have added next.
    const log = await harness.db.flowLogs.create({
      triggerFlowId: flow.id,
      source: 'webhook',
      plan: flow.events.map((event) => toPlanStep(event)),
      triggeredAt: new Date(Date.now() - 5 * MINUTE_MS),
    });

    await harness.startRuntime({ tuning: { sweepStaleAfterMs: MINUTE_MS } });
    const finished = await waitFor(
      async () => {
        const row = await harness.db.flowLogs.get(log.id);
        return row.status === 'success' ? row : undefined;
      },
      { what: 'the lost flow to run' },
    );
    expect(finished.attempt).toBe(1);
    expect(
      harness.sim.journal({ method: 'POST', path: '/pipelines/8aeb9fb6/commands/sync/stop' }),
    ).toHaveLength(1);
  });
});

describe('chain steps whose queue job is gone', () => {
  test('a due step that never started is queued again and runs once', async ({ harness }) => {
    const job = await harness.createJob({
      taskType: 'pipeline_stop',
      chainedEvents: [
        {
          taskType: 'entity_start',
          pipelineId: harness.sim.state.snapshot().pipelines[0]!.id,
          entityIds: ['98fd97b8'],
          groupIds: [],
          withSnapshot: false,
          snapshotWriteMethod: 'UPSERT',
          taskParams: {},
          executionMode: 'async',
          webhookTimeoutSeconds: 60,
        },
      ],
    });
    // The parent succeeded and its chain started, then Redis lost the step's queue job.
    const { execution } = await harness.db.executions.createIfAbsent({
      jobId: job.id,
      trigger: 'manual',
      scheduledFor: new Date(Date.now() - 5 * MINUTE_MS),
      status: 'succeeded',
    });
    await harness.db.chains.startChain(
      execution.id,
      job.taskType,
      await harness.db.chains.listEvents(job.id),
    );

    await harness.startRuntime({ tuning: { sweepStaleAfterMs: 1 } });
    await expect
      .poll(async () => (await harness.db.chains.findStep(execution.id, 0))?.status, { timeout: 30_000 })
      .toBe('succeeded');
    expect(
      harness.sim
        .journal({ method: 'POST', path: `/pipelines/${job.pipelineId}/commands/sync/start` })
        .filter((entry) => entry.query.entity === '98fd97b8'),
    ).toHaveLength(1);
  });
});
