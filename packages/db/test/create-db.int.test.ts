import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '@chronos/db';
import { createTestDatabase } from '@chronos/db/testing';
import { ConfigError, UpstreamError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/run-node.js';

/** 127.0.0.1 port 1: loopback, and nothing listens there, so connecting is refused at once. */
const UNREACHABLE = 'postgresql://postgres@127.0.0.1:1/chronos';

describe('createDb', () => {
  it('rejects a URL of another scheme with a ConfigError naming DB_URL', () => {
    expect(() => createDb({ url: 'mysql://root@127.0.0.1/chronos' })).toThrow(ConfigError);
    try {
      createDb({ url: 'mysql://root@127.0.0.1/chronos' });
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual(['DB_URL']);
    }
  });

  it('reports an unreachable PostgreSQL server as UpstreamError DATABASE_UNAVAILABLE on ping and deploy', async () => {
    const db = createDb({ url: UNREACHABLE });
    try {
      for (const attempt of [() => db.ping(), () => db.migrate.deploy(), () => db.jobs.list()]) {
        const error = await attempt().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(UpstreamError);
        expect((error as UpstreamError).code).toBe('DATABASE_UNAVAILABLE');
        expect((error as Error).message).not.toContain('\n');
      }
    } finally {
      await db.close();
    }
  });

  it('refuses a SQLite path that cannot be created with one line naming the path', () => {
    const blocker = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-blocker-'));
    const file = path.join(blocker, 'a-file');
    fs.writeFileSync(file, 'not a folder');
    try {
      const url = `file:${path.join(file, 'data', 'chronos.db')}`;
      expect(() => createDb({ url })).toThrow(UpstreamError);
      expect(() => createDb({ url })).toThrow(
        /^cannot open SQLite database .*a-file\/data\/chronos\.db: [^\n]+$/,
      );
    } finally {
      fs.rmSync(blocker, { recursive: true, force: true });
    }
  });

  it('creates the parent folders of a SQLite file and switches it to WAL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-wal-'));
    const file = path.join(dir, 'a', 'b', 'chronos.db');
    const db = createDb({ url: `file:${file}` });
    try {
      await db.ping();
      expect(fs.existsSync(file)).toBe(true);
      const header = fs.readFileSync(file).subarray(18, 20);
      // Bytes 18-19 of a SQLite header are the read/write format versions: 2 means WAL.
      expect([...header]).toEqual([2, 2]);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('createTestDatabase', () => {
  it.each(['postgresql', 'sqlite'] as const)(
    'hands out isolated, migrated %s databases, also when asked concurrently',
    async (provider) => {
      const databases = await Promise.all([1, 2, 3].map(() => createTestDatabase(provider)));
      try {
        expect(new Set(databases.map((database) => database.url)).size).toBe(3);
        const dbs = databases.map((database) => createDb({ url: database.url }));
        await dbs[0]?.settings.upsert('only-here', 'x');
        expect(await dbs[1]?.settings.find('only-here')).toBeNull();
        for (const db of dbs) {
          expect(await db.migrate.status()).toMatchObject({ pending: [], failed: [] });
          await db.close();
        }
      } finally {
        await Promise.all(databases.map((database) => database.drop()));
      }
    },
  );
});

describe('migrate.create', () => {
  it('writes the same-named migration for both providers when the schema changed, and nothing after', async () => {
    const prismaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-prisma-'));
    fs.cpSync(path.join(REPO_ROOT, 'prisma'), prismaDir, { recursive: true });
    for (const provider of ['postgresql', 'sqlite']) {
      const schemaPath = path.join(prismaDir, provider, 'schema.prisma');
      const schema = fs.readFileSync(schemaPath, 'utf8');
      fs.writeFileSync(
        schemaPath,
        schema.replace('  description String?\n', '  description String?\n  owner String?\n'),
      );
    }
    const database = await createTestDatabase('postgresql');
    const db = createDb({ url: database.url, prismaDir });
    try {
      const created = await db.migrate.create('add setting owner', { now: new Date('2099-01-02T03:04:05Z') });
      expect(created.name).toBe('20990102030405_add_setting_owner');
      expect(created.files.map((file) => path.relative(prismaDir, file)).sort()).toEqual([
        'postgresql/migrations/20990102030405_add_setting_owner/migration.sql',
        'sqlite/migrations/20990102030405_add_setting_owner/migration.sql',
      ]);
      for (const file of created.files) expect(fs.readFileSync(file, 'utf8')).toMatch(/"owner" TEXT/);
      expect(await db.migrate.create('again', { now: new Date('2099-01-02T03:04:06Z') })).toEqual({
        name: null,
        files: [],
      });
      // The new migration applies on top of the template's.
      expect(await db.migrate.deploy()).toEqual({ applied: ['20990102030405_add_setting_owner'] });
    } finally {
      await db.close();
      await database.drop();
      fs.rmSync(prismaDir, { recursive: true, force: true });
    }
  });
});
