import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type DbProvider, MigrationFailedError } from '@chronos/db';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from './helpers/empty-database.js';
import { REPO_ROOT, startTsFile } from './helpers/run-node.js';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers', 'migrate-child.ts');
const migrationsOf = (provider: DbProvider) =>
  fs
    .readdirSync(path.join(REPO_ROOT, 'prisma', provider, 'migrations'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

describe.each<DbProvider>(['postgresql', 'sqlite'])('migrations on %s', (provider) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const emptyDb = async (options: { migrationsDir?: string } = {}) => {
    const database = await createEmptyDatabase(provider);
    const db = createDb({ url: database.url, ...options });
    cleanups.push(database.drop, () => db.close());
    return db;
  };

  it('applies every committed migration to an empty database, then finds nothing to do', async () => {
    const db = await emptyDb();
    expect((await db.migrate.status()).pending).toEqual(migrationsOf(provider));

    expect(await db.migrate.deploy()).toEqual({ applied: migrationsOf(provider) });
    expect(await db.migrate.deploy()).toEqual({ applied: [] });

    const status = await db.migrate.status();
    expect(status).toEqual({
      provider,
      applied: migrationsOf(provider),
      pending: [],
      failed: [],
      unknown: [],
    });
    // The schema is really there: a repository round-trip works.
    await db.settings.upsert('probe', '1');
    expect((await db.settings.get('probe')).value).toBe('1');
  });

  it('starts beside a running process (its connections open) when nothing is pending', async () => {
    const database = await createEmptyDatabase(provider);
    const running = createDb({ url: database.url });
    const starting = createDb({ url: database.url });
    cleanups.push(
      database.drop,
      () => running.close(),
      () => starting.close(),
    );
    await running.migrate.deploy();
    await running.settings.upsert('busy', 'yes');
    // Would wait on SQLite's exclusive engine connection and time out if deploy always ran the engine.
    expect(await starting.migrate.deploy()).toEqual({ applied: [] });
    expect((await starting.settings.get('busy')).value).toBe('yes');
  });

  it('lets two OS processes migrate the same database at once: both succeed, each migration runs once', async () => {
    const database = await createEmptyDatabase(provider);
    cleanups.push(database.drop);

    const children = [startTsFile(childScript, [database.url]), startTsFile(childScript, [database.url])];
    // Both have loaded the engine and opened their clients: release them together.
    await Promise.all(children.map((child) => child.printed('ready')));
    for (const { child } of children) child.stdin.end('go\n');
    const [first, second] = await Promise.all(children.map((child) => child.done));

    for (const run of [first, second]) {
      expect(run?.stderr).toBe('');
      expect(run?.code).toBe(0);
    }
    const applied = [first, second].flatMap(
      (run) => JSON.parse(run?.stdout.trim().split('\n').at(-1) ?? '{}').applied as string[],
    );
    expect(applied.sort()).toEqual(migrationsOf(provider));
    const db = createDb({ url: database.url });
    cleanups.push(() => db.close());
    expect(await db.migrate.status()).toMatchObject({ pending: [], failed: [] });
  });

  it('reports a broken migration by name with the database message, and status lists it as failed', async () => {
    const migrationsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-broken-migrations-'));
    cleanups.push(async () => fs.rmSync(migrationsDir, { recursive: true, force: true }));
    fs.cpSync(path.join(REPO_ROOT, 'prisma', provider, 'migrations'), migrationsDir, { recursive: true });
    const broken = '29991231235959_broken';
    fs.mkdirSync(path.join(migrationsDir, broken));
    fs.writeFileSync(
      path.join(migrationsDir, broken, 'migration.sql'),
      'CREATE TABLE "settings" ("id" INTEGER NOT NULL PRIMARY KEY);\n',
    );
    const db = await emptyDb({ migrationsDir });

    const failure = await db.migrate.deploy().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MigrationFailedError);
    const error = failure as MigrationFailedError;
    expect(error.code).toBe('DATABASE_MIGRATION_FAILED');
    expect(error.migration).toBe(broken);
    expect(error.message).toContain(broken);
    expect(error.message).toMatch(/already exists/i);
    expect(error.message).not.toContain('\n');
    expect(await db.migrate.status()).toMatchObject({ applied: migrationsOf(provider), failed: [broken] });
  });
});
