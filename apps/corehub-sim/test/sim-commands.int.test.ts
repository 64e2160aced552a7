import {
  EntityStatusListSchema,
  PipelineEntitiesReplySchema,
  PipelineListSchema,
} from '@chronos/corehub/contract';
import { describe, expect, it } from 'vitest';
import { call, PIPELINE, startSim } from './helpers/sim.js';

const TOKEN = 'sim-external-module-token';
const CUSTOMERS = '98fd97b8';
const ORDERS = 'a3c1e2f0';
const ORDER_LINES = 'b7d2f4a1';

function command(path: string) {
  return `/pipelines/${PIPELINE}/commands/${path}`;
}

describe('simulated CoreHub reads', () => {
  it('lists pipelines and answers one by id, 404 for an unknown id', async () => {
    const sim = await startSim();
    const list = await call(sim, 'GET', '/pipelines', { token: TOKEN });
    expect(PipelineListSchema.parse(list.body).map((pipeline) => pipeline.id)).toEqual([
      PIPELINE,
      'c41f0e22',
      'd9a8b7c6',
    ]);
    expect((await call(sim, 'GET', `/pipelines/${PIPELINE}`, { token: TOKEN })).body).toMatchObject({
      id: PIPELINE,
    });

    const missing = await call(sim, 'GET', '/pipelines/nope', { token: TOKEN });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ message: 'Pipeline nope not found' });
  });

  it('wraps entities as [{entity: {...}}] and serves config entities, groups and statuses', async () => {
    const sim = await startSim();
    const entities = PipelineEntitiesReplySchema.parse(
      (await call(sim, 'GET', `/pipelines/${PIPELINE}/entities`, { token: TOKEN })).body,
    );
    expect(entities[0]?.entity).toMatchObject({
      entityId: CUSTOMERS,
      entityName: 'GSLIBTST.CUSTOMERS',
      groupId: '_default',
    });
    expect((await call(sim, 'GET', `/pipelines/${PIPELINE}/config/groups`, { token: TOKEN })).body).toEqual([
      { groupId: '_default', name: 'default', description: '', color: '#00000000' },
      { groupId: 'g-orders', name: 'orders', description: 'Order header and lines', color: '#1E88E5FF' },
    ]);
    const statuses = EntityStatusListSchema.parse(
      (await call(sim, 'GET', `/pipelines/${PIPELINE}/entities-status`, { token: TOKEN })).body,
    );
    expect(statuses.every((status) => !status.isSyncActive && !status.isMigrationActive)).toBe(true);
  });

  it('upserts config entities and renames a pipeline', async () => {
    const sim = await startSim();
    const upsert = await call(sim, 'PUT', `/pipelines/${PIPELINE}/config/entities`, {
      token: TOKEN,
      body: {
        entities: [
          { entityId: 'new1', entityName: 'LIB.NEW', groupId: 'g-orders' },
          { id: CUSTOMERS, groupId: 'g-orders' },
        ],
      },
    });
    expect(upsert).toMatchObject({ status: 200, text: 'Entity upsert success' });
    expect(
      sim.state.listConfigEntities(PIPELINE)?.filter((entity) => entity.groupId === 'g-orders'),
    ).toHaveLength(4);

    const renamed = await call(sim, 'PUT', `/pipelines/${PIPELINE}`, {
      token: TOKEN,
      body: { name: 'Renamed' },
    });
    expect(renamed.body).toMatchObject({ id: PIPELINE, name: 'Renamed' });
  });
});

describe('simulated CoreHub commands', () => {
  it('start sets isSyncActive on the entity and answers 202 text', async () => {
    const sim = await startSim();
    const reply = await call(
      sim,
      'POST',
      `${command('sync/start')}?entity=${CUSTOMERS}&withSnapshot=false&snapshotWriteMethod=UPSERT`,
      {
        token: TOKEN,
      },
    );

    expect(reply).toMatchObject({
      status: 202,
      text: 'Start sync command received and dispatched to agents',
    });
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(sim.state.getEntityStatus(PIPELINE, CUSTOMERS)).toMatchObject({
      isSyncActive: true,
      isMigrationActive: false,
    });
    expect(sim.state.getEntityStatus(PIPELINE, ORDERS)?.isSyncActive).toBe(false);
  });

  it('start with a snapshot also starts a migration', async () => {
    const sim = await startSim();
    await call(sim, 'POST', `${command('sync/start')}?entity=${CUSTOMERS}&withSnapshot=true`, {
      token: TOKEN,
    });
    expect(sim.state.getEntityStatus(PIPELINE, CUSTOMERS)).toMatchObject({
      isSyncActive: true,
      isMigrationActive: true,
    });
  });

  it('start without an entity starts the whole pipeline', async () => {
    const sim = await startSim();
    await call(sim, 'POST', command('sync/start'), { token: TOKEN });
    expect(sim.state.listEntityStatuses(PIPELINE)?.every((status) => status.isSyncActive)).toBe(true);
  });

  it('stop clears isSyncActive only after the configured delay', async () => {
    const sim = await startSim({ behaviour: { stopDelayMs: 150, migrationMs: 60_000 } });
    await call(sim, 'POST', `${command('sync/start')}?entity=${CUSTOMERS}`, { token: TOKEN });
    const reply = await call(sim, 'POST', `${command('sync/stop')}?entity=${CUSTOMERS}`, { token: TOKEN });

    expect(reply).toMatchObject({ status: 202, text: 'Stop sync command received and dispatched to agents' });
    expect(sim.state.getEntityStatus(PIPELINE, CUSTOMERS)).toMatchObject({
      isSyncActive: true,
      isBusy: true,
    });
    await expect
      .poll(() => sim.state.getEntityStatus(PIPELINE, CUSTOMERS)?.isSyncActive, { timeout: 5000 })
      .toBe(false);
    expect(sim.state.getEntityStatus(PIPELINE, CUSTOMERS)?.isBusy).toBe(false);
  });

  it('one-time snapshot sets isMigrationActive for the configured while', async () => {
    const sim = await startSim({ behaviour: { stopDelayMs: 0, migrationMs: 150 } });
    const reply = await call(
      sim,
      'POST',
      `${command('sync/one-time-snapshot')}?entity=${ORDERS}&snapshotWriteMethod=INSERT&fromScratch=true`,
      { token: TOKEN },
    );

    expect(reply).toMatchObject({
      status: 202,
      text: 'One-time snapshot command received and dispatched to agents',
    });
    expect(sim.state.getEntityStatus(PIPELINE, ORDERS)?.isMigrationActive).toBe(true);
    await expect
      .poll(() => sim.state.getEntityStatus(PIPELINE, ORDERS)?.isMigrationActive, { timeout: 5000 })
      .toBe(false);
  });

  it('redo restarts sync with a migration and clears an error', async () => {
    const sim = await startSim();
    sim.state.setEntityStatus(PIPELINE, ORDERS, { errorState: { severity: 'ERROR', message: 'boom' } });
    const reply = await call(
      sim,
      'POST',
      `${command('sync/redo')}?entity=${ORDERS}&withSnapshot=true&snapshotWriteMethod=UPSERT`,
      {
        token: TOKEN,
      },
    );

    expect(reply).toMatchObject({
      status: 202,
      text: 'Restart sync command received and dispatched to agents',
    });
    expect(sim.state.getEntityStatus(PIPELINE, ORDERS)).toMatchObject({
      isSyncActive: true,
      isMigrationActive: true,
      errorState: null,
    });
  });

  it('group commands act on the entities of that group only', async () => {
    const sim = await startSim();
    await call(sim, 'POST', `${command('sync/start-group')}?groupId=g-orders&withSnapshot=false`, {
      token: TOKEN,
    });
    const flags = () =>
      sim.state.listEntityStatuses(PIPELINE)?.map((status) => [status.entityId, status.isSyncActive]);
    expect(flags()).toEqual([
      [CUSTOMERS, false],
      [ORDERS, true],
      [ORDER_LINES, true],
    ]);

    await call(
      sim,
      'POST',
      `${command('sync/one-time-snapshot-group')}?groupId=g-orders&snapshotWriteMethod=UPSERT`,
      { token: TOKEN },
    );
    expect(sim.state.getEntityStatus(PIPELINE, ORDER_LINES)?.isMigrationActive).toBe(true);
    await call(sim, 'POST', `${command('sync/stop-group')}?groupId=g-orders`, { token: TOKEN });
    expect(flags()).toEqual([
      [CUSTOMERS, false],
      [ORDERS, false],
      [ORDER_LINES, false],
    ]);
    const redo = await call(sim, 'POST', `${command('sync/redo-group')}?groupId=g-orders&withSnapshot=true`, {
      token: TOKEN,
    });
    expect(redo.status).toBe(202);
    expect(sim.state.getEntityStatus(PIPELINE, ORDERS)).toMatchObject({
      isSyncActive: true,
      isMigrationActive: true,
    });
  });

  it('maintenance enter and exit toggle isInMaintenanceMode', async () => {
    const sim = await startSim();
    const enter = await call(sim, 'POST', command('maintenance/enter'), { token: TOKEN });
    expect(enter).toMatchObject({ status: 202, text: 'Pipeline entered maintenance mode' });
    expect((await call(sim, 'GET', `/pipelines/${PIPELINE}`, { token: TOKEN })).body).toMatchObject({
      isInMaintenanceMode: true,
    });

    await call(sim, 'POST', command('maintenance/exit'), { token: TOKEN });
    expect(sim.state.getPipeline(PIPELINE)?.isInMaintenanceMode).toBe(false);
  });

  it.each([
    ['unknown pipeline', '/pipelines/nope/commands/sync/start', 404],
    ['unknown entity', `${command('sync/stop')}?entity=nope`, 404],
    ['unknown group', `${command('sync/stop-group')}?groupId=nope`, 404],
    ['group command without groupId', command('sync/redo-group'), 400],
    ['bad snapshotWriteMethod', `${command('sync/one-time-snapshot')}?snapshotWriteMethod=MERGE`, 400],
    ['bad boolean', `${command('sync/start')}?withSnapshot=yes`, 400],
    ['unknown command', command('sync/explode'), 404],
    ['unknown maintenance command', command('maintenance/toggle'), 404],
  ])('answers %s with %i', async (_case, path, status) => {
    const sim = await startSim();
    const reply = await call(sim, 'POST', path, { token: TOKEN });
    expect(reply.status).toBe(status);
    expect(reply.body).toMatchObject({ notificationId: -1, message: expect.any(String) });
  });

  it('requires a valid token for commands', async () => {
    const sim = await startSim();
    expect((await call(sim, 'POST', command('sync/start'))).status).toBe(401);
    expect(sim.state.getEntityStatus(PIPELINE, CUSTOMERS)?.isSyncActive).toBe(false);
  });
});
