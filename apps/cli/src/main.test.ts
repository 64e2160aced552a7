import { describe, expect, it } from 'vitest';
import { main } from './main.js';

const capture = () => {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
    },
  };
};

describe('main', () => {
  it('lists the commands for help and exits 0', async () => {
    const { out, io } = capture();
    expect(await main(['help'], {}, io)).toBe(0);
    expect(out.stdout).toMatch(/^usage: chronos <command>/);
    expect(out.stdout).toContain('migrate');
  });

  it('exits 2 with the help text when no command is given', async () => {
    const { out, io } = capture();
    expect(await main([], {}, io)).toBe(2);
    expect(out.stdout).toContain('commands:');
  });

  it('rejects an unknown command with exit code 2 on stderr', async () => {
    const { out, io } = capture();
    expect(await main(['frobnicate'], {}, io)).toBe(2);
    expect(out.stderr).toMatch(/^chronos: unknown command "frobnicate"\n/);
  });

  it('turns a configuration error into one line naming the variable, exit code 1', async () => {
    const { out, io } = capture();
    expect(await main(['migrate', 'status'], { DB_URL: 'ftp://example/chronos' }, io)).toBe(1);
    expect(out.stderr).toMatch(/^chronos migrate: invalid configuration: DB_URL: [^\n]+\n$/);
  });
});
