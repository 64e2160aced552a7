import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generateApiToken } from '@chronos/auth';
import { createTestPrefix, deletePrefix } from '@chronos/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { type CliProcess, findFreePort, killAll, spawnChronos } from './helpers/cli-process.js';
import { spawnCli } from './helpers/spawn-cli.js';

/** The demo fixture's first pipeline and one of its entities (apps/corehub-sim/fixtures/demo.json). */
const PIPELINE = '8aeb9fb6';
const ENTITY = '98fd97b8';

/** The sockets in LISTEN state on `port`, as `address:port` in /proc/net/tcp's hex (no traffic needed). */
function listeningSockets(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return fs
    .readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '0A' && fields[1]?.endsWith(`:${hexPort}`))
    .map((fields) => fields[1] ?? '');
}

/*
 * Every client command against one real `chronos start` (demo CoreHub, SQLite in a temp dir, its own Redis
 * prefix, a free port, HOST unset), plus the start-path fixes that need a running Chronos: a second start
 * on the same port, and a worker that cannot reach Redis. Commands run in-process through `main` (the
 * launcher's code minus the re-exec) to keep the file fast; the ones whose process exit code matters run
 * through the real launcher.
 */
describe('chronos client commands against chronos start', () => {
  const prefix = createTestPrefix();
  const viewer = generateApiToken('viewer-bot', 'VIEWER');
  const processes: CliProcess[] = [];
  let scratch: string;
  let chronos: CliProcess;
  let port: number;
  let baseUrl: string;
  let hubUrl: string;
  let adminToken: string;
  let jobId: number;

  /** `chronos …` in this process, as the admin (or `env` overrides), resolving to code and output. */
  async function cli(argv: string[], env: Record<string, string> = {}) {
    const out = { stdout: '', stderr: '' };
    const code = await main(
      argv,
      { HOME: scratch, CHRONOS_URL: baseUrl, CHRONOS_TOKEN: adminToken, ...env },
      {
        stdout: { write: (text: string) => (out.stdout += text) },
        stderr: { write: (text: string) => (out.stderr += text) },
      },
    );
    return { code, ...out };
  }

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-client-'));
    const discoveryPort = await findFreePort();
    port = await findFreePort();
    chronos = spawnChronos(
      'chronos start',
      ['start'],
      {
        PORT: String(port),
        QUEUE_PREFIX: prefix,
        API_TOKENS: viewer.entry,
        DISCOVERY_HOST: '127.0.0.1',
        DISCOVERY_START_PORT: String(discoveryPort),
        DISCOVERY_PORT_RANGE: '1',
        DISCOVERY_TIMEOUT_MS: '500',
        ENTITY_START_TIMEOUT: '0',
        LOG_LEVEL: 'warn',
      },
      { cwd: scratch },
    );
    processes.push(chronos);
    const consoleLine = await chronos.waitForLine(
      (line) => line.startsWith('  Console  '),
      'the start banner',
      120_000,
    );
    baseUrl =
      consoleLine
        .replace(/^\s*Console\s+/, '')
        .split(/\s+/)[0]
        ?.replace(/\/$/, '') ?? '';
    const hubLine = await chronos.waitForLine((line) => line.startsWith('  CoreHub  '), 'the CoreHub line');
    hubUrl = hubLine.replace(/^\s*CoreHub\s+/, '').split(/\s+/)[0] ?? '';
    adminToken = fs.readFileSync(path.join(scratch, 'data', 'admin-token'), 'utf8').trim();
  }, 150_000);

  afterAll(async () => {
    await killAll(processes);
    await deletePrefix(prefix);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('says it looks for a CoreHub first, listens on loopback only, and shows the new admin token once', () => {
    const lines = chronos.lines;
    const looking = lines.findIndex((line) => line.startsWith('Looking for a CoreHub on the local network'));
    expect(lines[looking]).toContain(`UDP discovery to 127.0.0.1 port `);
    expect(lines[looking]).toContain('up to 0.5 s; set CORE_HUB_URL to skip');
    expect(looking).toBeLessThan(lines.indexOf('Chronos is running: api + worker in one process.'));
    expect(lines).toContain(
      `  Listening    127.0.0.1:${port}  (this machine only; HOST=0.0.0.0 opens it to others)`,
    );
    expect(listeningSockets(port)).toEqual([`0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`]);
    expect(baseUrl).toBe(`http://127.0.0.1:${port}`);
    expect(lines).toContain(`  Admin token  ${adminToken}`);
  });

  it('login checks the token and keeps URL and token in an owner-only file, never printing the token', async () => {
    const config = path.join(scratch, 'xdg');
    const env = { HOME: scratch, XDG_CONFIG_HOME: config };
    const login = await spawnCli(
      ['login', '--url', `${baseUrl}/api/`, '--token-file', path.join(scratch, 'data', 'admin-token')],
      env,
    );
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    const file = path.join(config, 'chronos', 'config.json');
    expect(login.stdout).toBe(`Logged in to ${baseUrl}; URL and token kept in ${file} (mode 0600).\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ url: baseUrl, token: adminToken });

    // No flags, no CHRONOS_* variables: the login file says where and who.
    const list = await main(['jobs', 'list'], env, {
      stdout: { write: () => true },
      stderr: { write: () => true },
    });
    expect(list).toBe(0);
    const refused = await cli(['login', '--url', baseUrl, '--token-file', '/dev/null'], env);
    expect(refused.code).toBe(2);
    const wrong = path.join(scratch, 'wrong-token');
    fs.writeFileSync(wrong, 'chr_not_a_token\n');
    const rejected = await cli(['login', '--url', baseUrl, '--token-file', wrong], env);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/^chronos login: .*\(HTTP 401\)\n$/);
  });

  it('jobs create maps the flags onto the API body and prints the job', async () => {
    const created = await cli([
      'jobs',
      'create',
      '--name',
      'Start orders sync',
      '--task',
      'entity_start',
      '--days',
      'monday,wednesday,friday',
      '--at',
      '8:30',
      '--tz',
      'Europe/Rome',
      '--pipeline',
      PIPELINE,
      '--entity',
      ENTITY,
      '--no-snapshot',
      '--max-attempts',
      '2',
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created job \d+\.\n/);
    expect(created.stdout).toMatch(/^schedule +30 8 \* \* 1,3,5 {2}\(/m);
    expect(created.stdout).toMatch(/^timezone +Europe\/Rome$/m);
    expect(created.stdout).toMatch(new RegExp(`^targets +pipeline ${PIPELINE}; entities ${ENTITY}$`, 'm'));
    expect(created.stdout).toMatch(/^policy +concurrency forbid, .* 2 attempts, /m);
    jobId = Number(/^id +(\d+)$/m.exec(created.stdout)?.[1]);
    expect(jobId).toBeGreaterThan(0);
  });

  it('jobs list prints a table, filters as the API does, and --json the API answer', async () => {
    const table = await cli(['jobs', 'list']);
    expect(table.code).toBe(0);
    const [header, row] = table.stdout.split('\n');
    expect(header).toMatch(/^ID +NAME +TASK +SCHEDULE +TIMEZONE +ENABLED +NEXT RUN +LAST$/);
    expect(row).toMatch(
      new RegExp(`^${jobId} +Start orders sync +entity_start +30 8 \\* \\* 1,3,5 +Europe/Rome +yes +20`),
    );
    expect(table.stdout).toMatch(/^1 of 1 jobs$/m);
    expect((await cli(['jobs', 'list', '--enabled', 'false'])).stdout).toMatch(/^0 of 0 jobs$/m);
    const json = await cli(['jobs', 'list', '--task', 'entity_start', '--limit', '5', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ total: 1, items: [{ id: jobId, enabled: true }] });
  });

  it('jobs get, update, disable and enable', async () => {
    expect(JSON.parse((await cli(['jobs', 'get', String(jobId), '--json'])).stdout)).toMatchObject({
      id: jobId,
      cron_expression: '30 8 * * 1,3,5',
      with_snapshot: false,
    });
    const updated = await cli([
      'jobs',
      'update',
      String(jobId),
      '--days',
      'monday,wednesday,friday',
      '--at',
      '09:00',
      '--timeout',
      '300',
    ]);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toMatch(/^Updated job \d+\.\n/);
    expect(updated.stdout).toMatch(/^schedule +0 9 \* \* 1,3,5 /m);
    expect(updated.stdout).toMatch(/timeout 300 s$/m);
    // Fields not given kept their values.
    expect(updated.stdout).toMatch(/^timezone +Europe\/Rome$/m);

    const disabled = await cli(['jobs', 'disable', String(jobId)]);
    expect(disabled).toMatchObject({
      code: 0,
      stdout: `Job ${jobId} disabled; its history stays and it can still be run by hand.\n`,
    });
    expect(JSON.parse((await cli(['jobs', 'get', String(jobId), '--json'])).stdout).enabled).toBe(false);
    const enabled = await cli(['jobs', 'enable', String(jobId)]);
    expect(enabled.stdout).toMatch(new RegExp(`^Job ${jobId} enabled; next run 20\\d\\d-`));
  });

  it('jobs run --wait prints the execution and its CoreHub calls and exits 0 when it succeeded', async () => {
    const run = await spawnCli(['jobs', 'run', String(jobId), '--wait', '--timeout', '60'], {
      CHRONOS_URL: baseUrl,
      CHRONOS_TOKEN: adminToken,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^status +succeeded$/m);
    expect(run.stdout).toMatch(/^trigger +manual$/m);
    expect(run.stdout).toMatch(/^STEP +METHOD +PATH +STATUS +MS +MESSAGE$/m);
    expect(run.stdout).toMatch(
      new RegExp(`^1 +POST +/pipelines/${PIPELINE}/commands/sync/start\\?entity=${ENTITY}\\S* +20\\d `, 'm'),
    );

    const queued = await cli(['jobs', 'run', String(jobId)]);
    expect(queued.code).toBe(0);
    expect(queued.stdout).toMatch(
      new RegExp(`^Execution \\d+ of job ${jobId} queued; follow it with: chronos executions get \\d+\\n$`),
    );
  });

  it('executions list filters as the API does, executions get shows the steps', async () => {
    const list = await cli(['executions', 'list', '--job', String(jobId), '--status', 'succeeded']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID +JOB +TRIGGER +STATUS +SCHEDULED FOR +FINISHED +ATTEMPT +ERROR$/m);
    expect(list.stdout).toMatch(new RegExp(`^\\d+ +${jobId} +manual +succeeded +20`, 'm'));
    const page = JSON.parse(
      (await cli(['executions', 'list', '--since', '2020-01-01T00:00:00Z', '--json'])).stdout,
    );
    const succeeded = page.items.find((item: { status: string }) => item.status === 'succeeded');
    const one = await cli(['executions', 'get', String(succeeded.id)]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(new RegExp(`^execution +${succeeded.id}$`, 'm'));
    expect(one.stdout).toContain(`/pipelines/${PIPELINE}/commands/sync/start`);
    const bad = await cli(['executions', 'list', '--status', 'exploded']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^chronos executions list: .*query\.status: .*"succeeded".* \(HTTP 422\)\n$/);
  });

  it('preview shows the next runs of a cron or of days and a time, without saving anything', async () => {
    const cron = await cli([
      'preview',
      '30 8 * * 1-5',
      '--tz',
      'Europe/Rome',
      '--count',
      '3',
      '--from',
      '2026-01-05T00:00:00Z',
    ]);
    expect(cron.code).toBe(0);
    expect(cron.stdout.split('\n')[0]).toMatch(/^30 8 \* \* 1-5 {2}\(Europe\/Rome\): .+$/);
    expect(cron.stdout.split('\n').slice(1)).toEqual([
      'next runs:',
      '  2026-01-05 08:30:00+01:00',
      '  2026-01-06 08:30:00+01:00',
      '  2026-01-07 08:30:00+01:00',
      '',
    ]);
    const friendly = JSON.parse(
      (await cli(['preview', '--days', 'monday', '--at', '08:30', '--tz', 'UTC', '--json'])).stdout,
    );
    expect(friendly).toMatchObject({ cron_expression: '30 8 * * 1', timezone: 'UTC' });
    expect(friendly.next_runs).toHaveLength(5);
  });

  it('a failed run exits 1 with the execution on stdout and why on stderr', async () => {
    const created = await cli([
      'jobs',
      'create',
      '--json',
      '--name',
      'Stop orders',
      '--task',
      'entity_stop',
      '--cron',
      '0 3 * * *',
      '--pipeline',
      PIPELINE,
      '--entity',
      ENTITY,
      '--max-attempts',
      '1',
    ]);
    const stopJob = JSON.parse(created.stdout).id as number;
    const fault = await fetch(`${hubUrl}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: `POST /pipelines/${PIPELINE}/commands/sync/stop`, status: 400 }),
    });
    expect(fault.ok).toBe(true);
    const run = await spawnCli(['jobs', 'run', String(stopJob), '--wait'], {
      CHRONOS_URL: baseUrl,
      CHRONOS_TOKEN: adminToken,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^status +failed$/m);
    expect(run.stdout).toMatch(
      new RegExp(`^1 +POST +/pipelines/${PIPELINE}/commands/sync/stop\\S* +400 `, 'm'),
    );
    expect(run.stderr).toMatch(/^chronos jobs run: execution \d+ failed: .+\n$/);
    await fetch(`${hubUrl}/__sim/faults`, { method: 'DELETE' });
  });

  it('prints the API detail and exits 1 for a 403 (VIEWER token), a 422 and a 404', async () => {
    const asViewer = { CHRONOS_TOKEN: viewer.token };
    expect((await cli(['jobs', 'list'], asViewer)).code).toBe(0);
    const forbidden = await cli(['jobs', 'disable', String(jobId)], asViewer);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stdout).toBe('');
    expect(forbidden.stderr).toMatch(/^chronos jobs disable: .*VIEWER.* \(HTTP 403\)\n$/);

    const invalid = await cli([
      'jobs',
      'create',
      '--name',
      'x',
      '--task',
      'entity_start',
      '--cron',
      '0 8 * * *',
      '--tz',
      'Mars/Olympus',
      '--pipeline',
      PIPELINE,
      '--entity',
      ENTITY,
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(
      /^chronos jobs create: .*body\.timezone: must be an IANA time zone.* \(HTTP 422\)\n$/,
    );

    const missing = await cli(['jobs', 'get', '999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^chronos jobs get: .*999999.* \(HTTP 404\)\n$/);
  });

  it('jobs delete removes the job', async () => {
    expect(await cli(['jobs', 'delete', String(jobId)])).toMatchObject({
      code: 0,
      stdout: `Deleted job ${jobId} with its scheduler and history.\n`,
    });
    expect((await cli(['jobs', 'get', String(jobId)])).code).toBe(1);
  });

  it('jobs create|update take the automation types’ parameters and webhooks; jobs deliveries lists the attempts', async () => {
    const received: Array<{ signature: string; body: string }> = [];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          signature: String(req.headers['chronos-signature']),
          body: Buffer.concat(chunks).toString(),
        });
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook`;
    try {
      const created = await cli([
        'jobs',
        'create',
        '--name',
        'Refresh sales board',
        '--task',
        'visualize_refresh',
        '--cron',
        '0 3 * * *',
        '--viz',
        'viz-retired',
        '--viz-param',
        'region=emea',
        '--notify',
        hook,
        '--notify-events',
        'failed,recovered',
      ]);
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      const secret = new RegExp(`^Signing secret of ${hook} \\(store it now\\): (whsec_\\S+)$`, 'm').exec(
        created.stdout,
      )?.[1];
      expect(secret).toBeDefined();
      const id = Number(/^id +(\d+)$/m.exec(created.stdout)?.[1]);
      const job = JSON.parse((await cli(['jobs', 'get', String(id), '--json'])).stdout);
      expect(job).toMatchObject({
        viz_id: 'viz-retired',
        visualize_parameters: { region: 'emea' },
        notifications: [{ url: hook, events: ['failed', 'recovered'] }],
      });
      expect(job.notifications[0].secret).toBeUndefined();

      // viz-retired is unknown to CoreHub: the run fails and the webhook is told.
      expect((await cli(['jobs', 'run', String(id), '--wait'])).code).toBe(1);
      await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1);
      expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ type: 'execution.failed' });
      const [t, v1] = (received[0]?.signature ?? '').split(',').map((part) => part.split('=')[1]);
      expect(v1).toBe(
        createHmac('sha256', secret ?? '')
          .update(`${t}.${received[0]?.body}`)
          .digest('hex'),
      );
      await expect
        .poll(async () => (await cli(['jobs', 'deliveries', String(id)])).stdout, { timeout: 20_000 })
        .toMatch(new RegExp(`^\\S.* +failed +\\d+ +1 +delivered +200 +\\d+ +${hook}$`, 'm'));

      // The same URL keeps its notification and secret (no new one printed); the fixed job recovers.
      const updated = await cli(['jobs', 'update', String(id), '--viz', 'viz-sales', '--notify', hook]);
      expect(updated.code).toBe(0);
      expect(updated.stdout).not.toContain('Signing secret');
      const after = JSON.parse((await cli(['jobs', 'get', String(id), '--json'])).stdout);
      expect(after.notifications).toMatchObject([{ id: job.notifications[0].id, url: hook }]);
      expect((await cli(['jobs', 'run', String(id), '--wait'])).code).toBe(0);
      await expect.poll(() => received.length, { timeout: 20_000 }).toBe(2);
      expect(JSON.parse(received[1]?.body ?? '{}')).toMatchObject({ type: 'execution.recovered' });

      const agent = await cli([
        'jobs',
        'create',
        '--name',
        'Nightly triage',
        '--task',
        'ai_agent_run',
        '--cron',
        '0 4 * * *',
        '--agent-alias',
        'ops-bot',
        '--agent-version',
        '2',
        '--agent-input',
        '{"mode":"triage"}',
        '--idempotency-key',
        'nightly',
        '--json',
      ]);
      expect(agent.code).toBe(0);
      expect(JSON.parse(agent.stdout)).toMatchObject({
        agent_alias: 'ops-bot',
        agent_version: 2,
        agent_input: { mode: 'triage' },
        idempotency_key: 'nightly',
      });
      const query = await cli([
        'jobs',
        'create',
        '--name',
        'Orders count',
        '--task',
        'query_studio',
        '--cron',
        '0 5 * * *',
        '--pipeline',
        PIPELINE,
        '--sql',
        'select count(*) from orders',
        '--read-only',
        'false',
        '--json',
      ]);
      // No agent: the API's own message, naming the field.
      expect(query.code).toBe(1);
      expect(query.stderr).toContain('agent_id');
      const validate = await cli([
        'jobs',
        'create',
        '--name',
        'Check orders',
        '--task',
        'entity_validate',
        '--cron',
        '0 6 * * *',
        '--pipeline',
        PIPELINE,
        '--entity',
        ENTITY,
        '--reconcile',
        'true',
        '--notify',
        'ftp://files.example/drop',
      ]);
      expect(validate.code).toBe(1);
      expect(validate.stderr).toContain('must be an http:// or https:// URL');
      for (const created of [id, JSON.parse(agent.stdout).id]) {
        expect((await cli(['jobs', 'delete', String(created)])).code).toBe(0);
      }
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('a second chronos start on the same port says PORT and HOST in one line and exits 1', async () => {
    const second = await spawnCli(['start'], {
      PORT: String(port),
      DATA_DIR: path.join(scratch, 'second'),
      QUEUE_PREFIX: prefix,
      CORE_HUB_URL: hubUrl,
      SSL_ENABLED: 'false',
      LOG_LEVEL: 'silent',
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `chronos start: port ${port} on 127.0.0.1 is already in use (PORT=${port}, HOST=127.0.0.1): stop the process listening there or set PORT to a free port\n`,
    );
  }, 90_000);

  it('a worker that cannot reach Redis stops on the first SIGTERM', async () => {
    const worker = spawnChronos('worker', ['worker'], {
      REDIS_URL: `redis://127.0.0.1:${await findFreePort()}`,
      DATA_DIR: path.join(scratch, 'worker'),
      WORKER_HTTP_PORT: '0',
      CORE_HUB_URL: hubUrl,
      SSL_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    });
    processes.push(worker);
    await worker.waitForJson(
      (line) => String(line.msg).startsWith('redis connection error'),
      'a Redis error',
    );
    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(1);
  }, 90_000);

  it('chronos start stops on SIGINT with exit code 0', async () => {
    chronos.kill('SIGINT');
    expect(await chronos.exited).toBe(0);
  }, 60_000);
});
