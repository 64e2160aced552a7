import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

function run(argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
  };
  return main(argv, {}, io).then((code) => ({ code, ...out }));
}

describe('chronos token', () => {
  it('prints a token and the API_TOKENS entry holding its SHA-256, never the token itself', async () => {
    const result = await run(['token', 'ci-bot', 'manager']);
    expect(result.code).toBe(0);
    const token = /^token: {2}(chr_\S+)$/m.exec(result.stdout)?.[1];
    const entry = /^entry: {2}(\S+)$/m.exec(result.stdout)?.[1];
    expect(token).toBeDefined();
    const hash = createHash('sha256')
      .update(token ?? '')
      .digest('hex');
    expect(entry).toBe(`ci-bot:MANAGER:${hash}`);
  });

  it('refuses an unknown role or a missing argument with exit code 2', async () => {
    expect((await run(['token', 'ci-bot', 'JANITOR'])).code).toBe(2);
    expect((await run(['token', 'ci-bot'])).code).toBe(2);
    expect((await run(['token', 'ci:bot', 'MANAGER'])).stderr).toContain('letters, digits');
  });
});
