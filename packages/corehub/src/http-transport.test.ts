import { describe, expect, it } from 'vitest';
import { buildRequestUrl, parseBody } from './http-transport.js';

describe('buildRequestUrl', () => {
  it('sends booleans as true/false and drops undefined values', () => {
    const url = buildRequestUrl('https://hub:1717/', {
      method: 'POST',
      path: '/pipelines/p1/commands/sync/start',
      query: { entity: 'e 1', withSnapshot: false, snapshotWriteMethod: 'UPSERT', groupId: undefined, n: 2 },
    });
    expect(url).toBe(
      'https://hub:1717/pipelines/p1/commands/sync/start?entity=e+1&withSnapshot=false&snapshotWriteMethod=UPSERT&n=2',
    );
  });
});

describe('parseBody', () => {
  it('parses JSON and keeps text as text', () => {
    expect(parseBody('[{"entityId":"e1"}]')).toEqual([{ entityId: 'e1' }]);
    expect(parseBody('Restart sync command received and dispatched to agents')).toBe(
      'Restart sync command received and dispatched to agents',
    );
    expect(parseBody('')).toBe('');
  });
});
