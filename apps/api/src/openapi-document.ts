import { registerEventsOpenApi } from './features/events/events.routes.js';
import { registerExecutionsOpenApi } from './features/executions/executions.routes.js';
import { registerHealthOpenApi } from './features/health/health.routes.js';
import { registerJobsOpenApi } from './features/jobs/jobs.openapi.js';
import { registerRootOpenApi } from './features/root/root.routes.js';
import { registerSchedulesOpenApi } from './features/schedules/schedules.routes.js';
import { registerSessionOpenApi } from './features/session/session.routes.js';
import { registerSettingsOpenApi } from './features/settings/settings.routes.js';
import { registerTriggersOpenApi } from './features/triggers/triggers.openapi.js';
import { registerWebhooksOpenApi } from './features/webhooks/webhooks.routes.js';
import { registerMetricsOpenApi } from './http/metrics.js';
import { createOpenApiRegistry, generateOpenApiDocument, type OpenApiDocument } from './http/openapi.js';
import { API_VERSION } from './version.js';

/**
 * The whole OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. Built once:
 * the schemas are static.
 */
export function buildOpenApiDocument(): OpenApiDocument {
  const registry = createOpenApiRegistry();
  registerRootOpenApi(registry);
  registerHealthOpenApi(registry);
  registerMetricsOpenApi(registry);
  registerJobsOpenApi(registry);
  registerExecutionsOpenApi(registry);
  registerSchedulesOpenApi(registry);
  registerSettingsOpenApi(registry);
  registerEventsOpenApi(registry);
  registerSessionOpenApi(registry);
  registerTriggersOpenApi(registry);
  registerWebhooksOpenApi(registry);
  return generateOpenApiDocument(registry, API_VERSION);
}
