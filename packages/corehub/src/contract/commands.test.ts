import { describe, expect, it } from 'vitest';
import {
  buildMaintenanceCommandRequest,
  buildSyncCommandRequest,
  redoQuery,
  SyncCommandQuerySchema,
  snapshotQuery,
  startQuery,
} from './commands.js';
import { buildPipelineReadRequest } from './routes.js';

describe('command requests (DESIGN §5)', () => {
  it('escapes the pipeline id and sends booleans as true/false, in the given order', () => {
    expect(
      buildSyncCommandRequest('p 1/x', 'start', { entity: 'e1', ...startQuery(false, 'INSERT') }),
    ).toEqual({
      method: 'POST',
      path: '/pipelines/p%201%2Fx/commands/sync/start',
      query: { entity: 'e1', withSnapshot: 'false', snapshotWriteMethod: 'INSERT' },
    });
  });

  it('leaves the query out when there is none', () => {
    expect(buildSyncCommandRequest('p1', 'stop')).toEqual({
      method: 'POST',
      path: '/pipelines/p1/commands/sync/stop',
    });
    expect(buildMaintenanceCommandRequest('p1', 'enter')).toEqual({
      method: 'POST',
      path: '/pipelines/p1/commands/maintenance/enter',
    });
  });

  it('builds the write-method queries the simulator reads back', () => {
    const snapshot = buildSyncCommandRequest('p1', 'one-time-snapshot-group', {
      groupId: 'g1',
      ...snapshotQuery('UPSERT'),
    });
    expect(snapshot.query).toEqual({ groupId: 'g1', snapshotWriteMethod: 'UPSERT', fromScratch: 'true' });
    expect(SyncCommandQuerySchema.parse(snapshot.query)).toEqual({
      groupId: 'g1',
      snapshotWriteMethod: 'UPSERT',
      fromScratch: true,
    });
    expect(buildSyncCommandRequest('p1', 'redo', redoQuery('INSERT')).query).toEqual({
      withSnapshot: 'true',
      snapshotWriteMethod: 'INSERT',
    });
  });

  it('reads a pipeline resource with GET', () => {
    expect(buildPipelineReadRequest('p/1', 'entitiesStatus')).toEqual({
      method: 'GET',
      path: '/pipelines/p%2F1/entities-status',
    });
  });
});
