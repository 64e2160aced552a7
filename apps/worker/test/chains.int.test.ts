import { enqueueRunNow } from '@chronos/queue';
import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { type Harness, PIPELINE } from './helpers/harness.js';
import type { AppProcess } from './helpers/processes.js';
import { waitFor } from './helpers/wait-for.js';

/** Three entities of the demo pipeline (apps/corehub-sim/fixtures/demo.json). */
const [E0, E1, E2] = ['98fd97b8', 'a3c1e2f0', 'b7d2f4a1'] as const;
/** Where no Chronos listens: automatic deliveries go nowhere unless a test points them somewhere. */
const NOWHERE = 'http://127.0.0.1:1';
const CHAIN_ENV = { CHAIN_WAIT_RECHECK_SECONDS: '2', WEBHOOK_SYNC_INTERVAL_SECONDS: '3600' };

type ApiJob = { id: number; chained_events: Array<{ id: number; position: number }> };
type ChainStepView = {
  position: number;
  status: string;
  waits_for_webhook: boolean;
  wait_started_at: string | null;
  webhook_received_at: string | null;
  steps: Array<{ method: string; path: string }>;
};

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function startApi(harness: Harness): Promise<{ process: AppProcess; url: string }> {
  const api = harness.spawn('api', CHAIN_ENV);
  const line = await api.waitForLog('api listening');
  return { process: api, url: String(line.url) };
}

function commandCalls(harness: Harness, command: 'start' | 'stop', entity: string): number {
  return harness.sim
    .journal({ kind: 'http', method: 'POST', path: `/pipelines/${PIPELINE}/commands/sync/${command}` })
    .filter((entry) => entry.query.entity === entity).length;
}

async function chainOf(harness: Harness, executionId: number) {
  return harness.db.chains.listSteps(executionId);
}

describe('chained events across processes', () => {
  test('a chain of three whose middle step waits for a webhook sent to another api; the waiting worker is SIGKILLed and a second continues: each call once', async ({
    harness,
  }) => {
    harness.sim.setWebhookAddress(NOWHERE);
    const [api1, api2] = await Promise.all([startApi(harness), startApi(harness)]);
    const job = await call<ApiJob>(api1.url, 'POST', '/api/jobs', {
      name: 'stop, then restart two entities',
      task_type: 'entity_stop',
      cron_expression: '0 3 1 1 *',
      enabled: false,
      pipeline_id: PIPELINE,
      entity_ids: [E0],
      chained_events: [
        // Fired without waiting; CoreHub announces its stop, which the next event waits for.
        { task_type: 'entity_stop', pipeline_id: PIPELINE, entity_ids: [E1], execution_mode: 'async' },
        {
          task_type: 'entity_start',
          pipeline_id: PIPELINE,
          entity_ids: [E1],
          execution_mode: 'sync',
          webhook_timeout_seconds: 600,
        },
        // After a start CoreHub announces: a sync event would wait again, this one is fired.
        { task_type: 'entity_start', pipeline_id: PIPELINE, entity_ids: [E2], execution_mode: 'async' },
      ],
    });
    const middle = job.chained_events[1]!;
    const webhookId = `chronos-sync-${middle.id}`;
    // api1 registered the middle event's webhook after the write; only that event waits.
    const registered = await waitFor(
      () => harness.sim.webhooks().find((webhook) => webhook.id === webhookId),
      {
        what: 'the webhook to be registered in CoreHub',
      },
    );
    expect(registered).toMatchObject({
      webhookUrl: '{{chronos_address}}/api/webhooks/notify',
      enabledEvents: ['ENTITY_CDC_STOPPED'],
      entityFilter: [E1],
      customHeaders: { 'X-Event-ID': String(middle.id), EXT_MODULE: 'chronos' },
    });
    expect(harness.sim.webhooks().filter((webhook) => webhook.id.startsWith('chronos-'))).toHaveLength(1);

    const worker1 = harness.spawn('worker', CHAIN_ENV);
    await worker1.waitForLog('worker started');
    const run = await call<{ id: number }>(api1.url, 'POST', `/api/jobs/${job.id}/run`);
    const waiting = await waitFor(
      async () => {
        const steps = await chainOf(harness, run.id);
        return steps[1]?.status === 'waiting' && steps[0]?.status === 'succeeded' ? steps : undefined;
      },
      { what: 'the middle step to wait for the webhook', explain: () => chainOf(harness, run.id) },
    );
    expect(waiting[2]?.status).toBe('pending');

    worker1.kill('SIGKILL');
    await worker1.exited;
    const worker2 = harness.spawn('worker', CHAIN_ENV);
    await worker2.waitForLog('worker started');

    // CoreHub delivers the webhook to the other api process.
    const delivery = await harness.sim.deliverWebhook(webhookId, api2.url);
    expect(delivery).toMatchObject({
      status: 200,
      body: { acknowledged: true, event_id: String(middle.id) },
    });

    const done = await waitFor(
      async () => {
        const steps = await chainOf(harness, run.id);
        return steps.every((step) => step.status === 'succeeded') ? steps : undefined;
      },
      { what: 'the chain to finish', timeoutMs: 45_000, explain: () => chainOf(harness, run.id) },
    );
    expect(done.map((step) => [step.position, step.status, step.attempt])).toEqual([
      [0, 'succeeded', 1],
      [1, 'succeeded', 1],
      [2, 'succeeded', 1],
    ]);
    expect(done[1]?.webhookReceivedAt).not.toBeNull();
    // Each CoreHub call once: the parent's stop, the async stop, and the two starts.
    expect(commandCalls(harness, 'stop', E0)).toBe(1);
    expect(commandCalls(harness, 'stop', E1)).toBe(1);
    expect(commandCalls(harness, 'start', E1)).toBe(1);
    expect(commandCalls(harness, 'start', E2)).toBe(1);

    // The parent execution's history shows each step (read through the other api).
    const execution = await call<{ status: string; chain: ChainStepView[] }>(
      api2.url,
      'GET',
      `/api/executions/${run.id}`,
    );
    expect(execution.status).toBe('succeeded');
    expect(execution.chain.map((step) => [step.position, step.status, step.waits_for_webhook])).toEqual([
      [0, 'succeeded', false],
      [1, 'succeeded', true],
      [2, 'succeeded', false],
    ]);
    expect(execution.chain[1]?.steps.map((step) => `${step.method} ${step.path}`)).toEqual([
      `POST /pipelines/${PIPELINE}/commands/sync/start?entity=${E1}&withSnapshot=false&snapshotWriteMethod=UPSERT`,
    ]);
    const status = await call<Record<string, unknown>>(api1.url, 'GET', `/api/jobs/${job.id}/chain-status`);
    expect(status).toEqual({
      job_id: job.id,
      has_chained_events: true,
      chain_error: null,
      last_error_time: null,
    });
  });

  test('a webhook CoreHub sends while the parent task still runs (before the wait begins) still counts', async ({
    harness,
  }) => {
    const api = await startApi(harness);
    harness.sim.setWebhookAddress(api.url);
    const job = await call<ApiJob>(api.url, 'POST', '/api/jobs', {
      name: 'stop two, then restart the first',
      task_type: 'entity_stop',
      cron_expression: '0 3 1 1 *',
      enabled: false,
      pipeline_id: PIPELINE,
      // E0 stops first; the pause before E1's stop keeps the parent running while CoreHub announces E0.
      entity_ids: [E0, E1],
      chained_events: [
        { task_type: 'entity_start', pipeline_id: PIPELINE, entity_ids: [E0], execution_mode: 'sync' },
      ],
    });
    const webhookId = `chronos-sync-${job.chained_events[0]!.id}`;
    await waitFor(() => harness.sim.webhooks().some((webhook) => webhook.id === webhookId), {
      what: 'the webhook to be registered',
    });
    const worker = harness.spawn('worker', { ...CHAIN_ENV, ENTITY_START_TIMEOUT: '1' });
    await worker.waitForLog('worker started');
    const run = await call<{ id: number }>(api.url, 'POST', `/api/jobs/${job.id}/run`);

    const [step] = await waitFor(
      async () => {
        const steps = await chainOf(harness, run.id);
        return steps[0]?.status === 'succeeded' ? steps : undefined;
      },
      { what: 'the chained step to run', timeoutMs: 30_000, explain: () => chainOf(harness, run.id) },
    );
    const delivered = harness.sim.webhookDeliveries().filter((entry) => entry.webhookId === webhookId);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ status: 200, body: { acknowledged: true } });
    expect(step?.webhookReceivedAt).not.toBeNull();
    expect(step?.waitStartedAt).not.toBeNull();
    // It arrived before the step began to wait, and it was counted.
    expect(step!.webhookReceivedAt!.getTime()).toBeLessThan(step!.waitStartedAt!.getTime());
    expect(commandCalls(harness, 'start', E0)).toBe(1);
  });

  test('no webhook in time: the chain stops, later steps are skipped, the job carries the message', async ({
    harness,
  }) => {
    harness.sim.setWebhookAddress(NOWHERE);
    const api = await startApi(harness);
    const job = await call<ApiJob>(api.url, 'POST', '/api/jobs', {
      name: 'stop, then restart',
      task_type: 'entity_stop',
      cron_expression: '0 3 1 1 *',
      enabled: false,
      pipeline_id: PIPELINE,
      entity_ids: [E0],
      chained_events: [
        {
          task_type: 'entity_start',
          pipeline_id: PIPELINE,
          entity_ids: [E0],
          execution_mode: 'sync',
          webhook_timeout_seconds: 1,
        },
        { task_type: 'entity_start', pipeline_id: PIPELINE, entity_ids: [E1], execution_mode: 'sync' },
      ],
    });
    const worker = harness.spawn('worker', { ...CHAIN_ENV, CHAIN_WAIT_RECHECK_SECONDS: '0.2' });
    await worker.waitForLog('worker started');
    const run = await call<{ id: number }>(api.url, 'POST', `/api/jobs/${job.id}/run`);

    const steps = await waitFor(
      async () => {
        const chain = await chainOf(harness, run.id);
        return chain[1]?.status === 'skipped' ? chain : undefined;
      },
      { what: 'the chain to stop', timeoutMs: 30_000, explain: () => chainOf(harness, run.id) },
    );
    expect(steps.map((step) => step.status)).toEqual(['timed_out', 'skipped']);
    expect(steps[0]?.error).toBe('no webhook from CoreHub within 1 s');
    const message = 'Chained event pos=0 (entity_start) failed or timed out';
    const status = await waitFor(
      async () => {
        const current = await call<{ chain_error: string | null; last_error_time: string | null }>(
          api.url,
          'GET',
          `/api/jobs/${job.id}/chain-status`,
        );
        return current.chain_error ? current : undefined;
      },
      { what: "the job's error" },
    );
    expect(status.chain_error).toBe(message);
    expect(status.last_error_time).not.toBeNull();
    expect((await harness.db.executions.get(run.id)).status).toBe('succeeded');
    expect(commandCalls(harness, 'start', E0)).toBe(0);
    expect(commandCalls(harness, 'start', E1)).toBe(0);
  });

  test("two api processes registering at once: CoreHub's list ends with both, others' entries kept, stale ours gone", async ({
    harness,
  }) => {
    // CoreHub already holds someone else's webhook and a stale one of ours (a job deleted while it was down).
    const login = await call<{ apiToken: string }>(harness.sim.url, 'POST', '/authentication/login', {
      username: 'admin',
      password: 'admin',
    });
    await fetch(`${harness.sim.url}/global-config/webhooks`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.apiToken}` },
      body: JSON.stringify([
        {
          id: 'ops-alerts',
          webhookUrl: 'https://ops.example/hook',
          enabledEvents: ['ENTITY_SNAPSHOT_FAILED'],
        },
        { id: 'chronos-sync-999999', webhookUrl: '{{chronos_address}}/api/webhooks/notify' },
      ]),
    });
    const [api1, api2] = await Promise.all([startApi(harness), startApi(harness)]);
    const body = (entity: string, index: number) => ({
      name: `chain ${index}`,
      task_type: 'entity_stop',
      cron_expression: '0 3 1 1 *',
      enabled: false,
      pipeline_id: PIPELINE,
      entity_ids: [entity],
      chained_events: [
        { task_type: 'entity_start', pipeline_id: PIPELINE, entity_ids: [entity], execution_mode: 'sync' },
      ],
    });
    const jobs = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((index) =>
        call<ApiJob>(index % 2 === 0 ? api1.url : api2.url, 'POST', '/api/jobs', body(E0, index)),
      ),
    );
    const expected = jobs.map((job) => `chronos-sync-${job.chained_events[0]!.id}`).sort();
    const ids = () => harness.sim.webhooks().map((webhook) => webhook.id);
    await waitFor(
      () => {
        const present = ids();
        return expected.every((id) => present.includes(id)) && !present.includes('chronos-sync-999999');
      },
      { what: 'every webhook to be registered', explain: ids },
    );
    expect(
      ids()
        .filter((id) => id.startsWith('chronos-'))
        .sort(),
    ).toEqual(expected);
    expect(harness.sim.webhooks().find((webhook) => webhook.id === 'ops-alerts')).toEqual({
      id: 'ops-alerts',
      webhookUrl: 'https://ops.example/hook',
      enabledEvents: ['ENTITY_SNAPSHOT_FAILED'],
    });

    // Deleting a job removes its webhook; an update that ends the wait removes it too.
    await call(api2.url, 'DELETE', `/api/jobs/${jobs[0]!.id}`);
    await call(api1.url, 'PUT', `/api/jobs/${jobs[1]!.id}`, { chained_events: [] });
    const gone = [jobs[0]!, jobs[1]!].map((job) => `chronos-sync-${job.chained_events[0]!.id}`);
    await waitFor(() => !ids().some((id) => gone.includes(id)), { what: 'the webhooks to go', explain: ids });
    expect(ids().filter((id) => id.startsWith('chronos-'))).toHaveLength(4);
    expect(ids()).toContain('ops-alerts');

    // A platform-event TriggerFlow is the registry's second source: created → registered, deleted → gone.
    const flow = await call<{ id: number }>(api2.url, 'POST', '/api/triggers', {
      name: 'on table DDL',
      platform_event: 'TABLE_DDL',
      events: [{ task_type: 'entity_stop', pipeline_id: PIPELINE, entity_ids: [E0] }],
    });
    const platformId = `chronos-platform-${flow.id}`;
    await waitFor(() => ids().includes(platformId), { what: 'the flow webhook', explain: ids });
    expect(harness.sim.webhooks().find((webhook) => webhook.id === platformId)).toMatchObject({
      webhookUrl: '{{chronos_address}}/api/webhooks/platform-event',
      enabledEvents: ['TABLE_DDL'],
      customHeaders: { 'X-Trigger-Flow-ID': String(flow.id), EXT_MODULE: 'chronos' },
    });
    await call(api1.url, 'DELETE', `/api/triggers/${flow.id}`);
    await waitFor(() => !ids().includes(platformId), { what: 'the flow webhook to go', explain: ids });
    expect(ids().filter((id) => id.startsWith('chronos-'))).toHaveLength(4);
  });

  test('a worker that died after the success but before the chain started: the redelivery starts it, once', async ({
    harness,
  }) => {
    const job = await harness.createJob({
      taskType: 'pipeline_stop',
      chainedEvents: [
        {
          taskType: 'entity_start',
          pipelineId: PIPELINE,
          entityIds: [E2],
          groupIds: [],
          withSnapshot: false,
          snapshotWriteMethod: 'UPSERT',
          taskParams: {},
          executionMode: 'async',
          webhookTimeoutSeconds: 60,
        },
      ],
    });
    // The execution's success was written; the delivery died before it queued the chain.
    const { execution } = await harness.db.executions.createIfAbsent({
      jobId: job.id,
      trigger: 'manual',
      scheduledFor: new Date(),
      status: 'succeeded',
    });
    await harness.startRuntime();
    await enqueueRunNow(harness.queue, { jobId: job.id, executionId: execution.id });
    await enqueueRunNow(harness.queue, { jobId: job.id, executionId: execution.id });
    const [step] = await waitFor(
      async () => {
        const steps = await chainOf(harness, execution.id);
        return steps[0]?.status === 'succeeded' ? steps : undefined;
      },
      { what: 'the chain to run', explain: () => chainOf(harness, execution.id) },
    );
    expect(step?.attempt).toBe(1);
    expect(commandCalls(harness, 'start', E2)).toBe(1);
    expect(
      harness.sim.journal({ method: 'POST', path: `/pipelines/${PIPELINE}/commands/sync/stop` }),
    ).toHaveLength(0);
  });
});
