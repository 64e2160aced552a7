import { Agent, request as httpRequest } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

/**
 * Every route, 10,000 generated requests (seeded: a failure names its seed and input), against a real api on
 * PostgreSQL: hostile paths (broken percent-encoding, huge ids), queries, bodies (text PostgreSQL cannot
 * store, wrong types, junk bytes, bodies that do not decode as their Content-Encoding says). Valid inputs
 * may succeed; whatever the input, the answer is never a 5xx and never shows a stack trace, and the api is
 * still ready afterwards. Requests go out several at a time over keep-alive sockets to stay within ~1 min.
 */

const SEED = 18;
const RUNS = 10_000;
const PARALLEL = 8;

const VALID_JOB = {
  name: 'Fuzz every route',
  task_type: 'entity_start',
  schedule: { days_of_week: ['monday'], hour: 8, minute: 30 },
  pipeline_id: 'pipeline-1',
  entity_ids: ['orders'],
};

/** Strings PostgreSQL cannot store next to ordinary text, in any mix. */
const nastyChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('\ud800', '\udfff', '\u0000', '\ud83d', '%', '\\') },
);
const nastyString = fc.string({ unit: nastyChar, maxLength: 24 });

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59-14:00',
      '2026-02-30T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      2 ** 31,
      -1,
      1e308,
      '* * * * *',
      'Europe/Kyiv',
      'UTC',
      { days_of_week: ['monday'], hour: 25 },
    ),
  },
);

/** A known body with some fields replaced, removed or added (keys may be hostile too). */
function mutated(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = [
    ...Object.keys(base),
    'description',
    'enabled',
    'value',
    'key',
    'timezone',
    'cron_expression',
  ];
  return fc
    .tuple(
      fc.dictionary(fc.constantFrom(...keys), hostileValue, { maxKeys: 3 }),
      fc.dictionary(nastyString, hostileValue, { maxKeys: 1 }),
      fc.subarray(Object.keys(base)),
    )
    .map(([replaced, extra, removed]) => {
      const body: Record<string, unknown> = { ...base, ...replaced, ...extra };
      for (const key of removed) delete body[key];
      return body;
    });
}

type Route = { method: string; path: string; body?: Record<string, unknown>; queryKeys?: string[] };

const ROUTES: Route[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/ready' },
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/metrics' },
  { method: 'GET', path: '/api/events' },
  { method: 'GET', path: '/api/jobs', queryKeys: ['skip', 'limit', 'task_type', 'enabled'] },
  { method: 'POST', path: '/api/jobs', body: VALID_JOB },
  { method: 'GET', path: '/api/jobs/{id}' },
  { method: 'PUT', path: '/api/jobs/{id}', body: VALID_JOB },
  { method: 'PATCH', path: '/api/jobs/{id}/status', body: { enabled: true } },
  { method: 'DELETE', path: '/api/jobs/{id}' },
  // `wait` is left out: a waited run-now holds its request for up to timeout_seconds by design.
  { method: 'POST', path: '/api/jobs/{id}/run', queryKeys: ['timeout_seconds'] },
  { method: 'GET', path: '/api/jobs/{id}/executions', queryKeys: ['skip', 'limit', 'status'] },
  {
    method: 'GET',
    path: '/api/executions',
    queryKeys: ['skip', 'limit', 'job_id', 'status', 'since', 'until', 'trigger'],
  },
  { method: 'GET', path: '/api/executions/{id}' },
  {
    method: 'POST',
    path: '/api/schedules/preview',
    body: { cron_expression: '0 * * * *', timezone: 'UTC', count: 3 },
  },
  { method: 'GET', path: '/api/settings', queryKeys: ['skip', 'limit'] },
  { method: 'PUT', path: '/api/settings', body: { timezone: 'UTC' } },
  { method: 'POST', path: '/api/settings', body: { key: 'fuzz_key', value: 'v', description: 'd' } },
  { method: 'GET', path: '/api/settings/{key}' },
  { method: 'PUT', path: '/api/settings/{key}', body: { value: 'UTC' } },
];

/** A path segment as it goes on the wire: valid ids, broken escapes, escaped nasty text, huge numbers. */
const pathSegment = fc.oneof(
  fc.constantFrom('1', '2', 'timezone', '0', '99999999999', '%', '%ZZ', '%E0%A4%A', '%ED%A0%80', '%00', '..'),
  fc.integer({ min: 1, max: 50 }).map(String),
  nastyString.map((text) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, 'x'))),
  fc.string({ unit: fc.constantFrom('%', 'A', 'f', '0', 'Z', 'é'), maxLength: 8 }),
);

/** A query value as it goes on the wire: encoded text, raw broken escapes, nothing. */
const queryValue = fc.oneof(
  hostileValue.map((value) =>
    encodeURIComponent(
      String(typeof value === 'object' ? JSON.stringify(value) : value).replace(/[\ud800-\udfff]/g, '\ufffd'),
    ),
  ),
  fc.constantFrom(
    '%',
    '%ZZ',
    '%ED%A0%80',
    '%00',
    '',
    'true',
    '10',
    '2026-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
  ),
);

type Wire = { method: string; path: string; headers: Record<string, string>; body?: Buffer };

const encoders: Record<string, (raw: Buffer) => Buffer> = {
  gzip: gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
};

function bodyFor(route: Route): fc.Arbitrary<Pick<Wire, 'headers' | 'body'>> {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null');
  const base = route.body ?? {};
  return fc.oneof(
    { weight: 6, arbitrary: mutated(base).map((value) => ({ headers: {}, body: json(value) })) },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => ({ headers: {}, body: json(value) })) },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ headers: {}, body: Buffer.from(bytes) })),
    },
    {
      // A body that does not decode as its Content-Encoding says, or one that does.
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'gzip, br'),
          mutated(base),
          fc.boolean(),
        )
        .map(([encoding, value, isEncoded]) => {
          const raw = json(value);
          const encode = encoders[encoding];
          return { headers: { 'content-encoding': encoding }, body: isEncoded && encode ? encode(raw) : raw };
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          'application/merge-patch+json',
        )
        .chain((type) =>
          mutated(base).map((value) => ({ headers: { 'content-type': type }, body: json(value) })),
        ),
    },
  );
}

const wireRequest: fc.Arbitrary<Wire> = fc.constantFrom(...ROUTES).chain((route) =>
  fc
    .record({
      segment: pathSegment,
      query: fc.array(fc.tuple(fc.constantFrom(...(route.queryKeys ?? ['x']), 'zz'), queryValue), {
        maxLength: 3,
      }),
      payload: route.method === 'GET' || route.method === 'DELETE' ? fc.constant(undefined) : bodyFor(route),
    })
    .map(({ segment, query, payload }) => {
      const path = route.path.replace(/\{\w+\}/, segment);
      const search = query.length > 0 ? `?${query.map(([key, value]) => `${key}=${value}`).join('&')}` : '';
      return {
        method: route.method,
        path: `${path}${search}`,
        headers: { 'content-type': 'application/json', ...payload?.headers },
        ...(payload?.body ? { body: payload.body } : {}),
      };
    }),
);

type Answer = { status: number; body: string };

function send(agent: Agent, base: URL, wire: Wire): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: wire.method,
        path: wire.path,
        headers: { ...wire.headers, ...(wire.body ? { 'content-length': String(wire.body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(wire.body);
  });
}

const STACK_TRACE = /\bat .+\.(ts|js|mjs):\d+|node_modules\//;

describe('fuzzing every route on PostgreSQL', () => {
  let api: TestApi;
  const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });

  beforeAll(async () => {
    api = await startTestApi({ provider: 'postgresql' });
    const base = new URL(api.url);
    // Something to find: a job (id 1) with an execution, so valid ids reach the database too.
    const created = await send(agent, base, {
      method: 'POST',
      path: '/api/jobs',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(VALID_JOB)),
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    agent.destroy();
    await api?.close();
  });

  it(`answers ${RUNS} generated requests without a 5xx or a stack trace, and stays ready`, {
    timeout: 240_000,
  }, async () => {
    const base = new URL(api.url);
    const inputs = fc.sample(wireRequest, { seed: SEED, numRuns: RUNS });
    const failures: Array<{ input: string; status: number; body: string }> = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const lane = async () => {
      for (let index = next++; index < inputs.length; index = next++) {
        const wire = inputs[index] as Wire;
        const answer = await send(agent, base, wire);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status >= 500 || STACK_TRACE.test(answer.body)) {
          failures.push({
            input: `${wire.method} ${wire.path} ${JSON.stringify(wire.headers)} ${wire.body?.toString('utf8').slice(0, 200) ?? ''}`,
            status: answer.status,
            body: answer.body.slice(0, 300),
          });
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, lane));

    expect(failures.slice(0, 10), `seed ${SEED}: ${failures.length} bad answers`).toEqual([]);
    const answered = [...statuses.values()].reduce((sum, count) => sum + count, 0);
    expect(answered).toBe(RUNS);
    // Not all rejected: valid inputs got through to the database too.
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
    const ready = await send(agent, base, { method: 'GET', path: '/ready', headers: {} });
    expect(ready.status).toBe(200);
  });
});
