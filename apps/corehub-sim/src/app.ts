/**
 * The simulator's Express app: `/__sim` controls first (untouched by journal and faults), then the
 * journal, faults, CoreHub's routes and a CoreHub-style 404. Wiring only; `createSimulator` listens.
 */
import { randomUUID } from 'node:crypto';
import { COREHUB_ROUTES } from '@chronos/corehub/contract';
import type { Logger } from '@chronos/logger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createRequireCaller } from './caller-auth.js';
import { createFaultMiddleware } from './faults/apply-fault.js';
import { sendHubError } from './reply.js';
import { createAuthRoutes } from './routes/auth.routes.js';
import { createAutomationRoutes } from './routes/automation.routes.js';
import { createCommandRoutes } from './routes/commands.routes.js';
import { createPipelineRoutes } from './routes/pipelines.routes.js';
import { createSimControlRoutes, type SimControls } from './routes/sim-control.routes.js';
import { createWebhookRoutes } from './routes/webhooks.routes.js';

function toQuery(query: unknown): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      result[key] = value as string | string[];
    }
  }
  return result;
}

export function createSimApp(controls: SimControls, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: '1mb' }));
  app.use((_req, res, next) => {
    res.setHeader('x-request-id', randomUUID());
    next();
  });
  app.use(createSimControlRoutes(controls));

  app.use((req, res, next) => {
    const entry = controls.journal.record({
      kind: 'http',
      method: req.method,
      path: req.path,
      query: toQuery(req.query),
      headers: { ...(req.headers as Record<string, string | string[]>) },
    });
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    next();
  });
  app.use(createFaultMiddleware(controls.faults));

  app.use(createAuthRoutes(controls.state, controls.hub));
  const requireCaller = createRequireCaller(controls.state, controls.hub);
  app.use(COREHUB_ROUTES.pipelines, requireCaller);
  app.use(createPipelineRoutes(controls.state));
  app.use(createCommandRoutes(controls.state));
  app.use(['/query-studio', '/api/ai', '/data-comparison', '/visualize'], requireCaller);
  app.use(createAutomationRoutes(controls.state, controls.automation));
  app.use('/global-config', requireCaller);
  app.use(createWebhookRoutes(controls.webhooks));

  app.use((req, res) => sendHubError(res, 404, `No route for ${req.method} ${req.path}`));
  app.use(
    (
      error: Error & { status?: number; type?: string },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      if (error.type === 'entity.parse.failed') return sendHubError(res, 400, 'Malformed JSON body');
      logger.error({ err: error }, 'simulator route failed');
      sendHubError(res, 500, `simulator error: ${error.message}`);
    },
  );
  return app;
}
