import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { UpstreamError } from '@chronos/errors';
import { probe } from '@chronos/metrics';
import { pingRedis } from '@chronos/queue';
import { Router } from 'express';
import type { ApiDeps } from '../../deps.js';
import { jsonResponse, OPEN_ROUTE, problemResponses } from '../../http/openapi.js';
import { z } from '../../http/zod.js';

const CheckSchema = z.enum(['up', 'down']);
const ReadySchema = z
  .object({
    status: z.literal('ready'),
    checks: z.object({ database: CheckSchema, redis: CheckSchema }),
    warnings: z
      .array(z.string())
      .openapi({ description: 'Conditions an operator should know, e.g. auth disabled' }),
  })
  .openapi('Readiness');
export const AUTH_DISABLED_WARNING =
  'authentication is disabled (AUTH_DISABLED=true): every caller is SUPER_ADMIN; never run like this in production';
const LiveSchema = z.object({ status: z.literal('ok') }).openapi('Liveness');

/**
 * `/health` says the process serves HTTP (liveness: never touches a dependency); `/ready` says it can do its
 * job: the database and Redis both answer. A 503 names the one that failed, in `detail` and `checks`.
 */
export function createHealthRouter(deps: ApiDeps): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/ready', async (_req, res) => {
    const [database, isRedisUp] = await Promise.all([probe(() => deps.db.ping()), pingRedis(deps.redis)]);
    const checks = { database, redis: isRedisUp ? 'up' : 'down' } as const;
    if (database === 'up' && isRedisUp) {
      const warnings = deps.auth.isDisabled ? [AUTH_DISABLED_WARNING] : [];
      res.json({ status: 'ready', checks, warnings });
      return;
    }
    const down = [database === 'up' ? null : 'database', isRedisUp ? null : 'redis']
      .filter(Boolean)
      .join(' and ');
    throw new UpstreamError(`not ready: ${down} down`, {
      code: 'NOT_READY',
      detail: `Not ready: ${down} unavailable`,
      meta: { extensions: { checks } },
    });
  });

  return router;
}

export function registerHealthOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    ...OPEN_ROUTE,
    tags: ['health'],
    summary: 'Liveness',
    responses: { 200: jsonResponse(LiveSchema, 'The process is up') },
  });
  registry.registerPath({
    method: 'get',
    path: '/ready',
    operationId: 'getReadiness',
    ...OPEN_ROUTE,
    tags: ['health'],
    summary: 'Readiness (database and Redis)',
    responses: {
      200: jsonResponse(ReadySchema, 'Database and Redis answer'),
      ...problemResponses(503),
    },
  });
}
