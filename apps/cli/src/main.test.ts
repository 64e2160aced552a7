import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CommandTable, isGroup } from './command.js';
import { COMMANDS } from './commands/index.js';
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

async function run(argv: string[], env: Record<string, string> = {}, table?: CommandTable) {
  const { out, io } = capture();
  const code = await main(argv, env, io, table);
  return { code, ...out };
}

/** Every command path of the real table: `start`, `jobs list`, … */
const PATHS = Object.entries(COMMANDS).flatMap(([name, entry]) =>
  isGroup(entry) ? Object.keys(entry.subcommands).map((sub) => [name, sub]) : [[name]],
);

describe('main', () => {
  it('lists the commands for help and exits 0', async () => {
    const result = await run(['help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: chronos <command>/);
    for (const name of ['migrate', 'jobs', 'executions', 'preview', 'login']) {
      expect(result.stdout).toContain(`  ${name} `);
    }
  });

  it('exits 2 with the help text on stderr when no command is given', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('commands:');
  });

  it('prints its version for --version', async () => {
    const version = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
    for (const flag of ['--version', '-V']) {
      expect(await run([flag])).toMatchObject({ code: 0, stdout: `chronos ${version}\n` });
    }
  });

  it.each(PATHS)('answers --help and -h for %s %s with its usage and options, exit 0', async (...words) => {
    for (const flag of ['--help', '-h']) {
      const result = await run([...words, flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^usage: chronos ${words.join(' ')}`));
      expect(result.stdout).toContain('-h, --help');
    }
    const viaHelp = await run(['help', ...words]);
    expect(viaHelp).toMatchObject({ code: 0, stdout: (await run([...words, '--help'])).stdout });
  });

  it("lists a group's commands for `jobs --help` and `help jobs`, and exits 2 for a bare `jobs`", async () => {
    const help = await run(['jobs', '--help']);
    expect(help.code).toBe(0);
    for (const sub of ['list', 'get', 'create', 'update', 'enable', 'disable', 'delete', 'run']) {
      expect(help.stdout).toContain(`  ${sub} `);
    }
    expect((await run(['help', 'jobs'])).stdout).toBe(help.stdout);
    expect((await run(['jobs'])).code).toBe(2);
  });

  it('rejects an unknown command with exit code 2 on stderr', async () => {
    const result = await run(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^chronos: unknown command "frobnicate"\n/);
    expect((await run(['jobs', 'frobnicate'])).stderr).toMatch(/^chronos jobs: unknown jobs command/);
    expect((await run(['help', 'frobnicate'])).code).toBe(2);
  });

  it('answers a wrong option or argument count before loading the command', async () => {
    let loaded = 0;
    const table: CommandTable = {
      probe: {
        summary: 'a command whose code must not load on a bad command line',
        synopsis: '<id>',
        options: { wait: { type: 'boolean', help: 'wait' } },
        positionals: [1, 1],
        load: async () => {
          loaded += 1;
          return async () => 0;
        },
      },
    };
    const unknown = await run(['probe', '1', '--wiat'], {}, table);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^chronos probe: Unknown option '--wiat'\n\nusage: chronos probe <id>/);
    expect((await run(['probe'], {}, table)).stderr).toContain('missing argument: chronos probe <id>');
    expect((await run(['probe', '1', '2'], {}, table)).stderr).toContain('unexpected argument "2"');
    expect(loaded).toBe(0);
    expect((await run(['probe', '1', '--wait'], {}, table)).code).toBe(0);
    expect(loaded).toBe(1);
  });

  it('answers an unknown option of the real start command with usage and exit code 2', async () => {
    const result = await run(['start', '--demo-please']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^chronos start: Unknown option '--demo-please'\n\nusage: chronos start/);
  });

  it('turns a configuration error into one line naming the variable, exit code 1', async () => {
    const result = await run(['migrate', 'status'], { DB_URL: 'ftp://example/chronos' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^chronos migrate: invalid configuration: DB_URL: [^\n]+\n$/);
    // The first import of the migrate command loads Prisma and the config schema: seconds on a busy machine.
  }, 30_000);
});

describe('client commands before any request', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-cli-home-'));
  const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, 'config') };
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('exit 2 naming what is missing in the command line', async () => {
    const noName = await run(['jobs', 'create', '--task', 'entity_start', '--at', '8:30'], env);
    expect(noName).toMatchObject({ code: 2 });
    expect(noName.stderr).toMatch(/^chronos jobs create: --name is required\nusage: chronos jobs create /);
    const noSchedule = await run(['jobs', 'create', '--name', 'x', '--task', 'entity_start'], env);
    expect(noSchedule.stderr).toContain('a schedule is required');
    const badTime = await run(['jobs', 'update', '3', '--at', '8h30'], env);
    expect(badTime).toMatchObject({ code: 2 });
    expect(badTime.stderr).toContain('--at takes a time as HH:MM (24 h), got "8h30"');
    const both = await run(['preview', '30 8 * * *', '--at', '08:30'], env);
    expect(both.stderr).toContain('either a cron expression or --days/--at');
    expect((await run(['jobs', 'get', 'seven'], env)).code).toBe(2);
  });

  it('exit 2 without a token, saying where one comes from', async () => {
    const result = await run(['jobs', 'list'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'no API token for http://127.0.0.1:1717: pass --token, set CHRONOS_TOKEN, or run chronos login',
    );
  });

  it('exit 1 naming the URL when nothing answers there', async () => {
    const result = await run(['jobs', 'list', '--url', 'http://127.0.0.1:1/api', '--token', 'chr_x'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^chronos jobs list: cannot reach Chronos at http:\/\/127\.0\.0\.1:1 \(/);
  });
});
