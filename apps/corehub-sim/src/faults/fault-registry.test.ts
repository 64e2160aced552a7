import { describe, expect, it } from 'vitest';
import { FaultRegistry } from './fault-registry.js';

describe('FaultRegistry', () => {
  it('matches * as one segment and ** as any rest', () => {
    const registry = new FaultRegistry();
    registry.add({ route: 'POST /pipelines/*/commands/sync/start', status: 503 });
    registry.add({ route: '/auth/**', status: 500 });

    expect(registry.take('POST', '/pipelines/p1/commands/sync/start')?.status).toBe(503);
    expect(registry.take('GET', '/pipelines/p1/commands/sync/start')).toBeUndefined();
    expect(registry.take('POST', '/pipelines/p1/x/commands/sync/start')).toBeUndefined();
    expect(registry.take('GET', '/auth/me')?.status).toBe(500);
    expect(registry.take('DELETE', '/auth/a/b/c')?.status).toBe(500);
  });

  it('takes literal characters literally', () => {
    const registry = new FaultRegistry();
    registry.add({ route: 'GET /pipelines/p.1', status: 500 });
    expect(registry.take('GET', '/pipelines/pX1')).toBeUndefined();
    expect(registry.take('GET', '/pipelines/p.1')?.status).toBe(500);
  });

  it('retires a fault after `times` hits and counts hits', () => {
    const registry = new FaultRegistry();
    registry.add({ route: '/pipelines', status: 429, times: 2 });
    expect(registry.take('GET', '/pipelines')?.hits).toBe(1);
    expect(registry.list()[0]?.hits).toBe(1);
    expect(registry.take('GET', '/pipelines')?.hits).toBe(2);
    expect(registry.take('GET', '/pipelines')).toBeUndefined();
  });

  it('applies the first matching fault first', () => {
    const registry = new FaultRegistry();
    registry.add({ route: '/pipelines', status: 500, times: 1 });
    registry.add({ route: '*  /pipelines', status: 502 });
    expect(registry.take('GET', '/pipelines')?.status).toBe(500);
    expect(registry.take('GET', '/pipelines')?.status).toBe(502);
  });
});
