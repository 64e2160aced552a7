import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from './helpers/cli-process.js';
import { spawnCli } from './helpers/spawn-cli.js';

describe('chronos start refuses to start, saying what to do', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-start-'));
  });
  afterAll(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('exits 1 with the commands to start or install Redis when REDIS_URL does not answer', async () => {
    const result = await spawnCli(['start'], {
      DATA_DIR: path.join(scratch, 'no-redis'),
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'chronos start: Redis does not answer at redis://127.0.0.1:1 (REDIS_URL).',
    );
    expect(result.stderr).toContain('redis-server --daemonize yes --bind 127.0.0.1 --port 1 ');
    expect(result.stderr).toContain('apt-get install -y redis-server');
    // Nothing was started or written.
    expect(fs.existsSync(path.join(scratch, 'no-redis', 'chronos.db'))).toBe(false);
  });

  it('exits 1 with --no-demo when no CoreHub is configured and none answers discovery', async () => {
    const result = await spawnCli(['start', '--no-demo'], {
      DATA_DIR: path.join(scratch, 'no-hub'),
      DISCOVERY_HOST: '127.0.0.1',
      DISCOVERY_START_PORT: String(await findFreePort()),
      DISCOVERY_PORT_RANGE: '1',
      DISCOVERY_TIMEOUT_MS: '300',
      LOG_LEVEL: 'silent',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^chronos start: no CoreHub: CORE_HUB_URL \(or GLUESYNC_HOST\) is not set/);
    expect(result.stdout).not.toContain('Chronos is running');
  });

  it('answers an unknown option with usage and exit code 2', async () => {
    const result = await spawnCli(['start', '--demo-please'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^chronos start: Unknown option '--demo-please'\n\nusage: chronos start /);
  });
});
