import { describe, expect, it } from 'vitest';
import { buildHandshakeHeaders } from './handshake-headers.js';
import { normalizeLicense } from './module-license.js';

describe('buildHandshakeHeaders', () => {
  it('sends license, tag, port and scheme', () => {
    expect(
      buildHandshakeHeaders({
        license: 'LIC',
        moduleTag: 'scheduler-module',
        modulePort: 1717,
        moduleScheme: 'https',
      }),
    ).toEqual({
      'Module-License': 'LIC',
      'Module-Tag': 'scheduler-module',
      'Module-Port': '1717',
      'Module-Scheme': 'https',
    });
  });

  it('leaves the license header out when there is none (development)', () => {
    const headers = buildHandshakeHeaders({
      license: undefined,
      moduleTag: 'scheduler-module',
      modulePort: 8080,
      moduleScheme: 'http',
    });
    expect(headers).not.toHaveProperty('Module-License');
    expect(headers['Module-Port']).toBe('8080');
  });
});

describe('normalizeLicense', () => {
  it('removes surrounding whitespace and line breaks a header cannot carry', () => {
    expect(normalizeLicense('  ABC\r\nDEF\nGHI\n')).toBe('ABCDEFGHI');
  });
});
