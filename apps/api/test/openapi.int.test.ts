import SwaggerParser from '@apidevtools/swagger-parser';
import { loadDemoFixture } from '@chronos/corehub-sim';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/index.js';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

type Layer = {
  route?: { path: string; methods: Record<string, boolean> };
  name: string;
  handle: { stack?: Layer[] };
  matchers?: Array<(path: string) => unknown>;
  slash?: boolean;
};

/** Mount points of the feature routers (Express 5 keeps no readable path on a router layer). */
const MOUNTS = [
  '',
  '/api/jobs',
  '/api/executions',
  '/api/schedules',
  '/api/settings',
  '/api/events',
  '/api/session',
  '/api/webhooks',
];
/** UIs mounted as sub-apps: not API routes, documented by their own links in `GET /`. */
const UI_MOUNTS = ['/docs', '/admin/queues'];

/** The path a router layer is mounted at: '' when it matches any path, else the mount it matches. */
function findMount(layer: Layer): string {
  const match = layer.matchers?.[0];
  // A router mounted at '/' is flagged `slash` and matches every path without its matcher.
  if (layer.slash || !match || match('/no-such-mount-point')) return '';
  const mount = [...MOUNTS, ...UI_MOUNTS].find((candidate) => candidate !== '' && match(candidate));
  if (mount === undefined) throw new Error('a router is mounted at a path this test does not know');
  return mount;
}

/** Every method + path Express routes, found by walking the router stack. */
function collectRoutes(app: Express): string[] {
  const routes: string[] = [];
  const stack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) routes.push(`${method} ${layer.route.path}`);
      continue;
    }
    if (!layer.handle.stack) continue;
    const base = findMount(layer);
    if (UI_MOUNTS.includes(base)) continue;
    for (const inner of layer.handle.stack) {
      if (!inner.route) continue;
      const path = inner.route.path === '/' ? base || '/' : `${base}${inner.route.path}`;
      for (const method of Object.keys(inner.route.methods)) routes.push(`${method} ${path}`);
    }
  }
  return routes;
}

type MediaType = {
  schema?: { $ref?: string };
  examples?: Record<string, { summary: string; value: unknown }>;
};
type Operation = {
  responses: Record<string, { content?: Record<string, MediaType> }>;
  requestBody?: { content: Record<string, MediaType> };
};

function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

describe('OpenAPI document', () => {
  let api: TestApi;
  let document: Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };
  beforeAll(async () => {
    api = await startTestApi({ provider: 'sqlite' });
    document = (await request(api.url).get('/openapi.json').expect(200)).body;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('documents every route Express serves', () => {
    const app = createApp(api.deps);
    const routes = collectRoutes(app);
    expect(routes.length).toBeGreaterThanOrEqual(18);
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      if (UI_MOUNTS.some((mount) => path.startsWith(mount)) || path === '/openapi.json') continue;
      const documented = document.paths[toOpenApiPath(path)];
      expect(documented?.[method], `${route} is missing from /openapi.json`).toBeDefined();
    }
  });

  it('refers every 4xx and 5xx answer to the one Problem schema', () => {
    let checked = 0;
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations) as Operation[]) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) < 400) continue;
          checked += 1;
          expect(response.content?.['application/problem+json']?.schema?.$ref).toBe(
            '#/components/schemas/Problem',
          );
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('requires credentials everywhere but the open routes, and documents 401/403/429 on guarded ones', () => {
    const paths = document.paths as Record<
      string,
      Record<string, { security?: unknown[]; responses: object }>
    >;
    expect(document.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }, { sessionCookie: [] }]);
    expect(paths['/health']?.get?.security).toEqual([]);
    expect(paths['/ready']?.get?.security).toEqual([]);
    expect(paths['/api/jobs']?.post?.security).toBeUndefined();
    expect(Object.keys(paths['/api/jobs']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['401', '403', '429']),
    );
    expect(Object.keys(paths['/health']?.get?.responses ?? {})).not.toContain('401');
  });

  it('shows the friendly-format example on job creation', () => {
    const post = document.paths['/api/jobs']?.post as Operation;
    const examples = post.requestBody?.content['application/json']?.examples ?? {};
    expect(examples.friendly?.value).toMatchObject({
      task_type: 'entity_start',
      schedule: { days_of_week: ['monday', 'wednesday', 'friday'], hour: 8, minute: 30 },
    });
    expect(examples.friendly?.summary).toContain('30 8 * * 1,3,5');
  });

  it('names every operation with a unique operationId', () => {
    const ids = Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((operation) => (operation as { operationId?: string }).operationId),
    );
    expect(ids.length).toBeGreaterThan(20);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('marks every instant format: date-time (start_time keeps the reference shape +0200, not RFC 3339)', () => {
    const INSTANT = /(_at|_run|_time|^scheduled_for|^at|^since|^from|^next_runs)$/;
    const missing: string[] = [];
    const visit = (schema: unknown, where: string, name = ''): void => {
      if (!schema || typeof schema !== 'object') return;
      const node = schema as Record<string, unknown>;
      const isString = node.type === 'string' || (Array.isArray(node.type) && node.type.includes('string'));
      if (INSTANT.test(name) && name !== 'start_time' && isString && node.format !== 'date-time')
        missing.push(where);
      for (const [key, inner] of Object.entries((node.properties as object) ?? {}))
        visit(inner, `${where}.${key}`, key);
      if (node.items) visit(node.items, `${where}[]`, name);
      for (const inner of [...((node.anyOf as unknown[]) ?? []), ...((node.oneOf as unknown[]) ?? [])])
        visit(inner, where, name);
    };
    const components = (document.components as { schemas: Record<string, unknown> }).schemas;
    for (const [name, schema] of Object.entries(components)) visit(schema, name);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const parameter of (operation as { parameters?: Array<{ name: string; schema: unknown }> })
          .parameters ?? [])
          visit(parameter.schema, `${method} ${path} ?${parameter.name}`, parameter.name);
      }
    }
    expect(missing).toEqual([]);
  });

  it('pre-fills no parameter, points examples at the demo’s objects and shows an example per error', () => {
    const demo = loadDemoFixture();
    const pipelines = new Map(demo.pipelines.map((pipeline) => [pipeline.id, pipeline]));
    let errorExamples = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, raw] of Object.entries(item)) {
        const operation = raw as Operation & {
          parameters?: Array<{ name: string; in: string; example?: unknown; schema?: { example?: unknown } }>;
        };
        // A pre-filled query filters a list; a pre-filled id points at a row that may not exist.
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in !== 'query' && parameter.name !== 'id') continue;
          const label = `${method} ${path} ${parameter.name}`;
          expect(parameter.example ?? parameter.schema?.example, label).toBeUndefined();
        }
        for (const example of Object.values(
          operation.requestBody?.content['application/json']?.examples ?? {},
        )) {
          const value = example.value as { pipeline_id?: string; entity_ids?: string[]; entity_id?: string };
          if (!value.pipeline_id) continue;
          const pipeline = pipelines.get(value.pipeline_id);
          expect(pipeline, `${path} example pipeline ${value.pipeline_id}`).toBeDefined();
          const entities = new Set(pipeline?.entities.map((entity) => entity.entityId));
          for (const entity of [...(value.entity_ids ?? []), ...(value.entity_id ? [value.entity_id] : [])])
            expect(entities.has(entity), `${path} example entity ${entity}`).toBe(true);
        }
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) < 400) continue;
          const example = (
            response.content?.['application/problem+json'] as { example?: { status?: number } }
          )?.example;
          expect(example?.status, `${method} ${path} ${status}`).toBe(Number(status));
          errorExamples += 1;
        }
      }
    }
    expect(errorExamples).toBeGreaterThan(40);
  });

  it('keeps the Swagger UI token across reloads (persistAuthorization)', async () => {
    const init = await request(api.url).get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toMatch(/"persistAuthorization":\s*true/);
  });
});
