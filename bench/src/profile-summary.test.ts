import { describe, expect, it } from 'vitest';
import { packageOf, summarizeProfile } from './profile-summary.js';

describe('packageOf', () => {
  it('names pnpm packages, workspace packages and node internals', () => {
    expect(packageOf('file:///w/node_modules/.pnpm/luxon@3.7.2/node_modules/luxon/build/node/luxon.js')).toBe(
      'luxon',
    );
    expect(
      packageOf('file:///w/node_modules/.pnpm/@prisma+client@7.1.0/node_modules/@prisma/client/x.js'),
    ).toBe('@prisma/client');
    expect(packageOf('file:///work/main/packages/schedule/src/parse-cron.ts')).toBe('packages/schedule');
    expect(packageOf('node:internal/timers')).toBe('node');
    expect(packageOf('')).toBe('(native / idle / gc)');
  });
});

describe('summarizeProfile', () => {
  const frame = (functionName: string, url = 'file:///work/main/apps/api/src/a.ts') => ({
    functionName,
    url,
    lineNumber: 0,
  });
  // root → handler → parse → parse (recursion) ; root → (idle)
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
      { id: 2, callFrame: frame('handler'), children: [3] },
      { id: 3, callFrame: frame('parse'), children: [4] },
      { id: 4, callFrame: frame('parse') },
      { id: 5, callFrame: frame('(idle)', '') },
    ],
    samples: [2, 3, 4, 4, 5],
    timeDeltas: [1000, 2000, 3000, 4000, 50_000],
  };

  it('counts self time where samples land and inclusive time once per sample, idle excluded', () => {
    const summary = summarizeProfile(profile);
    expect(summary.totalMs).toBe(10);
    expect(Object.fromEntries(summary.self)).toEqual({
      'handler apps/api/src/a.ts:1': 1,
      'parse apps/api/src/a.ts:1': 9,
    });
    const inclusive = Object.fromEntries(summary.inclusive);
    expect(inclusive['parse apps/api/src/a.ts:1']).toBe(9);
    expect(inclusive['handler apps/api/src/a.ts:1']).toBe(10);
    expect(Object.fromEntries(summary.byPackage)).toEqual({ 'apps/api': 10 });
  });
});
