import { describe, expect, it } from 'vitest';
import { CoreHubContractError, CoreHubHttpError } from './corehub-error.js';
import { createFakeCoreHubClient } from './testing/fake-corehub-client.js';

describe('typed CoreHub reads', () => {
  it('unwraps [{entity: {...}}] from /entities', async () => {
    const hub = createFakeCoreHubClient(() => ({
      status: 200,
      body: [{ entity: { entityId: 'e1', entityName: 'LIB.T1', groupId: '_default' } }],
    }));
    await expect(hub.getPipelineEntities('p 1')).resolves.toEqual([
      { entityId: 'e1', entityName: 'LIB.T1', groupId: '_default' },
    ]);
    expect(hub.calls[0]).toMatchObject({ method: 'GET', path: '/pipelines/p%201/entities' });
  });

  it('folds id into entityId for config entities and defaults the group', async () => {
    const hub = createFakeCoreHubClient(() => ({ status: 200, body: { entities: [{ id: 'e2' }] } }));
    await expect(hub.getConfigEntities('p1')).resolves.toEqual([
      { id: 'e2', entityId: 'e2', groupId: '_default' },
    ]);
  });

  it('accepts a wrapped pipeline list', async () => {
    const hub = createFakeCoreHubClient(() => ({
      status: 200,
      body: { pipelines: [{ id: 'p1', name: 'one' }] },
    }));
    await expect(hub.listPipelines()).resolves.toEqual([{ id: 'p1', name: 'one' }]);
  });

  it('throws CoreHubContractError (not retryable) for a reply of the wrong shape', async () => {
    const hub = createFakeCoreHubClient(() => ({ status: 200, body: [{ name: 'no id' }] }));
    const error = await hub.listPipelines().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CoreHubContractError);
    expect(error).toMatchObject({ retryable: false, code: 'COREHUB_CONTRACT_VIOLATION' });
  });

  it('throws CoreHubContractError when entities-status holds no list', async () => {
    const hub = createFakeCoreHubClient(() => ({ status: 200, body: 'Accepted' }));
    await expect(hub.getEntitiesStatus('p1')).rejects.toBeInstanceOf(CoreHubContractError);
  });

  it('passes hub errors through as CoreHubHttpError', async () => {
    const hub = createFakeCoreHubClient(() => ({ status: 404, body: { message: 'Pipeline p9 not found' } }));
    await expect(hub.getConfigGroups('p9')).rejects.toBeInstanceOf(CoreHubHttpError);
  });
});
