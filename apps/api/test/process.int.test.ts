import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '@chronos/db';
import { createTestDatabase, type TestDatabase } from '@chronos/db/testing';
import { createTestPrefix, deletePrefix, TEST_REDIS_URL } from '@chronos/queue/testing';
import { afterAll, describe, expect, it } from 'vitest';

const API_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(API_DIR, 'src', 'main.ts');
const CLI = path.resolve(API_DIR, '..', 'cli', 'bin', 'chronos.mjs');
/** DATA_DIR of the spawned processes: where the first-start admin token is written. */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chronos-api-process-'));

type LogLine = { msg?: string; url?: string; level?: number };

/** Collects the process's JSON log lines and resolves when one matches. */
function log(child: ChildProcess) {
  const lines: LogLine[] = [];
  let buffer = '';
  const waiters: Array<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.trim()) continue;
      const line = JSON.parse(part) as LogLine;
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.match(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  return {
    lines,
    waitFor(message: string): Promise<LogLine> {
      const seen = lines.find((line) => line.msg === message);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match: (line) => line.msg === message, resolve }));
    },
  };
}

describe('the api process (src/main.ts)', () => {
  let database: TestDatabase | undefined;
  const prefix = createTestPrefix();
  afterAll(async () => {
    await database?.drop();
    await deletePrefix(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates, seeds the timezone, serves, and exits 0 on SIGTERM', async () => {
    database = await createTestDatabase('sqlite');
    const child = spawn(process.execPath, ['--conditions=@chronos/source', '--import', 'tsx', MAIN], {
      cwd: API_DIR,
      env: {
        PATH: process.env.PATH ?? '',
        DB_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        HOST: '127.0.0.1',
        PORT: '0',
        TIMEZONE: 'Europe/Rome',
        LOG_LEVEL: 'info',
        DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const watched = log(child);

    const listening = await Promise.race([
      watched.waitFor('api listening'),
      exited.then((code) => {
        throw new Error(`api exited early with ${code}: ${stderr}`);
      }),
    ]);
    expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${listening.url}/health`);
    expect(health.status).toBe(200);
    // Fail closed: no credentials, no data; the first-start admin token (owner-only file) opens the door.
    expect((await fetch(`${listening.url}/api/settings/timezone`)).status).toBe(401);
    const adminToken = readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
    expect(statSync(path.join(dataDir, 'admin-token')).mode & 0o777).toBe(0o600);
    const headers = { authorization: `Bearer ${adminToken}` };
    const setting = await (await fetch(`${listening.url}/api/settings/timezone`, { headers })).json();
    expect(setting).toMatchObject({ key: 'timezone', value: 'Europe/Rome' });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(watched.lines.map((line) => line.msg)).toContain('api stopped');

    // The migration and the seed were written to the database file, not kept in memory.
    const db = createDb({ url: database.url });
    try {
      expect((await db.settings.get('timezone')).value).toBe('Europe/Rome');
    } finally {
      await db.close();
    }
  });

  it('runs the same way as `chronos api` from the CLI and stops on SIGTERM', async () => {
    const cliDatabase = await createTestDatabase('sqlite');
    try {
      const child = spawn(process.execPath, [CLI, 'api'], {
        cwd: API_DIR,
        env: {
          PATH: process.env.PATH ?? '',
          DB_URL: cliDatabase.url,
          REDIS_URL: TEST_REDIS_URL,
          QUEUE_PREFIX: prefix,
          HOST: '127.0.0.1',
          PORT: '0',
          LOG_LEVEL: 'info',
          DATA_DIR: dataDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const watched = log(child);
      const listening = await watched.waitFor('api listening');
      const adminToken = readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
      const headers = { authorization: `Bearer ${adminToken}` };
      expect((await fetch(`${listening.url}/api/jobs`, { headers })).status).toBe(200);
      child.kill('SIGTERM');
      const code = await exited;
      expect(code, `stderr: ${stderr}\nlog: ${JSON.stringify(watched.lines.slice(-5))}`).toBe(0);
    } finally {
      await cliDatabase.drop();
    }
  });

  it('stops with one clear line naming the variable when the configuration is invalid', async () => {
    const child = spawn(process.execPath, ['--conditions=@chronos/source', '--import', 'tsx', MAIN], {
      cwd: API_DIR,
      env: { PATH: process.env.PATH ?? '', TIMEZONE: 'Mars/Base', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) =>
      child.on('exit', (exitCode) => resolve(exitCode)),
    );
    expect(code).toBe(1);
    expect(stderr).toContain('TIMEZONE');
    expect(stderr).not.toContain('    at ');
  });
});
