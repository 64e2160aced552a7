import fs from 'node:fs';
import autocannon from 'autocannon';
import type { BenchContext } from '../bench-context.js';
import type { ChildHandle } from '../child-process.js';
import { waitForQuiet } from '../quiesce.js';
import type { BenchRow } from '../report-table.js';
import { pipelineStartJob, seedJobs } from '../seed-jobs.js';

const SCENARIO = '3 api';

type Load = { perSecond: number; p50: number; p99: number; failures: number };

type Endpoint = {
  label: string;
  /** autocannon request for a server at the given base (Chronos or the bare Express). */
  request: () => autocannon.Request;
};

/** The body of a new job: enabled, so every POST also writes its scheduler to Redis, as in production. */
function newJobBody(pipelineId: string, index: number): string {
  return JSON.stringify({
    name: `bench-api-${index}`,
    task_type: 'pipeline_start',
    pipeline_id: pipelineId,
    cron_expression: '0 0 1 1 *',
    timezone: 'UTC',
    enabled: true,
  });
}

function pickId(ids: readonly number[]): number {
  return ids[Math.floor(Math.random() * ids.length)] as number;
}

function endpoints(context: BenchContext, ids: readonly number[]): Endpoint[] {
  let created = 0;
  return [
    {
      label: 'GET /api/jobs/{id}',
      request: () => ({
        method: 'GET',
        path: `/api/jobs/${ids[0]}`,
        setupRequest: (request) => ({ ...request, path: `/api/jobs/${pickId(ids)}` }),
      }),
    },
    { label: 'GET /api/jobs?limit=100', request: () => ({ method: 'GET', path: '/api/jobs?limit=100' }) },
    {
      label: 'POST /api/jobs',
      request: () => ({
        method: 'POST',
        path: '/api/jobs',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          created += 1;
          return { ...request, body: newJobBody(context.pipelineId, created) };
        },
      }),
    },
  ];
}

async function load(
  context: BenchContext,
  server: ChildHandle,
  url: string,
  endpoint: Endpoint,
): Promise<Load> {
  await waitForQuiet(server);
  const result = await autocannon({
    url,
    connections: context.options.connections,
    duration: context.options.durationSeconds,
    headers: { authorization: context.authorization },
    requests: [endpoint.request()],
  });
  return {
    perSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors,
  };
}

/** One real answer of each route: the bare Express serves these bodies, so both send the same bytes. */
async function captureBodies(context: BenchContext, base: string, ids: readonly number[]): Promise<void> {
  const headers = { authorization: context.authorization, 'content-type': 'application/json' };
  const get = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${base}${path}`, { headers, ...init });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  };
  const bodies = {
    job: await get(`/api/jobs/${ids[0]}`),
    list: await get('/api/jobs?limit=100'),
    created: await get('/api/jobs', { method: 'POST', body: newJobBody(context.pipelineId, 0) }),
  };
  fs.writeFileSync(context.bareExpressBodiesFile, JSON.stringify(bodies));
}

/**
 * Scenario 3: requests/s and latency of three routes (autocannon, `connections` connections, `duration`
 * seconds each) on PostgreSQL with `apiJobs` jobs stored, against the bare Express server answering the same
 * bodies. Requests carry a static API token, so the figures include authentication once the API checks it.
 */
export async function runApiScenario(context: BenchContext): Promise<BenchRow[]> {
  const { db, options } = context;
  const { api, apiUrl: base, bareExpress: bare } = context;
  if (!api || !base || !bare)
    throw new Error('the api scenario needs the API and the bare Express server running');
  const stored = (await db.jobs.list({ limit: 1 })).total;
  if (stored < options.apiJobs) {
    context.progress(`api: seeding ${options.apiJobs - stored} more jobs`);
    await seedJobs(db, options.apiJobs - stored, (index) =>
      pipelineStartJob(context.pipelineId, {
        name: `bench-stored-${index + 1}`,
        cronExpression: '0 0 1 1 *',
        enabled: false,
      }),
    );
  }
  const ids = (await db.jobs.listAll()).map((job) => job.id);
  await captureBodies(context, base, ids);
  const rows: BenchRow[] = [];
  for (const endpoint of endpoints(context, ids)) {
    context.progress(`api: ${endpoint.label} (${options.durationSeconds} s each)`);
    const chronos = await load(context, api, base, endpoint);
    const baseline = await load(context, bare.child, bare.url, endpoint);
    const baselineIs = 'bare Express, same body';
    const note = chronos.failures > 0 ? `${chronos.failures} non-2xx or errors` : `${ids.length} jobs stored`;
    rows.push(
      {
        scenario: SCENARIO,
        metric: `${endpoint.label} req/s`,
        unit: '/s',
        better: 'higher',
        chronos: chronos.perSecond,
        baseline: baseline.perSecond,
        baselineIs,
        note,
      },
      {
        scenario: SCENARIO,
        metric: `${endpoint.label} p50`,
        unit: 'ms',
        better: 'lower',
        chronos: chronos.p50,
        baseline: baseline.p50,
        baselineIs,
      },
      {
        scenario: SCENARIO,
        metric: `${endpoint.label} p99`,
        unit: 'ms',
        better: 'lower',
        chronos: chronos.p99,
        baseline: baseline.p99,
        baselineIs,
      },
    );
  }
  return rows;
}
