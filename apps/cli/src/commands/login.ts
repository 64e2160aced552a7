import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { createChronosClient } from '@chronos/api-client';
import { resolveUrl, saveLogin } from '../client/connection.js';
import { expectOk } from '../client/output.js';
import type { CommandContext, CommandRun } from '../command.js';
import { UsageError } from '../usage-error.js';

/** Reads the token without showing it: a terminal gets a prompt whose typing is not echoed. */
async function readToken(context: CommandContext): Promise<string> {
  const file = context.values['token-file'];
  if (typeof file === 'string') return readFileSync(file, 'utf8').trim();
  if (!context.stdin.isTTY) {
    let text = '';
    for await (const chunk of context.stdin) text += String(chunk);
    return text.trim();
  }
  context.stderr.write('API token (not shown): ');
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const prompt = createInterface({ input: context.stdin, output: silent, terminal: true });
  try {
    return await new Promise<string>((resolve) => prompt.once('line', (line) => resolve(line.trim())));
  } finally {
    prompt.close();
    context.stderr.write('\n');
  }
}

/**
 * `chronos login`: checks the token against the API (any role may read jobs), then keeps the URL and the
 * token in the owner-only login file. Prints where, never the token.
 */
export const runLogin: CommandRun = async (context) => {
  const baseUrl = resolveUrl(context);
  const token = await readToken(context);
  if (!token) throw new UsageError('no token given (--token-file <file>, or type or pipe it on stdin)');
  const client = createChronosClient({ baseUrl, token });
  await expectOk(baseUrl, client.GET('/api/jobs', { params: { query: { limit: 1 } } }));
  const file = saveLogin(context.env, { url: baseUrl, token });
  context.stdout.write(`Logged in to ${baseUrl}; URL and token kept in ${file} (mode 0600).\n`);
  return 0;
};
