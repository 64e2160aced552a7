import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { jsonResponse, OPEN_ROUTE } from '../../http/openapi.js';
import { z } from '../../http/zod.js';

const LINKS = {
  docs: '/docs',
  openapi: '/openapi.json',
  jobs: '/api/jobs',
  executions: '/api/executions',
  settings: '/api/settings',
  events: '/api/events',
  queues: '/admin/queues',
  metrics: '/metrics',
  health: '/health',
  ready: '/ready',
} as const;

const RootSchema = z
  .object({ name: z.string(), version: z.string(), links: z.record(z.string(), z.string()) })
  .openapi('Root');

/**
 * `GET /` answers with links instead of the reference's redirect to the docs: behind the CoreHub proxy
 * (`/chronos/api/*` → `/api/*`) an absolute redirect loses the prefix.
 */
export function createRootRouter(version: string): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({ name: 'chronos', version, links: LINKS });
  });
  return router;
}

export function registerRootOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/',
    operationId: 'getRoot',
    ...OPEN_ROUTE,
    summary: 'Links to the docs and the API',
    responses: { 200: jsonResponse(RootSchema, 'Links') },
  });
}
