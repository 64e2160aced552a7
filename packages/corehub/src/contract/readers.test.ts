import { describe, expect, it } from 'vitest';
import { readEntityIds, readGroupEntityIds, readResponseBody } from './readers.js';

describe('tolerant readers', () => {
  it('reads unique entity ids from /entities in any listed shape, unwrapping {entity: …}', () => {
    const body = { entities: [{ entity: { entityId: 'e1' } }, { id: 'e2' }, { entity: { entityId: 'e1' } }] };
    expect(readEntityIds(body)).toEqual(['e1', 'e2']);
    expect(readEntityIds([{ entity_id: 7 }, { name: 'no id' }, 'x'])).toEqual(['7']);
    expect(readEntityIds('Accepted')).toEqual([]);
  });

  it('reads the entities of one group from /config/entities', () => {
    const config = [
      { entityId: 'a1', groupId: 'ga' },
      { entity: { entityId: 'b1', groupId: 'gb' } },
      { id: 'a2', groupId: 'ga' },
    ];
    expect(readGroupEntityIds(config, 'ga')).toEqual(['a1', 'a2']);
    expect(readGroupEntityIds({ data: config }, 'gb')).toEqual(['b1']);
    expect(readGroupEntityIds(config, 'empty')).toEqual([]);
  });

  it('parses a JSON body that came as text, and keeps other text as it is', () => {
    expect(readResponseBody({ body: '[{"entityId":"e1"}]' })).toEqual([{ entityId: 'e1' }]);
    expect(readResponseBody({ body: 'Accepted' })).toBe('Accepted');
    expect(readResponseBody({ body: { ok: true } })).toEqual({ ok: true });
  });
});
