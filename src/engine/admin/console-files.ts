/**
 * `/__ui`: the web console's files (built from src/console/ into dist/console/ by `npm run build`,
 * which `npm ci` runs) and Swagger UI's, from the swagger-ui-dist package, for the APIs view. The
 * files hold no secret, so a page can be opened by typing the URL; they are served under the admin
 * plane's Host and cross-site checks (a rebound DNS name or another site's page gets a 403), and
 * every admin call the page makes passes the whole admin guard (the token, beyond loopback, typed
 * into the page and sent as a header). A strict Content-Security-Policy: the page loads nothing but
 * its own origin's files, and talks to nothing else.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import express, { type Response, type Router } from 'express';
import { projectFile } from '../util/project-files.js';
import { adminError } from './errors.js';
import { hostAndSiteGuard, type AdminGuardOptions } from './guard.js';

/** Where the console is served. */
export const CONSOLE_PATH = '/__ui/';

/** Swagger UI's own files the console loads (its documented entry, `getAbsoluteFSPath`). */
const SWAGGER_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css'];

const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function swaggerDir(): string | undefined {
  try {
    const dist = createRequire(import.meta.url)('swagger-ui-dist') as { getAbsoluteFSPath(): string };
    return dist.getAbsoluteFSPath();
  } catch {
    return undefined;
  }
}

function headers(res: Response) {
  res.setHeader('Content-Security-Policy', POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-cache');
}

/** The router mounted at `/__ui`; `dir` is the built console (dist/console by default). */
export function createConsoleRouter(guard: AdminGuardOptions, dir = projectFile('dist/console')): Router {
  const router = express.Router();
  router.use(hostAndSiteGuard(guard, 'the console'));
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return adminError(res, 405, `the console's files are read with GET, not ${req.method}`);
    }
    headers(res);
    next();
  });
  const swagger = swaggerDir();
  router.get('/swagger/:file', (req, res, next) => {
    const file = req.params.file;
    if (!swagger || !SWAGGER_FILES.includes(file)) return next();
    res.sendFile(join(swagger, file), { headers: { 'Cache-Control': 'no-cache' } });
  });
  router.use(
    express.static(dir, { index: 'index.html', redirect: true, fallthrough: true, dotfiles: 'ignore', etag: true }),
  );
  router.use((req, res) => {
    if (!existsSync(join(dir, 'index.html')))
      return adminError(res, 503, 'the console is not built', [
        'run npm run build (npm ci runs it) to build src/console/ into dist/console/',
      ]);
    adminError(res, 404, `no console file ${req.path.slice(0, 200)}`);
  });
  return router;
}
