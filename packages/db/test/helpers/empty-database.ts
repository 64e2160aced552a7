import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DbProvider } from '@chronos/db';
import pg from 'pg';

const ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A brand-new database with no tables at all (not cloned from the migrated template). */
export async function createEmptyDatabase(
  provider: DbProvider,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (provider === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-empty-db-'));
    return {
      url: `file:${path.join(dir, 'nested', 'chronos.db')}`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `test_empty_${randomUUID().replaceAll('-', '')}`;
  await admin(`CREATE DATABASE "${name}"`);
  return {
    url: `postgresql://postgres@127.0.0.1:5432/${name}`,
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
