import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { ENTITIES, type Harness, PIPELINE } from './helpers/harness.js';
import type { AppProcess } from './helpers/processes.js';
import { waitFor } from './helpers/wait-for.js';

/*
 * TriggerFlows end to end: real api and worker processes (the documented entry points), the simulator as
 * CoreHub, the machine's PostgreSQL and Redis. Each assertion counts what CoreHub actually answered.
 */

const ENTER = `/pipelines/${PIPELINE}/commands/maintenance/enter`;
const EXIT = `/pipelines/${PIPELINE}/commands/maintenance/exit`;
const STOP = `/pipelines/${PIPELINE}/commands/sync/stop`;
const CHAIN_STOPPED = 'Chain stopped early — one or more sync events failed or timed out';

type Json = Record<string, unknown>;
type Answer = { status: number; body: Json };

async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json } satisfies Answer;
}

async function startApi(harness: Harness, extraEnv: Record<string, string> = {}): Promise<string> {
  const api = harness.spawn('api', extraEnv);
  return String((await api.waitForLog('api listening')).url);
}

async function startWorker(harness: Harness, extraEnv: Record<string, string> = {}): Promise<AppProcess> {
  const worker = harness.spawn('worker', extraEnv);
  await worker.waitForLog('worker started');
  return worker;
}

const maintenanceEvent = (command: 'enter' | 'exit', mode: 'sync' | 'async' = 'sync') => ({
  task_type: `pipeline_${command}_maintenance`,
  pipeline_id: PIPELINE,
  execution_mode: mode,
});

/** Requests CoreHub answered on `path` (a request cut off before its answer has no status). */
function answered(harness: Harness, path: string, entity?: string) {
  return harness.sim
    .journal({ kind: 'http', method: 'POST', path })
    .filter((entry) => entry.status !== undefined && (entity === undefined || entry.query.entity === entity));
}

async function createFlow(base: string, body: Json): Promise<{ id: number; token: string }> {
  const created = await call(`${base}/api/triggers`, 'POST', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: Number(created.body.id), token: String(created.body.secret_token) };
}

describe('TriggerFlows with real processes', () => {
  test('wait=true answers completed, then failed with the original messages, and a wait that times out', async ({
    harness,
  }) => {
    const [base] = await Promise.all([startApi(harness), startWorker(harness)]);
    const flow = await createFlow(base, {
      name: 'maintenance window',
      events: [maintenanceEvent('enter'), maintenanceEvent('exit')],
    });
    const fire = (query: string, body?: unknown) =>
      call(`${base}/api/triggers/${flow.id}/fire?${query}`, 'POST', body, { 'X-Trigger-Token': flow.token });

    const completed = await fire('wait=true', { ticket: 'T-1' });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({
      trigger_flow_id: flow.id,
      status: 'completed',
      events_count: 2,
      message: "TriggerFlow 'maintenance window' completed",
    });
    expect(answered(harness, ENTER)).toHaveLength(1);
    expect(answered(harness, EXIT)).toHaveLength(1);

    harness.sim.addFault({
      route: `POST ${EXIT}`,
      status: 400,
      body: { message: 'pipeline is busy' },
      times: 1,
    });
    const failed = await fire('wait=true');
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      status: 'failed',
      message: `TriggerFlow 'maintenance window' failed: ${CHAIN_STOPPED}`,
      detail: { failed_event: { position: 1, task_type: 'pipeline_exit_maintenance' } },
    });
    const afterFailure = await call(`${base}/api/triggers/${flow.id}`, 'GET');
    expect(afterFailure.body.last_error_message).toBe(CHAIN_STOPPED);
    expect(afterFailure.body.last_trigger_error_time).not.toBeNull();

    harness.sim.addFault({ route: `POST ${ENTER}`, delayMs: 3000, times: 1 });
    const timedOut = await fire('wait=true&wait_timeout_seconds=1');
    expect(timedOut.body).toMatchObject({
      status: 'failed',
      message: "TriggerFlow 'maintenance window' failed: Timed out after 1s waiting for chain to finish",
    });
    // The flow itself goes on and succeeds; success clears the flow's error.
    await waitFor(
      async () => (await call(`${base}/api/triggers/${flow.id}`, 'GET')).body.last_error_message === null,
      {
        what: 'the slow fire to succeed',
      },
    );
    const logs = await call(`${base}/api/triggers/${flow.id}/logs`, 'GET');
    expect((logs.body as unknown as Json[]).map((log) => [log.status, log.source])).toEqual([
      ['success', 'webhook'],
      ['failed', 'webhook'],
      ['success', 'webhook'],
    ]);
  }, 180_000);

  test('20 concurrent fires are recorded and run exactly once each', async ({ harness }) => {
    const [base] = await Promise.all([startApi(harness), startWorker(harness)]);
    const flow = await createFlow(base, {
      name: 'burst',
      events: [
        maintenanceEvent('enter'),
        { task_type: 'pipeline_stop', pipeline_id: PIPELINE, execution_mode: 'async' },
        maintenanceEvent('exit'),
      ],
    });
    const fires = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        call(`${base}/api/triggers/${flow.id}/fire`, 'POST', { n: index }, { 'X-Trigger-Token': flow.token }),
      ),
    );
    expect(fires.map((fire) => fire.status)).toEqual(Array(20).fill(202));
    expect(fires.every((fire) => fire.body.message === "TriggerFlow 'burst' queued for execution")).toBe(
      true,
    );
    await waitFor(
      async () => {
        const logs = (await call(`${base}/api/triggers/${flow.id}/logs?limit=100`, 'GET'))
          .body as unknown as Json[];
        return (
          logs.length === 20 &&
          logs.every((log) => log.status === 'success') &&
          answered(harness, STOP).length === 20
        );
      },
      { what: '20 flows and their async events to finish', timeoutMs: 90_000 },
    );
    // Let any duplicate that would have been queued arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await harness.db.flowLogs.listForFlow(flow.id, 100)).length).toBe(20);
    expect(answered(harness, ENTER)).toHaveLength(20);
    expect(answered(harness, STOP)).toHaveLength(20);
    expect(answered(harness, EXIT)).toHaveLength(20);
  }, 180_000);

  test('a worker killed in the middle of a flow: another worker finishes it, each event answered once', async ({
    harness,
  }) => {
    const slowHub = { COREHUB_REQUEST_TIMEOUT_MS: '120000' };
    const [base, first] = await Promise.all([startApi(harness), startWorker(harness, slowHub)]);
    const flow = await createFlow(base, {
      name: 'restart',
      events: [
        maintenanceEvent('enter'),
        { task_type: 'pipeline_stop', pipeline_id: PIPELINE, execution_mode: 'sync' },
        maintenanceEvent('exit'),
      ],
    });
    // The second event's first request never gets an answer: the worker is killed while it waits.
    harness.sim.addFault({ route: `POST ${STOP}`, hang: true, times: 1 });
    const fired = await call(`${base}/api/triggers/${flow.id}/fire`, 'POST', undefined, {
      'X-Trigger-Token': flow.token,
    });
    expect(fired.status).toBe(202);
    await waitFor(() => harness.sim.journal({ kind: 'http', path: STOP }).length === 1, {
      what: 'the worker to call the second event',
    });
    first.kill('SIGKILL');
    await first.exited;
    await startWorker(harness, slowHub);

    const logId = Number((fired.body.detail as Json).log_id);
    const log = await waitFor(
      async () => {
        const row = await harness.db.flowLogs.get(logId);
        return row.status === 'success' ? row : undefined;
      },
      { what: 'the flow to finish on the second worker', timeoutMs: 60_000 },
    );
    expect(log.attempt).toBe(2);
    expect(log.eventsDone).toBe(3);
    expect(answered(harness, ENTER)).toHaveLength(1);
    expect(answered(harness, STOP)).toHaveLength(1);
    expect(answered(harness, EXIT)).toHaveLength(1);
  }, 180_000);
});

describe('TriggerFlow tokens', () => {
  test('rotation invalidates the old token at once; unknown flow and wrong token are indistinguishable', async ({
    harness,
  }) => {
    const base = await startApi(harness);
    const flow = await createFlow(base, { name: 'tokens', events: [maintenanceEvent('enter')] });
    const fire = (id: number, token?: string) =>
      call(
        `${base}/api/triggers/${id}/fire`,
        'POST',
        undefined,
        token === undefined ? {} : { 'X-Trigger-Token': token },
      );

    expect((await fire(flow.id, flow.token)).status).toBe(202);
    expect((await call(`${base}/api/triggers/${flow.id}`, 'GET')).body).not.toHaveProperty('secret_token');

    const rotated = await call(`${base}/api/triggers/${flow.id}/regenerate-token`, 'POST');
    expect(rotated.status).toBe(200);
    const newToken = String(rotated.body.secret_token);
    expect(newToken).not.toBe(flow.token);
    const old = await fire(flow.id, flow.token);
    expect(old.status).toBe(401);
    expect(old.body.detail).toBe('Invalid token or TriggerFlow not found');
    expect((await fire(flow.id, newToken)).status).toBe(202);

    const unknown = await fire(2_000_000, newToken);
    const visible = ({ status, title, detail, code, type }: Json) => ({ status, title, detail, code, type });
    expect(unknown.status).toBe(401);
    expect(visible(unknown.body)).toEqual(visible(old.body));

    const missing = await fire(flow.id);
    expect(missing.status).toBe(401);
    expect(missing.body.detail).toBe('Missing X-Trigger-Token header');

    await call(`${base}/api/triggers/${flow.id}/status`, 'PATCH', { enabled: false });
    const disabled = await fire(flow.id, newToken);
    expect(disabled.status).toBe(403);
    expect(disabled.body.detail).toBe(`TriggerFlow ${flow.id} is disabled`);
    // Only the two accepted fires were recorded.
    expect(await harness.db.flowLogs.listForFlow(flow.id, 100)).toHaveLength(2);
  }, 120_000);
});

describe('platform events', () => {
  test('origin routing runs only the event whose entity the platform event names; bad headers answer 400', async ({
    harness,
  }) => {
    const [base] = await Promise.all([startApi(harness), startWorker(harness)]);
    const stopEntity = (entity: string) => ({
      task_type: 'entity_stop',
      pipeline_id: PIPELINE,
      entity_ids: [entity],
      execution_mode: 'sync',
    });
    const created = await call(`${base}/api/triggers`, 'POST', {
      name: 'on reorg',
      platform_event: 'TABLE_REORGANIZATION',
      events: [stopEntity(ENTITIES[0]), stopEntity(ENTITIES[1])],
    });
    expect(created.body.routing).toBe('origin');
    const flowId = Number(created.body.id);
    const send = (
      body: Json,
      headers: Record<string, string> = { EXT_MODULE: 'chronos', 'X-Trigger-Flow-ID': String(flowId) },
    ) => call(`${base}/api/webhooks/platform-event`, 'POST', body, headers);

    const ack = await send({ eventType: 'TABLE_REORGANIZATION', source: { kind: 'table', id: ENTITIES[1] } });
    expect(ack).toEqual({ status: 200, body: { acknowledged: true, flow_id: flowId } });
    await waitFor(async () => (await harness.db.flowLogs.listForFlow(flowId, 10))[0]?.status === 'success', {
      what: 'the routed flow to finish',
    });
    expect(answered(harness, STOP, ENTITIES[1])).toHaveLength(1);
    expect(answered(harness, STOP, ENTITIES[0])).toHaveLength(0);

    // Acknowledged, nothing recorded: no matching entity; another event than the flow's.
    expect((await send({ eventType: 'TABLE_REORGANIZATION', entityId: 'no-such-entity' })).status).toBe(200);
    expect((await send({ eventType: 'ENTITY_CDC_STARTED', entityId: ENTITIES[0] })).status).toBe(200);
    const logs = await harness.db.flowLogs.listForFlow(flowId, 10);
    expect(logs.map((log) => log.source)).toEqual(['platform_event']);

    const noModule = await send({}, { 'X-Trigger-Flow-ID': String(flowId) });
    expect(noModule.status).toBe(400);
    expect(noModule.body.detail).toBe("Invalid or missing EXT_MODULE header (expected 'chronos')");
    const noFlow = await send({}, { EXT_MODULE: 'chronos' });
    expect(noFlow.body.detail).toBe('Missing X-Trigger-Flow-ID header');
    const badFlow = await send({}, { EXT_MODULE: 'chronos', 'X-Trigger-Flow-ID': 'seven' });
    expect(badFlow.status).toBe(400);
    expect(String(badFlow.body.detail)).toMatch(/^Invalid X-Trigger-Flow-ID header: /);
  }, 180_000);
});
