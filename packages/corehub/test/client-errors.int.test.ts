import { describe, expect, it } from 'vitest';
import {
  buildPipelineReadRequest,
  findPendingEntities,
  type PipelineRead,
  readEntityIds,
  readGroupEntityIds,
  readResponseBody,
} from '../src/contract/index.js';
import { CoreHubHttpError, CoreHubNetworkError, CoreHubTimeoutError } from '../src/index.js';
import { getList, startClient, startSimulator } from './helpers/client.js';

describe('failures become CoreHubError subclasses', () => {
  it('answers 404 for an unknown pipeline as a non-retryable CoreHubHttpError with the hub message', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    const error = await client
      .send({ method: 'GET', path: '/pipelines/nope/entities' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CoreHubHttpError);
    expect(error).toMatchObject({ status: 404, retryable: false, hubMessage: 'Pipeline nope not found' });
    expect((error as CoreHubHttpError).upstreamRequestId).toMatch(/[0-9a-f-]{36}/);
  });

  it('carries Retry-After of a 429 and stays retryable', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    sim.addFault({ route: 'GET /pipelines', status: 429, retryAfterSeconds: 2, times: 1 });
    const error = await getList(client, '/pipelines').catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
      code: 'COREHUB_RATE_LIMITED',
    });
  });

  it('times out a hanging call with a retryable CoreHubTimeoutError', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    await client.connect();
    sim.addFault({ route: 'GET /pipelines/*/entities-status', hang: true });
    const error = await client
      .send({ method: 'GET', path: '/pipelines/8aeb9fb6/entities-status', timeoutMs: 200 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CoreHubTimeoutError);
    expect(error).toMatchObject({ retryable: true, code: 'COREHUB_TIMEOUT', request: { method: 'GET' } });
  });

  it('stops when the caller aborts, without marking the call retryable', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    await client.connect();
    sim.addFault({ route: 'POST /pipelines/*/commands/sync/stop', hang: true });
    const controller = new AbortController();
    const pending = client.send({
      method: 'POST',
      path: '/pipelines/8aeb9fb6/commands/sync/stop',
      signal: controller.signal,
    });
    await expect.poll(() => sim.journal({ method: 'POST' }).length).toBe(1);
    controller.abort(new Error('execution timed out'));
    const error = await pending.catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CoreHubNetworkError);
    expect(error).toMatchObject({ code: 'COREHUB_ABORTED', retryable: false });
  });

  it('turns a reset connection into a retryable CoreHubNetworkError', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    await client.connect();
    sim.addFault({ route: 'GET /pipelines', reset: true, times: 1 });
    const error = await getList(client, '/pipelines').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CoreHubNetworkError);
    expect(error).toMatchObject({ retryable: true });
  });

  it('hands a malformed body to the caller as text, which the contract readers read as no entities', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    sim.addFault({ route: 'GET /pipelines/*/config/entities', malformed: true, times: 1 });
    const response = await client.send(buildPipelineReadRequest('8aeb9fb6', 'configEntities'));

    expect(typeof response.body).toBe('string');
    expect(readGroupEntityIds(readResponseBody(response), 'g-orders')).toEqual([]);
  });

  it('resolves the generic send with the text body of a command and its duration', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    const response = await client.send({
      method: 'POST',
      path: '/pipelines/8aeb9fb6/commands/maintenance/enter',
    });

    expect(response).toMatchObject({ status: 202, text: 'Pipeline entered maintenance mode' });
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
    expect(sim.state.getPipeline('8aeb9fb6')?.isInMaintenanceMode).toBe(true);
  });
});

describe('the contract against the simulator', () => {
  it("reads entity ids, a group's entities and the settled state from the simulator's replies", async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    const read = async (pipelineId: string, what: PipelineRead) =>
      readResponseBody(await client.send(buildPipelineReadRequest(pipelineId, what)));

    expect(readEntityIds(await read('8aeb9fb6', 'pipelineEntities'))).toEqual([
      '98fd97b8',
      'a3c1e2f0',
      'b7d2f4a1',
    ]);
    expect(readGroupEntityIds(await read('8aeb9fb6', 'configEntities'), 'g-orders')).toEqual([
      'a3c1e2f0',
      'b7d2f4a1',
    ]);
    // e1c0ffee is syncing; e2c0ffee is idle and in warning.
    expect(findPendingEntities(await read('c41f0e22', 'entitiesStatus'), ['e1c0ffee', 'e2c0ffee'])).toEqual([
      'e1c0ffee',
    ]);
  });

  it('introspects a caller with their own bearer or gs-auth cookie, not the module token', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });

    await expect(client.getMe({ authorization: 'Bearer sim-manager-token' })).resolves.toMatchObject({
      username: 'manager',
      role: 'MANAGER',
    });
    await expect(client.getMe({ cookie: 'theme=dark; gs-auth=sim-viewer-token' })).resolves.toMatchObject({
      role: 'VIEWER',
    });
    const [byCookie] = sim.journal({ path: '/auth/me' }).slice(-1);
    expect(byCookie?.headers.cookie).toBe('theme=dark; gs-auth=sim-viewer-token');
    expect(byCookie?.headers).not.toHaveProperty('authorization');
    expect(sim.journal({ path: '/ext-module' })).toHaveLength(0);

    const error = await client.getMe({ authorization: 'Bearer forged' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 401, retryable: false });
  });
});
