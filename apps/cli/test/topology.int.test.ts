import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateApiToken } from '@chronos/auth';
import { createTestDatabase, type TestDatabase } from '@chronos/db/testing';
import { createTestPrefix, deletePrefix } from '@chronos/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, findFreePort, killAll, spawnChronos, waitUntil } from './helpers/cli-process.js';
import { hasSeries, parsePrometheus, type Sample, sumOf } from './helpers/prometheus.js';

/** The demo fixture's first pipeline (apps/corehub-sim/fixtures/demo.json). */
const PIPELINE = '8aeb9fb6';
const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;
const WORKERS = 3;
const TICKS = 5;

type Execution = { id: number; status: string; trigger: string; scheduled_for: string; worker_id: string };

/*
 * docker-compose.yml as OS processes on this machine: one `chronos api`, three `chronos worker`s and
 * `chronos sim`, all through the real launcher, in production mode with a module license, against a fresh
 * PostgreSQL database and a Redis prefix of their own. A job created over HTTP with a static API token
 * (API_TOKENS, as compose passes it) fires every 2 s; each tick must be executed once, and every process's
 * /metrics must account for exactly those executions.
 */
describe('compose topology as processes: api, 3 workers, simulator, PostgreSQL, Redis', () => {
  const processes: CliProcess[] = [];
  let scratch: string;
  let database: TestDatabase;
  const prefix = createTestPrefix();
  const { token, entry } = generateApiToken('topology', 'MANAGER');
  let apiUrl: string;
  let simUrl: string;
  const workerUrls: string[] = [];

  const api = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${apiUrl}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} → ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  const scrape = async (url: string, headers: Record<string, string> = {}): Promise<Sample[]> => {
    const response = await fetch(`${url}/metrics`, { headers });
    expect(response.status).toBe(200);
    return parsePrometheus(await response.text());
  };

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-topology-'));
    const licenseFile = path.join(scratch, 'gs-license.dat');
    fs.writeFileSync(licenseFile, 'topology-test-license\n');
    database = await createTestDatabase('postgresql');

    const sim = spawnChronos('sim', ['sim'], {
      HOST: '127.0.0.1',
      PORT: '0',
      SIM_LICENSE_FILE: licenseFile,
    });
    processes.push(sim);
    simUrl = String((await sim.waitForJson((line) => line.event === 'listening', 'the simulator')).url);

    const common = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DB_URL: database.url,
      QUEUE_PREFIX: prefix,
      CORE_HUB_URL: simUrl,
      GLUESYNC_LICENSE_FILE: licenseFile,
      API_TOKENS: entry,
      DATA_DIR: path.join(scratch, 'data'),
      LOG_LEVEL: 'info',
      TIMEZONE: 'UTC',
      ENTITY_START_TIMEOUT: '0',
      RECONCILE_INTERVAL_SECONDS: '1',
      COREHUB_HEALTH_CHECK_INTERVAL_SECONDS: '0',
      SHUTDOWN_TIMEOUT_SECONDS: '10',
    };
    const apiProcess = spawnChronos('api', ['api'], { ...common, PORT: '0' });
    processes.push(apiProcess);
    const ports = await Promise.all(Array.from({ length: WORKERS }, () => findFreePort()));
    const workers = ports.map((port, index) =>
      spawnChronos(`worker-${index + 1}`, ['worker'], {
        ...common,
        PORT: '1717',
        WORKER_HTTP_PORT: String(port),
      }),
    );
    processes.push(...workers);
    apiUrl = String((await apiProcess.waitForJson((line) => line.msg === 'api listening', 'the api')).url);
    for (const worker of workers) {
      const listening = await worker.waitForJson((line) => line.msg === 'worker http listening', 'its http');
      workerUrls.push(String(listening.url));
      await worker.waitForJson((line) => line.msg === 'worker started', `${worker.name} to start`);
    }
  }, 180_000);

  afterAll(async () => {
    await killAll(processes);
    await database?.drop();
    await deletePrefix(prefix);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('runs each tick of a job created over HTTP exactly once, and /metrics of api and workers accounts for it', async () => {
    // Every worker is ready: database, Redis and a module connection the simulator accepted (license).
    for (const url of workerUrls) {
      const ready = await waitUntil(async () => {
        const response = await fetch(`${url}/ready`);
        return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
      }, `${url}/ready`);
      expect(ready).toEqual({
        status: 'ready',
        checks: { database: 'up', redis: 'up', corehub: 'connected' },
      });
      expect((await fetch(`${url}/health`)).status).toBe(200);
    }

    const job = await api('POST', '/api/jobs', {
      name: 'topology: stop every 2 s',
      task_type: 'pipeline_stop',
      cron_expression: '*/2 * * * * *',
      timezone: 'UTC',
      pipeline_id: PIPELINE,
    });
    const executionsOf = async () =>
      ((await api('GET', `/api/jobs/${job.id}/executions?limit=1000`)).items as Execution[]) ?? [];
    await waitUntil(
      async () =>
        (await executionsOf()).filter((e) => e.status === 'succeeded').length >= TICKS ? true : undefined,
      `${TICKS} executed ticks`,
      90_000,
    );
    await api('PATCH', `/api/jobs/${job.id}/status`, { enabled: false });
    const executions = await waitUntil(async () => {
      const all = await executionsOf();
      return all.every((e) => !['queued', 'running'].includes(e.status)) ? all : undefined;
    }, 'the last tick to finish');

    // One execution per tick: distinct instants on the 2-second grid, all from the scheduler.
    const instants = executions.map((e) => Date.parse(e.scheduled_for));
    expect(new Set(instants).size).toBe(executions.length);
    expect(instants.every((instant) => instant % 2000 === 0)).toBe(true);
    expect(executions.every((e) => e.trigger === 'schedule')).toBe(true);
    expect(executions.filter((e) => !['succeeded', 'skipped'].includes(e.status))).toEqual([]);
    const ran = executions.filter((e) => e.status === 'succeeded');
    expect(ran.length).toBeGreaterThanOrEqual(TICKS);
    // One CoreHub call per executed tick, whichever worker ran it.
    const journal = (await (await fetch(`${simUrl}/__sim/journal?method=POST&path=${STOP_PATH}`)).json()) as {
      entries: unknown[];
    };
    expect(journal.entries).toHaveLength(ran.length);

    // Metrics of the three workers add up to exactly what the database and the simulator saw. A worker counts
    // an execution just after it announced it final (the task type is read first): poll until they settle.
    let perWorker: Sample[][] = [];
    const total = (name: string, labels: Record<string, string> = {}) =>
      perWorker.reduce((sum, samples) => sum + sumOf(samples, name, labels), 0);
    await waitUntil(async () => {
      perWorker = await Promise.all(workerUrls.map((url) => scrape(url)));
      return total('chronos_executions_total') === executions.length ? true : undefined;
    }, 'the workers to count every execution');
    expect(total('chronos_executions_total', { task_type: 'pipeline_stop', trigger: 'schedule' })).toBe(
      executions.length,
    );
    expect(total('chronos_executions_total', { status: 'succeeded' })).toBe(ran.length);
    expect(total('chronos_execution_duration_seconds_count', { task_type: 'pipeline_stop' })).toBe(
      ran.length,
    );
    expect(
      total('chronos_corehub_requests_total', { method: 'POST', outcome: 'success', status: '202' }),
    ).toBe(ran.length);
    const lagCount = total('chronos_schedule_lag_seconds_count');
    expect(lagCount).toBe(ran.length);
    // Started on time: within the misfire grace, and never before the tick's instant.
    expect(total('chronos_schedule_lag_seconds_sum') / lagCount).toBeGreaterThanOrEqual(0);
    expect(total('chronos_schedule_lag_seconds_sum') / lagCount).toBeLessThan(60);
    for (const samples of perWorker) {
      expect(sumOf(samples, 'chronos_corehub_connection_state')).toBe(2);
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(samples.some((s) => s.name === 'chronos_queue_jobs' && s.labels.state === state)).toBe(true);
      }
      expect(sumOf(samples, 'chronos_queue_jobs', { state: 'failed' })).toBe(0);
      expect(hasSeries(samples, 'chronos_reconciler_repairs_total')).toBe(true);
      expect(hasSeries(samples, 'process_resident_memory_bytes')).toBe(true);
    }

    // The API's /metrics needs a role, counts its own requests by route and reports the queue depths.
    expect((await fetch(`${apiUrl}/metrics`)).status).toBe(401);
    const apiSamples = await scrape(apiUrl, { authorization: `Bearer ${token}` });
    expect(
      sumOf(apiSamples, 'http_requests_total', { method: 'POST', route: '/api/jobs', status: '201' }),
    ).toBe(1);
    expect(sumOf(apiSamples, 'chronos_queue_jobs', { state: 'failed' })).toBe(0);
    expect(hasSeries(apiSamples, 'chronos_queue_jobs')).toBe(true);
  }, 180_000);

  it('stops every process with exit code 0 on SIGTERM', async () => {
    for (const process of processes) process.kill('SIGTERM');
    const codes = await Promise.all(processes.map((process) => process.exited));
    expect(Object.fromEntries(processes.map((process, index) => [process.name, codes[index]]))).toEqual(
      Object.fromEntries(processes.map((process) => [process.name, 0])),
    );
  }, 60_000);
});
