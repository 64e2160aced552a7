import { describe, expect, it } from 'vitest';
import { DEFAULT_USERS, generateFixture, loadDemoFixture, parseFixture } from './fixture.js';

describe('fixtures', () => {
  it('loads the demo fixture with one user per role', () => {
    const demo = loadDemoFixture();
    expect(demo.pipelines.map((pipeline) => pipeline.id)).toEqual(['8aeb9fb6', 'c41f0e22', 'd9a8b7c6']);
    expect(demo.users.map((user) => user.role)).toEqual([
      'SUPER_ADMIN',
      'MANAGER',
      'MONITOR',
      'VIEWER',
      'EXTERNAL_MODULE',
    ]);
    expect(DEFAULT_USERS[0]?.token).toBe('sim-super-admin-token');
  });

  it('generates stable ids spread over groups', () => {
    const fixture = generateFixture({ pipelines: 2, entitiesPerPipeline: 5, groupsPerPipeline: 2 });
    const [first] = fixture.pipelines;
    expect(first?.id).toBe('p0001');
    expect(first?.entities.map((entity) => `${entity.entityId}@${entity.groupId}`)).toEqual([
      'p0001-e0001@p0001-g01',
      'p0001-e0002@p0001-g02',
      'p0001-e0003@p0001-g01',
      'p0001-e0004@p0001-g02',
      'p0001-e0005@p0001-g01',
    ]);
  });

  it('rejects a fixture without pipelines', () => {
    expect(() => parseFixture({ users: [] })).toThrow();
  });
});
