import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands/index.js';
import { bashCompletion } from './completion.js';

/** What real bash completes for the words typed so far (the last one being completed). */
function complete(...words: string[]): string[] {
  const script = `${bashCompletion(COMMANDS)}
COMP_WORDS=(chronos ${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length}; _chronos
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  it("completes commands, a group's commands and the options of the command typed", () => {
    expect(complete('jo')).toEqual(['jobs']);
    expect(complete('jobs', 'r')).toEqual(['run']);
    expect(complete('jobs', 'run', '7', '--w')).toEqual(['--wait']);
    expect(complete('start', '--')).toEqual(['--no-demo', '--help']);
    expect(complete('preview', '--c')).toEqual(['--cron', '--count']);
    expect(complete('jobs', 'list', 'x')).toEqual([]);
  });
});
