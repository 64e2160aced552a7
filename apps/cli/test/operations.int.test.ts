import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AnyNode, parse as parseJson } from '@humanwhocodes/momoa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, findFreePort, killAll, spawnChronos, waitUntil } from './helpers/cli-process.js';
import { deployQueries, seriesOf } from './helpers/deploy-series.js';
import { parsePrometheus, type Sample } from './helpers/prometheus.js';

/*
 * What an operator gets from a running Chronos: one `chronos start` (api + worker, its /metrics carrying both
 * halves' series) with a job that succeeds, one that fails and one that misses its ticks, then a terminal's
 * Ctrl-C. Its real stdout and /metrics are checked: the log lines, and every series the repository's alert
 * rules and Grafana dashboard use.
 */

type Json = Record<string, unknown>;

/** Every member name an object of the JSON text repeats (pino writes a repeated binding twice). */
function repeatedKeys(node: AnyNode, at = '$'): string[] {
  if (node.type === 'Object') {
    const seen = new Set<string>();
    const repeated: string[] = [];
    for (const member of node.members) {
      const name = member.name.type === 'String' ? member.name.value : member.name.name;
      if (seen.has(name)) repeated.push(`${at}.${name}`);
      seen.add(name);
      repeated.push(...repeatedKeys(member.value, `${at}.${name}`));
    }
    return repeated;
  }
  if (node.type === 'Array')
    return node.elements.flatMap((element, i) => repeatedKeys(element.value, `${at}[${i}]`));
  return [];
}

describe('a running chronos, as an operator watches it', () => {
  let scratch: string;
  let chronos: CliProcess;
  let base: string;
  let token: string;
  let samples: Sample[];
  let exitCode: number | null;
  const jobs: Record<'ok' | 'failing' | 'missing', Json> = { ok: {}, failing: {}, missing: {} };

  async function api(method: string, url: string, body?: unknown): Promise<{ status: number; json: Json }> {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Json) : {} };
  }

  async function createJob(body: Json): Promise<Json> {
    const created = await api('POST', '/api/jobs', body);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    return created.json;
  }

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-ops-'));
    const port = await findFreePort();
    base = `http://127.0.0.1:${port}`;
    chronos = spawnChronos(
      'chronos start',
      ['start'],
      {
        DATA_DIR: scratch,
        HOST: '127.0.0.1',
        PORT: String(port),
        QUEUE_PREFIX: `ops-${process.pid}-${Date.now()}`,
        DISCOVERY_HOST: '127.0.0.1',
        DISCOVERY_START_PORT: String(await findFreePort()),
        DISCOVERY_PORT_RANGE: '1',
        DISCOVERY_TIMEOUT_MS: '300',
        // Readable lines asked for, stdout a pipe: the lines must stay JSON, without colour codes.
        DEBUG: 'true',
        LOG_LEVEL: 'info',
      },
      { ownProcessGroup: true },
    );
    await chronos.waitForLine((line) => line.startsWith('Chronos is running'), 'the start banner');
    token = fs.readFileSync(path.join(scratch, 'admin-token'), 'utf8').trim();

    expect((await api('POST', '/api/jobs', { name: 'no task type' })).status).toBe(422);
    const daily = { cron_expression: '0 3 * * *', timezone: 'UTC', max_attempts: 1 };
    jobs.ok = await createJob({
      name: 'ops ok',
      task_type: 'entity_start',
      pipeline_id: '8aeb9fb6',
      entity_ids: ['98fd97b8'],
      ...daily,
    });
    jobs.failing = await createJob({
      name: 'ops failing',
      task_type: 'pipeline_stop',
      pipeline_id: 'nope0000',
      ...daily,
    });
    for (const [job, status] of [
      [jobs.ok, 'succeeded'],
      [jobs.failing, 'failed'],
    ] as const) {
      const run = await api('POST', `/api/jobs/${job.id}/run?wait=true&timeout_seconds=60`);
      expect(run.json.status, JSON.stringify(run.json)).toBe(status);
    }
    // Every second with no grace at all: a tick is picked up after its instant, so it is recorded missed.
    jobs.missing = await createJob({
      name: 'ops missing',
      task_type: 'pipeline_stop',
      pipeline_id: '8aeb9fb6',
      cron_expression: '* * * * * *',
      misfire_grace_seconds: 0,
    });
    await waitUntil(async () => {
      const missed = await api('GET', `/api/jobs/${jobs.missing.id}/executions?status=missed&limit=1`);
      return (missed.json.total as number) > 0 ? true : undefined;
    }, 'a missed tick');
    // Stays enabled: its per-job gauges are part of what is checked.

    const metrics = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    samples = parsePrometheus(await metrics.text());
    for (const job of Object.values(jobs)) Object.assign(job, (await api('GET', `/api/jobs/${job.id}`)).json);

    // A terminal's Ctrl-C: the whole foreground process group gets SIGINT.
    chronos.killGroup('SIGINT');
    exitCode = await chronos.exited;
  }, 180_000);

  afterAll(async () => {
    if (chronos) await killAll([chronos]);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  const sample = (name: string, labels: Record<string, string>) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const seconds = (iso: unknown) => new Date(String(iso)).getTime() / 1000;

  it('serves each job’s last run, last success and next run as the database has them', () => {
    const ok = { job_id: String(jobs.ok.id), job_name: 'ops ok' };
    expect(sample('chronos_job_last_success_timestamp_seconds', ok)?.value).toBe(
      seconds(jobs.ok.last_successful_run),
    );
    expect(sample('chronos_job_last_run_timestamp_seconds', ok)?.value).toBe(seconds(jobs.ok.last_run));
    expect(sample('chronos_job_next_run_timestamp_seconds', ok)?.value).toBe(seconds(jobs.ok.next_run));
    const failing = { job_id: String(jobs.failing.id) };
    expect(sample('chronos_job_last_run_timestamp_seconds', failing)?.value).toBe(
      seconds(jobs.failing.last_run),
    );
    // Never succeeded: no sample, so `time() - last_success` cannot pretend it succeeded in 1970.
    expect(sample('chronos_job_last_success_timestamp_seconds', failing)).toBeUndefined();
    expect(
      sample('chronos_job_missed_ticks_total', { job_id: String(jobs.missing.id) })?.value,
    ).toBeGreaterThan(0);
  });

  it('counts an error response under the route it hit, durations in seconds', () => {
    expect(sample('http_requests_total', { method: 'POST', route: '/api/jobs', status: '422' })?.value).toBe(
      1,
    );
    expect(sample('http_requests_total', { method: 'POST', route: '/' })).toBeUndefined();
    expect(sample('http_request_duration_seconds_count', { route: '/api/jobs', status: '422' })?.value).toBe(
      1,
    );
    expect(samples.some((s) => s.name.startsWith('http_request_duration_ms'))).toBe(false);
  });

  it('has every series (and label) the alert rules and the Grafana dashboard use', () => {
    const queries = deployQueries();
    expect(queries.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const { where, expr } of queries) {
      const { metrics, labels } = seriesOf(expr);
      const selected = samples.filter((s) => metrics.includes(s.name));
      for (const metric of metrics)
        if (!selected.some((s) => s.name === metric)) missing.push(`${where}: ${metric}`);
      for (const label of labels) {
        if (!selected.some((s) => label in s.labels)) missing.push(`${where}: label ${label}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('stops on Ctrl-C with exit code 0, its shutdown lines written', () => {
    expect(exitCode, chronos.describe()).toBe(0);
    const messages = chronos.json.map((line) => line.msg);
    expect(messages).toEqual(
      expect.arrayContaining(['shutdown requested', 'worker stopped', 'chronos stopped']),
    );
    expect(messages.filter((msg) => msg === 'shutdown requested')).toHaveLength(1);
  });

  it('writes JSON lines without a repeated key and without colour codes', () => {
    const jsonLines = chronos.lines.filter((line) => line.startsWith('{'));
    expect(jsonLines.length).toBeGreaterThan(20);
    const repeated = jsonLines.flatMap((line) =>
      repeatedKeys(parseJson(line).body).map((key) => `${key} in ${line}`),
    );
    expect(repeated).toEqual([]);
    expect(chronos.lines.join('\n')).not.toContain('\u001b[');
  });

  it('logs failed and missed executions as warnings with their reason', () => {
    const finished = chronos.json.filter((line) => line.msg === 'execution finished');
    const failed = finished.find((line) => line.jobId === jobs.failing.id && line.status === 'failed');
    expect(failed).toMatchObject({ level: 40, reason: expect.stringContaining('nope0000') });
    const missed = finished.find((line) => line.jobId === jobs.missing.id && line.status === 'missed');
    expect(missed).toMatchObject({ level: 40, reason: expect.stringMatching(/^missed: /) });
  });

  it('puts a stack only on error lines: an unanswered discovery is not one', () => {
    const discovery = chronos.json.find((line) => line.msg === 'no corehub answered discovery');
    expect(discovery).toMatchObject({ level: 30, reason: expect.stringContaining('no CoreHub answered') });
    const withStack = chronos.json.filter((line) => JSON.stringify(line).includes('"stack"'));
    expect(withStack.filter((line) => (line.level as number) < 50)).toEqual([]);
  });
});

describe('the source launcher (pnpm start, pnpm chronos …)', () => {
  it('does not leave its process running when it is killed outright', async () => {
    const port = await findFreePort();
    const sim = spawnChronos('chronos sim', ['sim'], {
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'silent',
    });
    try {
      await sim.waitForJson((line) => line.event === 'listening', 'the simulator listening');
      expect((await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status).toBeDefined();
      // The launcher runs Chronos in a process group of its own; SIGKILL gives it no chance to pass anything on.
      sim.kill('SIGKILL');
      await waitUntil(
        () =>
          fetch(`http://127.0.0.1:${port}/health`).then(
            () => undefined,
            () => true,
          ),
        'the simulator behind the killed launcher to stop',
        30_000,
      );
    } finally {
      await killAll([sim]);
    }
  });
});
