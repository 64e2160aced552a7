import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  CSRF_HEADER,
  clearedSessionSetCookie,
  type Principal,
  permissionsOf,
  principalOf,
  SESSION_COOKIE,
  sessionSetCookie,
} from '@chronos/auth';
import { parseCookie } from 'cookie';
import { type Request, type Response, Router } from 'express';
import type { ApiDeps } from '../../deps.js';
import { formatInstant } from '../../http/format-instant.js';
import { jsonResponse, OPEN_ROUTE, problemResponses } from '../../http/openapi.js';
import { requireJsonBody } from '../../http/require-json.js';
import { parseInput } from '../../http/validate.js';
import { z } from '../../http/zod.js';

const SessionSchema = z
  .object({
    username: z.string().openapi({ example: 'admin' }),
    role: z.enum(['SUPER_ADMIN', 'MANAGER', 'MONITOR', 'VIEWER', 'EXTERNAL_MODULE']),
    source: z.enum(['corehub', 'api-token', 'auth-disabled']),
    permissions: z
      .array(z.enum(['read', 'control', 'manage', 'configure']))
      .openapi({ description: 'What the role may do; the console shows only the controls these allow' }),
    csrf_token: z
      .string()
      .nullable()
      .openapi({
        description: `Send it as \`${CSRF_HEADER}\` on every write made with the session cookie; null when the caller used a header`,
      }),
    expires_at: z
      .string()
      .nullable()
      .openapi({ format: 'date-time', description: 'When the sign-in ends; null without a session cookie' }),
  })
  .openapi('Session');

const SignInBodySchema = z
  .object({
    token: z.string().min(1).max(8192).optional().openapi({
      description: 'A Chronos API token or a CoreHub token. Leave out to sign in with the gs-auth cookie.',
      example: 'chr_…',
    }),
  })
  .strict()
  .openapi('SignIn');

function sessionBody(principal: Principal) {
  return {
    username: principal.username,
    role: principal.role,
    source: principal.source,
    permissions: permissionsOf(principal.role),
    csrf_token: principal.session?.csrfToken ?? null,
    expires_at: principal.session ? formatInstant(principal.session.expiresAt, 'UTC') : null,
  };
}

/** The cookie is Secure when the browser came over HTTPS (X-Forwarded-Proto only from TRUST_PROXY). */
const isHttps = (deps: ApiDeps, req: Request) => req.secure || deps.config.http.sslEnabled;

/**
 * `/api/session`: browser sign-in. POST exchanges an API token (or CoreHub's `gs-auth` cookie) for an HttpOnly
 * session cookie; GET says who is signed in, with what permissions and the CSRF token; DELETE signs out,
 * which ends the session in the database, so the cookie stops working on every replica.
 */
export function createSessionRouter(deps: ApiDeps): Router {
  const router = Router();
  const { authenticate, sessions } = deps.auth;

  router.get('/', authenticate, (_req, res: Response) => {
    res.json(sessionBody(principalOf(res) as Principal));
  });

  router.post('/', requireJsonBody, async (req, res) => {
    const body = parseInput(SignInBodySchema, req.body ?? {}, 'body');
    const principal = await deps.auth.identifySignIn(req, body.token);
    const started = await sessions.start(principal);
    res.setHeader(
      'Set-Cookie',
      sessionSetCookie(started.token, {
        secure: isHttps(deps, req),
        maxAgeSeconds: Math.floor(sessions.ttlMs / 1000),
      }),
    );
    res.status(201).json(sessionBody({ ...principal, session: started }));
  });

  router.delete('/', authenticate, async (req, res) => {
    const token = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
    if (token) await sessions.end(token);
    res.setHeader('Set-Cookie', clearedSessionSetCookie({ secure: isHttps(deps, req) }));
    res.status(204).end();
  });

  return router;
}

export function registerSessionOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/session',
    operationId: 'getSession',
    tags: ['session'],
    summary: 'Who is signed in',
    description:
      'The caller (by header or cookie), its role and permissions, and the CSRF token of its session.',
    responses: { 200: jsonResponse(SessionSchema, 'The signed-in caller'), ...problemResponses(503) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/session',
    operationId: 'signIn',
    tags: ['session'],
    ...OPEN_ROUTE,
    summary: 'Sign in (browser)',
    description:
      `Sets the \`${SESSION_COOKIE}\` cookie (HttpOnly, SameSite=Strict, Secure over HTTPS, SESSION_TTL_HOURS). ` +
      'With `token`: that token; without: the CoreHub `gs-auth` cookie. Refused (403) when posted from another site.',
    request: {
      body: { required: false, content: { 'application/json': { schema: SignInBodySchema } } },
    },
    responses: {
      201: jsonResponse(SessionSchema, 'Signed in; the cookie is set'),
      ...problemResponses(400, 401, 403, 415, 422, 429, 503),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/session',
    operationId: 'signOut',
    tags: ['session'],
    summary: 'Sign out (browser)',
    description:
      'Ends the session on the server (the cookie stops working everywhere) and clears the cookie.',
    responses: { 204: { description: 'Signed out' }, ...problemResponses(503) },
  });
}
