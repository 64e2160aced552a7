import { AuthenticationError } from '@chronos/errors';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-express';
import type { ApiDeps } from './deps.js';
import { createEventsRouter } from './features/events/events.routes.js';
import { EVENTS_PATH } from './features/events/events-socket.js';
import { createExecutionsRouter } from './features/executions/executions.routes.js';
import { createHealthRouter } from './features/health/health.routes.js';
import { createJobsRouter } from './features/jobs/jobs.routes.js';
import { createRootRouter } from './features/root/root.routes.js';
import { createSchedulesRouter } from './features/schedules/schedules.routes.js';
import { createSessionRouter } from './features/session/session.routes.js';
import { createSettingsRouter } from './features/settings/settings.routes.js';
import { FIRE_BODY_LIMIT } from './features/triggers/fire-request.js';
import { createTriggerFireRouter } from './features/triggers/trigger-fire.routes.js';
import { createTriggersRouter } from './features/triggers/triggers.routes.js';
import { createWebhooksRouter } from './features/webhooks/webhooks.routes.js';
import { BULL_BOARD_PATH, createBullBoardRouter } from './http/bull-board.js';
import { compileProxyTrust } from './http/client-address.js';
import { createConsoleRouter, signInForBrowsers } from './http/console.js';
import { createErrorHandler, handleUnknownRoute } from './http/error-handler.js';
import { createHttpMetrics, METRICS_PATH } from './http/metrics.js';
import { createRequestLogger } from './http/request-logger.js';
import { requireJsonBody } from './http/require-json.js';
import { buildOpenApiDocument } from './openapi-document.js';
import { API_VERSION } from './version.js';

/** Swagger UI keeps the token given in "Authorize" across reloads (browser local storage). */
const SWAGGER_OPTIONS = { swaggerOptions: { persistAuthorization: true } };

/** `/metrics` is for Prometheus: it must present a header, never ride on a browser's cookie. */
const bearerOnly: RequestHandler = (req, _res, next) => {
  if (req.headers.authorization) next();
  else
    next(
      new AuthenticationError('metrics need an Authorization header', {
        detail: 'Metrics need an Authorization header with a bearer token; a browser session is not accepted',
      }),
    );
};

function createCors(origins: readonly string[]) {
  if (origins.includes('*')) return cors({ origin: '*' });
  return cors({ origin: [...origins], credentials: true });
}

/**
 * Wires the HTTP app from `deps`: middleware, feature routers, docs, Bull Board and the one error handler.
 * No listening and no I/O here: `startApi` (or a test) owns the server and the deps.
 */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // `req.ip` (the failed-login limiter's key) and X-Forwarded-Proto (HTTPS → Secure session cookie) only
  // from the proxies TRUST_PROXY trusts.
  app.set('trust proxy', compileProxyTrust(deps.config.http.trustProxy));

  const metrics = createHttpMetrics({
    queue: deps.queue,
    jobs: deps.db.jobs,
    logger: deps.logger,
    ...(deps.metricsRegistry ? { registry: deps.metricsRegistry } : {}),
  });
  app.use(createRequestLogger(deps.logger));
  app.use(metrics.recordRequests);
  // The API serves JSON plus two UIs (Swagger, Bull Board) whose inline bootstrapping a strict CSP breaks.
  app.use(helmet({ contentSecurityPolicy: false }));
  // Cross-origin access only for the configured origins (the reference allowed `*` with credentials).
  if (deps.config.http.corsOrigins.length > 0) app.use(createCors(deps.config.http.corsOrigins));
  const jsonTypes = ['application/json', 'application/*+json'];
  // A fired flow's payload is capped lower than other bodies (the original's 64 KiB); parsed here, the
  // general parser below leaves these requests alone.
  app.use(
    ['/api/triggers/:id/fire', '/api/triggers/:id/fire-internal', '/api/webhooks/platform-event'],
    express.json({ limit: FIRE_BODY_LIMIT, type: jsonTypes }),
  );
  app.use(express.json({ limit: deps.config.http.bodyLimit, type: jsonTypes }));

  const openApiDocument = buildOpenApiDocument();
  const { authenticate, requirePermission } = deps.auth;
  const browserAuthenticate = signInForBrowsers(authenticate);
  // Open: liveness, readiness and the API description. Everything else needs a caller with a role.
  // Prometheus sends a bearer token; a browser's session cookie is not accepted here.
  const metricsAuth = deps.auth.isDisabled ? [] : [bearerOnly];
  app.get(METRICS_PATH, ...metricsAuth, authenticate, requirePermission('read'), metrics.serveMetrics);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  app.use(
    '/docs',
    browserAuthenticate,
    requirePermission('read'),
    // The init script Swagger UI loads comes from serveFiles: the options must reach both.
    swaggerUi.serveFiles(openApiDocument, SWAGGER_OPTIONS),
    swaggerUi.setup(openApiDocument, SWAGGER_OPTIONS),
  );
  // Read-only: the database is the source of truth, so the board only shows what Redis holds.
  app.use(BULL_BOARD_PATH, browserAuthenticate, requirePermission('read'), createBullBoardRouter(deps));

  app.use(createConsoleRouter(deps.consoleDir));
  app.use(createRootRouter(API_VERSION));
  // Sign-in comes before the /api guard: POST /api/session is how a browser gets its credentials.
  app.use('/api/session', createSessionRouter(deps));
  app.use(createHealthRouter(deps));
  // Credentials of their own, before the guard: a flow's secret token; CoreHub's webhook headers (the
  // receivers check them, rate limited).
  app.use('/api/triggers', requireJsonBody, createTriggerFireRouter(deps));
  app.use('/api/webhooks', requireJsonBody, createWebhooksRouter(deps));
  // Authenticate before reading the body: a caller without a role learns nothing about what it sent.
  app.use('/api', (req, res, next) =>
    req.path.startsWith('/events') ? next() : authenticate(req, res, next),
  );
  app.use('/api', (req, res, next) => (req.method === 'GET' ? next() : requireJsonBody(req, res, next)));
  app.use('/api/jobs', createJobsRouter(deps));
  app.use('/api/executions', createExecutionsRouter(deps));
  app.use('/api/schedules', createSchedulesRouter(deps));
  app.use('/api/settings', createSettingsRouter(deps));
  app.use('/api/triggers', createTriggersRouter(deps));
  app.use(EVENTS_PATH, createEventsRouter());

  app.use(handleUnknownRoute);
  app.use(createErrorHandler());
  return app;
}
