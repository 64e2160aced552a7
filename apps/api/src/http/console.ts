import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthenticationError } from '@chronos/errors';
import express, { type Request, type RequestHandler, Router } from 'express';

/**
 * The console's built files (`apps/console/dist`, written by `pnpm build`). The same relative path holds from
 * `src/http` (tsx) and `dist/http` (compiled), in a clone and in the image.
 */
const CONSOLE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../console/dist');

/** A person's browser navigating (not a script, not the console's own fetches). */
function isBrowserNavigation(req: Request): boolean {
  return req.method === 'GET' && req.accepts(['json', 'html']) === 'html';
}

/** `../` back to the console from `req`'s path, so links survive a proxy's path prefix. */
function toConsoleRoot(req: Request): string {
  const depth = req.originalUrl.split('?')[0]?.split('/').length ?? 2;
  return '../'.repeat(Math.max(0, depth - 2)) || './';
}

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" ` +
    `content="width=device-width, initial-scale=1"><title>${title}</title><style>body{font:16px/1.5 ` +
    `system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}code{background:#eee;padding:0 .2em}` +
    `</style></head><body>${body}</body></html>`
  );
}

/**
 * In front of a browser page that needs a sign-in (Swagger UI, Bull Board): a person without a session gets
 * a page that sends them to the console's sign-in, not a 401 JSON body. Scripts still get the problem.
 */
export function signInForBrowsers(authenticate: RequestHandler): RequestHandler {
  return (req, res, next) => {
    authenticate(req, res, (error?: unknown) => {
      if (error instanceof AuthenticationError && isBrowserNavigation(req)) {
        const back = encodeURIComponent(req.originalUrl);
        res
          .status(401)
          .type('html')
          .send(
            page(
              'Sign in to Chronos',
              `<h1>Sign in first</h1><p>This page needs a Chronos sign-in.</p>` +
                `<p><a href="${toConsoleRoot(req)}#/sign-in?next=${back}">Sign in</a></p>`,
            ),
          );
        return;
      }
      next(error);
    });
  };
}

/**
 * The console at `/` for browsers (scripts asking for JSON keep the links answer of the root router), its
 * assets under `/assets`. Without a build the api still works and `/` says how to build the console.
 */
export function createConsoleRouter(dist: string = CONSOLE_DIST): Router {
  const router = Router();
  const index = path.join(dist, 'index.html');
  router.use(
    '/assets',
    // A missing asset falls through to the api's 404 problem.
    express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '365d' }),
  );
  router.get('/', (req, res, next) => {
    if (!isBrowserNavigation(req)) {
      next();
      return;
    }
    if (fs.existsSync(index)) {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
      return;
    }
    res
      .status(200)
      .type('html')
      .send(
        page(
          'Chronos',
          '<h1>Chronos is running</h1><p>The console (the web UI) was not built, so it is not served here. ' +
            'Build it with <code>pnpm build</code> (or <code>pnpm --filter @chronos/console build</code>) and ' +
            'reload. The API works without it: <a href="docs/">API docs</a>, <a href="api/jobs">/api/jobs</a>, ' +
            '<a href="openapi.json">openapi.json</a>.</p>',
        ),
      );
  });
  return router;
}
