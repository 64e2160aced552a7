import { describe, expect, it } from 'vitest';
import { LICENSE, MODULE_HEADERS, openModule, startSim } from './helpers/sim.js';

describe('module handshake and frames', () => {
  it('issues a token that expires after the configured TTL', async () => {
    const sim = await startSim({ behaviour: { tokenTtlMs: 90_000 } });
    const before = Date.now();
    const { frames } = await openModule(sim);
    const [token] = frames;

    expect(token?.type).toBe('token');
    if (token?.type !== 'token') return;
    const ttl = Date.parse(token.expiresAt) - before;
    expect(ttl).toBeGreaterThan(80_000);
    expect(ttl).toBeLessThanOrEqual(91_000);
    const claims = JSON.parse(Buffer.from(token.token.split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({ iss: 'MOLO17', sub: 'scheduler-module', role: 'EXTERNAL_MODULE' });
  });

  it('rejects a wrong license with 401 and missing headers with 400', async () => {
    const sim = await startSim();
    await expect(openModule(sim, { ...MODULE_HEADERS, 'Module-License': 'stolen' })).rejects.toThrow('401');
    const { 'Module-Tag': _tag, ...withoutTag } = MODULE_HEADERS;
    await expect(openModule(sim, withoutTag)).rejects.toThrow('400');
    await expect(openModule(sim, { ...MODULE_HEADERS, 'Module-Scheme': 'ftp' })).rejects.toThrow('400');
    await expect(openModule(sim, { ...MODULE_HEADERS, 'Module-Port': 'x' })).rejects.toThrow('400');
    expect(sim.modules()).toHaveLength(0);
  });

  it('accepts any license, or none, when it has none configured', async () => {
    const sim = await startSim({ license: undefined });
    const { 'Module-License': _license, ...withoutLicense } = MODULE_HEADERS;
    await expect(openModule(sim, withoutLicense)).resolves.toMatchObject({ frames: [{ type: 'token' }] });
    expect(LICENSE).not.toBe('');
  });

  it('answers token.refresh with a new token and ping with the matching pong', async () => {
    const sim = await startSim();
    const { ws, frames, next } = await openModule(sim);

    ws.send(JSON.stringify({ type: 'token.refresh' }));
    const refreshed = await next();
    expect(refreshed.type).toBe('token');
    expect(refreshed).not.toEqual(frames[0]);

    ws.send(JSON.stringify({ type: 'ping', id: 'p-1' }));
    expect(await next()).toEqual({ type: 'pong', id: 'p-1' });
    expect(sim.modules()[0]).toMatchObject({ pingsAnswered: 1, tokenRefreshes: 1 });
  });

  it('answers an unknown frame with an error frame and keeps the socket open', async () => {
    const sim = await startSim();
    const { ws, next } = await openModule(sim);

    ws.send('not json');
    expect(await next()).toMatchObject({ type: 'error', code: 'BAD_FRAME' });
    ws.send(JSON.stringify({ type: 'ping', id: 'still-there' }));
    expect(await next()).toEqual({ type: 'pong', id: 'still-there' });
  });
});
