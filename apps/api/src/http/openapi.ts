import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from './problem.js';
import { problemExample } from './problem-examples.js';
import { z } from './zod.js';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** A fresh registry with the one `Problem` component every 4xx/5xx response refers to. */
export function createOpenApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.register('Problem', ProblemSchema);
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A CoreHub token (introspected with CoreHub /auth/me) or a Chronos API token (`chr_…`)',
  });
  registry.registerComponent('securitySchemes', 'cookieAuth', {
    type: 'apiKey',
    in: 'cookie',
    name: 'gs-auth',
    description: 'The CoreHub session cookie of the Gluesync UI',
  });
  registry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'chronos_session',
    description: 'A browser sign-in (`POST /api/session`); writes also need the `X-CSRF-Token` header',
  });
  return registry;
}

/** For the routes anyone may call (`/health`, `/ready`, `/`, `/openapi.json`): no credentials needed. */
export const OPEN_ROUTE = { security: [] as Array<Record<string, string[]>> };

/** The answers every guarded route can give before it runs (fail closed). */
const AUTH_PROBLEMS = {
  401: 'No credentials, or credentials CoreHub rejects or cannot verify',
  403: 'The role may not do this (`detail` names role and permission)',
  429: 'Too many failed authentications from this client (`Retry-After`)',
} as const;

type Operation = { security?: unknown[]; responses?: Record<string, unknown> };

/** Adds the auth answers to every operation that is not open, so no route documents less than it does. */
function addAuthProblems(document: OpenApiDocument): OpenApiDocument {
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      if (!operation?.responses || (Array.isArray(operation.security) && operation.security.length === 0))
        continue;
      for (const [status, description] of Object.entries(AUTH_PROBLEMS)) {
        operation.responses[status] ??= {
          description,
          content: {
            [PROBLEM_CONTENT_TYPE]: {
              schema: { $ref: '#/components/schemas/Problem' },
              example: problemExample(Number(status)),
            },
          },
        };
      }
    }
  }
  return document;
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON body',
  404: 'Unknown id or route',
  409: 'Conflict with an existing resource',
  413: 'Body larger than BODY_LIMIT',
  415: 'Body is not JSON',
  422: 'Validation failed: `detail` says why, `errors[]` lists each field',
  426: 'Not a WebSocket upgrade',
  500: 'Unexpected server error (generic detail, logged with the request id)',
  503: 'Database or Redis unavailable',
};

/** The error answers of a route, each `application/problem+json` with the shared `Problem` schema. */
export function problemResponses(...statuses: number[]): Record<number, ResponseConfig> {
  const responses: Record<number, ResponseConfig> = {};
  for (const status of [...statuses, 500]) {
    responses[status] = {
      description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema, example: problemExample(status) } },
    };
  }
  return responses;
}

/** The error answers every write route shares (body parsing and validation, database down). */
export const WRITE_PROBLEMS = [400, 413, 415, 422, 503] as const;

/** Generates the OpenAPI 3.1 document from everything registered. */
export function generateOpenApiDocument(registry: OpenAPIRegistry, version: string): OpenApiDocument {
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    security: [{ bearerAuth: [] }, { cookieAuth: [] }, { sessionCookie: [] }],
    info: {
      title: 'Chronos API',
      version,
      description:
        'Schedules and runs Gluesync CoreHub operations. Field names, paths and status codes follow the ' +
        'original Chronos so existing UIs and scripts keep working; errors are RFC 9457 problem+json.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'jobs', description: 'Scheduled jobs (CRUD, enable/disable, run now)' },
      { name: 'executions', description: 'Execution history' },
      { name: 'schedules', description: 'Schedule preview' },
      { name: 'settings', description: 'Settings (timezone)' },
      { name: 'events', description: 'Execution event stream (WebSocket)' },
      {
        name: 'triggers',
        description: 'TriggerFlows: chains of events fired over HTTP or by CoreHub events',
      },
      { name: 'session', description: 'Browser sign-in (session cookie) and who is signed in' },
      { name: 'health', description: 'Liveness and readiness' },
    ],
  });
  return optionalDefaultsInRequests(addAuthProblems(document));
}

type SchemaObject = {
  $ref?: string;
  properties?: Record<string, { default?: unknown }>;
  required?: string[];
};

/**
 * A client may leave out a field that has a default, but openapi-typescript (default options) types a
 * defaulted field as present everywhere except inside a request body. So request bodies whose schema has
 * defaults are written inline (defaulted fields never `required`), and a generated client does not demand
 * them; the named component stays for type names.
 */
function optionalDefaultsInRequests(document: OpenApiDocument): OpenApiDocument {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item as Record<string, { requestBody?: unknown }>)) {
      const content = (operation?.requestBody as { content?: Record<string, { schema?: SchemaObject }> })
        ?.content;
      for (const media of Object.values(content ?? {})) {
        const ref = media.schema?.$ref;
        const schema = ref ? schemas[ref.replace('#/components/schemas/', '')] : media.schema;
        const properties = schema?.properties;
        if (!ref || !schema || !properties) continue;
        if (!Object.values(properties).some((property) => property.default !== undefined)) continue;
        const required = (schema.required ?? []).filter((name) => properties[name]?.default === undefined);
        media.schema = { ...structuredClone(schema), required };
      }
    }
  }
  return document;
}

/** A JSON success response of a registered path. */
export function jsonResponse<T extends ZodType>(schema: T, description: string): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

/** A required JSON request body, with named examples shown in Swagger UI. */
export function jsonBody<T extends ZodType>(
  schema: T,
  examples?: Record<string, { summary: string; value: unknown }>,
) {
  return { required: true, content: { 'application/json': { schema, ...(examples ? { examples } : {}) } } };
}

/** The documented `{id}` path parameter (the runtime parser is `IdParamsSchema`). */
export function idPathParams(description: string) {
  return z.object({ id: z.number().int().min(1).openapi({ param: { description } }) });
}
