import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

/**
 * Random and hostile bodies against every write route: the answer is always a 4xx problem with a `detail`,
 * never a 5xx, and nothing is written. Every generated body is invalid by construction (an unknown field,
 * a wrong type, junk in a checked field, a non-object or non-JSON body), so a 2xx is a real bug.
 */

const VALID_JOB = {
  name: 'Fuzz target',
  task_type: 'entity_start',
  schedule: { days_of_week: ['monday'], hour: 8, minute: 30 },
  pipeline_id: 'pipeline-1',
  entity_ids: ['orders'],
};

const NUM_RUNS = 25;

const nested: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue(),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 3 }),
  ),
})).node;

const objectish = fc.oneof(
  fc.constant([[[[[[[[[[]]]]]]]]]]),
  fc.constant({ $ne: null }),
  nested.filter((value) => typeof value === 'object' && value !== null && !Array.isArray(value)),
);

/** A value of another type than `valid` (or out of every range a field of that type accepts). */
function wrongFor(valid: unknown): fc.Arbitrary<unknown> {
  if (typeof valid === 'string') {
    return fc.oneof(fc.integer(), fc.boolean(), objectish, fc.constant('x'.repeat(20_000)));
  }
  if (typeof valid === 'number') {
    return fc.oneof(fc.string({ maxLength: 5 }), fc.boolean(), objectish, fc.double({ min: 0.1, max: 0.9 }));
  }
  if (typeof valid === 'boolean') return fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), objectish);
  return fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant({ $ne: null }));
}

/** Keys no route accepts (the prefix keeps them clear of real field names). */
const unknownKey = fc.string({ minLength: 1, maxLength: 12 }).map((key) => `zz_${key}`);

function hostileObjects(base: Record<string, unknown>, checked: Record<string, fc.Arbitrary<unknown>>) {
  const fields = Object.keys(base);
  return fc.oneof(
    // An unknown field next to valid ones.
    fc.tuple(unknownKey, nested).map(([key, value]) => ({ ...base, [key]: value })),
    // A known field with a value of the wrong type.
    fc
      .constantFrom(...fields)
      .chain((key) => wrongFor(base[key]).map((value) => ({ ...base, [key]: value }))),
    // Junk in a field the route checks beyond its type.
    ...Object.entries(checked).map(([key, arbitrary]) =>
      arbitrary.map((value) => ({ ...base, [key]: value })),
    ),
    // Not an object at all.
    fc.oneof(fc.array(nested, { maxLength: 4 }), fc.constant([])),
  );
}

const notJson = fc.string({ minLength: 1, maxLength: 200 }).filter((text) => {
  try {
    const parsed = JSON.parse(text);
    return typeof parsed !== 'object' || parsed === null;
  } catch {
    return true;
  }
});

type Case = { body?: unknown; raw?: string; contentType?: string; query?: string };

const bodyCases = (objects: fc.Arbitrary<unknown>): fc.Arbitrary<Case> =>
  fc.oneof(
    { weight: 6, arbitrary: objects.map((body) => ({ body })) },
    { weight: 1, arbitrary: notJson.map((raw) => ({ raw, contentType: 'application/json' })) },
    {
      weight: 1,
      arbitrary: fc.string({ maxLength: 50 }).map((raw) => ({ raw: `${raw}!`, contentType: 'text/plain' })),
    },
    {
      weight: 1,
      arbitrary: fc.constant({ raw: `{"name":"${'y'.repeat(300_000)}"}`, contentType: 'application/json' }),
    },
  );

const junkCron = fc.string({ maxLength: 30 }).map((text) => `x ${text}`);
const junkZone = fc.string({ maxLength: 30 }).map((text) => `Not/${text}`);
const junkTaskType = fc.string({ maxLength: 30 }).map((text) => `reboot_${text}`);

describe.each(['postgresql', 'sqlite'] as const)('fuzzing the write routes on %s', (provider) => {
  let api: TestApi;
  let jobId: number;

  const snapshot = async () => {
    const job = await api.db.jobs.get(jobId);
    return {
      jobs: (await api.db.jobs.list({})).total,
      executions: (await api.db.executions.list({})).total,
      settings: (await api.db.settings.list({})).total,
      timezone: (await api.db.settings.get('timezone')).value,
      version: job.version,
    };
  };

  const send = (method: 'post' | 'put' | 'patch', path: string, testCase: Case) => {
    const url = testCase.query ? `${path}?${testCase.query}` : path;
    const call = request(api.url)[method](url);
    if (testCase.raw !== undefined)
      return call.set('content-type', testCase.contentType ?? 'application/json').send(testCase.raw);
    return call.send(testCase.body as object);
  };

  const expectRejected = async (
    method: 'post' | 'put' | 'patch',
    path: string,
    cases: fc.Arbitrary<Case>,
  ) => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(cases, async (testCase) => {
        const response = await send(method, path, testCase);
        expect(response.status, JSON.stringify(testCase).slice(0, 300)).toBeGreaterThanOrEqual(400);
        expect(response.status, JSON.stringify(testCase).slice(0, 300)).toBeLessThan(500);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(typeof response.body.detail).toBe('string');
        expect(response.body.detail.length).toBeGreaterThan(0);
      }),
      { numRuns: NUM_RUNS },
    );
    expect(await snapshot()).toEqual(before);
  };

  beforeAll(async () => {
    api = await startTestApi({ provider });
    jobId = (await request(api.url).post('/api/jobs').send(VALID_JOB).expect(201)).body.id;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('POST /api/jobs', async () => {
    const checked = {
      task_type: junkTaskType,
      cron_expression: junkCron,
      timezone: junkZone,
      entity_ids: fc.constant([]),
    };
    await expectRejected('post', '/api/jobs', bodyCases(hostileObjects(VALID_JOB, checked)));
  });

  it('PUT /api/jobs/{id}', async () => {
    const checked = {
      task_type: junkTaskType,
      cron_expression: junkCron,
      timezone: junkZone,
      entity_ids: fc.constant([]),
    };
    await expectRejected('put', `/api/jobs/${jobId}`, bodyCases(hostileObjects(VALID_JOB, checked)));
  });

  it('PATCH /api/jobs/{id}/status', async () => {
    await expectRejected(
      'patch',
      `/api/jobs/${jobId}/status`,
      bodyCases(hostileObjects({ enabled: true }, {})),
    );
  });

  it('POST /api/jobs/{id}/run (hostile query)', async () => {
    const query = fc.oneof(
      fc.string({ maxLength: 20 }).map((text) => `wait=${encodeURIComponent(`no${text}`)}`),
      fc
        .oneof(fc.integer({ max: 0 }), fc.integer({ min: 3601 }), fc.constant('soon'))
        .map((value) => `wait=true&timeout_seconds=${encodeURIComponent(String(value))}`),
    );
    await expectRejected(
      'post',
      `/api/jobs/${jobId}/run`,
      query.map((text) => ({ query: text })),
    );
  });

  it('POST /api/schedules/preview', async () => {
    const base = { cron_expression: '0 * * * *', timezone: 'UTC', count: 3 };
    const checked = {
      cron_expression: junkCron,
      timezone: junkZone,
      count: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 1001 })),
      from: fc.string({ maxLength: 20 }).map((text) => `day ${text}`),
    };
    await expectRejected('post', '/api/schedules/preview', bodyCases(hostileObjects(base, checked)));
  });

  it('PUT /api/settings/{key}', async () => {
    await expectRejected(
      'put',
      '/api/settings/timezone',
      bodyCases(hostileObjects({ value: 'UTC' }, { value: junkZone })),
    );
  });

  it('PUT /api/settings', async () => {
    const objects = fc.oneof(
      fc.tuple(unknownKey, fc.string({ maxLength: 10 })).map(([key, value]) => ({ [key]: value })),
      junkZone.map((zone) => ({ timezone: zone })),
      wrongFor('UTC').map((value) => ({ timezone: value })),
      fc.array(nested, { maxLength: 3 }),
    );
    await expectRejected('put', '/api/settings', bodyCases(objects));
  });

  it('POST /api/settings', async () => {
    const base = { key: 'timezone', value: 'UTC' };
    const checked = { key: fc.constantFrom('timezone', 'bad key!', '', 'k'.repeat(101)) };
    await expectRejected('post', '/api/settings', bodyCases(hostileObjects(base, checked)));
  });
});
