import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@chronos/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from './helpers/spawn-cli.js';

const migrationNames = (provider: string) =>
  fs
    .readdirSync(
      path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma', provider, 'migrations'),
      { withFileTypes: true },
    )
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

describe('chronos migrate (spawned CLI)', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-cli-'));
  });
  afterAll(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('migrates the SQLite file under DATA_DIR by default, then reports it up to date', async () => {
    const env = { DATA_DIR: path.join(scratch, 'data') };
    const deploy = await spawnCli(['migrate'], env);
    expect(deploy).toMatchObject({ code: 0, stderr: '' });
    expect(deploy.stdout).toBe(
      `applied ${migrationNames('sqlite').length}: ${migrationNames('sqlite').join(', ')}\n`,
    );
    expect(fs.existsSync(path.join(scratch, 'data', 'chronos.db'))).toBe(true);

    const again = await spawnCli(['migrate', 'deploy'], env);
    expect(again).toMatchObject({ code: 0, stdout: 'database is up to date\n' });
    const status = await spawnCli(['migrate', 'status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`sqlite: ${migrationNames('sqlite').length} applied, 0 pending`);
  });

  it('reports pending migrations of a PostgreSQL database with exit code 1, then deploys them', async () => {
    const database = await createTestDatabase('postgresql', { empty: true });
    try {
      const env = { DB_URL: database.url };
      const before = await spawnCli(['migrate', 'status'], env);
      expect(before).toMatchObject({ code: 1, stderr: '' });
      expect(before.stdout).toContain(
        `postgresql: 0 applied, ${migrationNames('postgresql').length} pending`,
      );
      for (const name of migrationNames('postgresql')) expect(before.stdout).toContain(`  pending  ${name}`);

      expect(await spawnCli(['migrate', 'deploy'], env)).toMatchObject({ code: 0, stderr: '' });
      const after = await spawnCli(['migrate', 'status'], env);
      expect(after).toMatchObject({ code: 0, stderr: '' });
      expect(after.stdout).toContain(`postgresql: ${migrationNames('postgresql').length} applied, 0 pending`);
    } finally {
      await database.drop();
    }
  });

  it.each([
    [
      'an unknown scheme',
      'mysql://root@127.0.0.1/chronos',
      /^chronos migrate: invalid configuration: DB_URL: /,
    ],
    [
      'an unreachable PostgreSQL host',
      'postgresql://postgres@127.0.0.1:1/chronos',
      /^chronos migrate: DB_URL postgresql:\/\/postgres@127\.0\.0\.1:1\/chronos: database unavailable: /,
    ],
    [
      'a PostgreSQL database that does not exist',
      'postgresql://postgres@127.0.0.1:5432/chronos_no_such_database',
      /^chronos migrate: DB_URL postgresql:\/\/postgres@127\.0\.0\.1:5432\/chronos_no_such_database: database unavailable: database "chronos_no_such_database" does not exist$/m,
    ],
    [
      'an unwritable SQLite path',
      'file:/proc/chronos/chronos.db',
      /^chronos migrate: DB_URL file:\/proc\/chronos\/chronos\.db: cannot open SQLite database /,
    ],
  ])('prints one line naming DB_URL and exits non-zero for %s', async (_label, dbUrl, line) => {
    const result = await spawnCli(['migrate'], { DB_URL: dbUrl });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(line);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('hides the password of DB_URL in its one-line failure', async () => {
    const result = await spawnCli(['migrate'], {
      DB_URL: 'postgresql://chronos:hunter2@127.0.0.1:1/chronos',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('postgresql://chronos:***@127.0.0.1:1/chronos');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('answers a wrong command line with usage and exit code 2', async () => {
    const unknown = await spawnCli(['migrate', 'sideways'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^chronos migrate: unknown migrate action "sideways"\nusage: chronos migrate /,
    );
    const noName = await spawnCli(['migrate', 'create'], {});
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('migrate create needs a name');
  });
});
