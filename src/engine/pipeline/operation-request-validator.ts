/**
 * express-openapi-validator's request check without its routing: its public middleware matches the
 * path again on every request (compiling a path-to-regexp for every route of the spec, each time)
 * and runs five promise-wrapped middlewares, most of which we switch off — about a tenth of the
 * CPU of a read. The engine has already matched the operation, so this builds the validator's own
 * pieces once per spec (spec loader, schema preprocessor, `RequestValidator`, from the pinned 5.6.2)
 * and, per request, only does what its metadata middleware would have done for *that* operation:
 * the route's regexp (compiled once) gives the raw path parameters, decoded as it decodes them, and
 * `req.openapi` is set before its `RequestValidator` runs synchronously. Every check, coercion and
 * error (and so every body `toProblem` renders) comes from the validator's own code, unchanged.
 *
 * An operation whose body may be `multipart/form-data`, or a path our match and its route disagree
 * on, goes through the whole public middleware chain instead, exactly as before.
 */
import { createRequire } from 'node:module';
import type { Request, RequestHandler, Response } from 'express';
import type { OperationDoc, SpecDoc } from '../spec/spec-index.js';
import { runMiddlewares } from './run-middleware.js';

const require = createRequire(import.meta.url);
const eovRequire = createRequire(require.resolve('express-openapi-validator'));
// The validator's internals are untyped CommonJS of the pinned 5.6.2 (its package has no `exports` map).
const { OpenApiValidator } = eovRequire('./openapi.validator.js') as { OpenApiValidator: new (options: any) => any };
const { OpenApiSpecLoader } = eovRequire('./framework/openapi.spec.loader.js') as {
  OpenApiSpecLoader: new (options: any) => { load(): Promise<any> };
};
const { OpenApiContext } = eovRequire('./framework/openapi.context.js') as {
  OpenApiContext: new (...args: any[]) => any;
};
const { SchemaPreprocessor } = eovRequire('./middlewares/parsers/schema.preprocessor.js') as {
  SchemaPreprocessor: new (...args: any[]) => { preProcess(): any };
};
const { RequestValidator } = eovRequire('./middlewares/openapi.request.validator.js') as {
  RequestValidator: new (
    apiDoc: any,
    options: any,
  ) => { validate(req: any, res: any, next: (err?: unknown) => void): void };
};
const { BadRequest } = eovRequire('./framework/types.js') as {
  BadRequest: new (err: { path: string; message: string }) => Error;
};
const { pathToRegexp } = eovRequire('path-to-regexp') as {
  pathToRegexp: (path: string, opts: object) => { regexp: RegExp; keys: Array<{ name: string }> };
};
const cloneDeep = eovRequire('lodash.clonedeep') as <T>(v: T) => T;

/** One route of the validator's context, with its regexp compiled once. */
interface Route {
  expressRoute: string;
  openApiRoute: string;
  schema: unknown;
  multipart: boolean;
  matcher?: { regexp: RegExp; keys: string[]; strict: boolean; sensitive: boolean };
}

interface Built {
  validator: InstanceType<typeof RequestValidator>;
  serial: number;
  /** By `METHOD path-template`. */
  routes: Map<string, Route>;
}

export interface OperationRequestValidator {
  /** Resolves when the request passes; rejects with the validator's own error otherwise. */
  check(op: OperationDoc, req: Request, res: Response): Promise<void>;
}

/**
 * The validator for one document (as express-openapi-validator's `middleware(options)` would be
 * built from `options`, whose `apiSpec` is that document); `publicChain` builds that public
 * middleware, once and only if a request needs it.
 */
export function operationRequestValidator(
  options: { apiSpec: SpecDoc } & Record<string, unknown>,
  publicChain: () => RequestHandler[],
): OperationRequestValidator {
  let fallback: RequestHandler[] | undefined;
  let built: Built | undefined;
  let building: Promise<Built> | undefined;
  const build = async (): Promise<Built> => {
    const oav = new OpenApiValidator({ ...options });
    // What the validator's installMiddleware does with the loaded spec, in the same order.
    const spec = await new OpenApiSpecLoader({
      apiDoc: cloneDeep(options.apiSpec),
      validateApiSpec: oav.options.validateApiSpec,
      $refParser: oav.options.$refParser,
    }).load();
    new SchemaPreprocessor(spec.apiDoc, oav.ajvOpts.preprocessor, oav.options.validateResponses).preProcess();
    const context = new OpenApiContext(
      spec,
      oav.options.ignorePaths,
      oav.options.ignoreUndocumented,
      oav.options.useRequestUrl,
    );
    const routes = new Map<string, Route>();
    for (const r of context.routes as Array<{
      basePath: string;
      expressRoute: string;
      openApiRoute: string;
      method: string;
    }>) {
      const pathKey = r.openApiRoute.substring(r.basePath.length);
      const schema = context.apiDoc.paths[pathKey][r.method.toLowerCase()];
      const content = (schema as { requestBody?: { content?: Record<string, unknown> } })?.requestBody?.content ?? {};
      routes.set(`${r.method} ${pathKey}`, {
        expressRoute: r.expressRoute,
        openApiRoute: r.openApiRoute,
        schema,
        multipart: Object.keys(content).some((t) => t.includes('multipart')),
      });
    }
    return { validator: new RequestValidator(context.apiDoc, oav.ajvOpts.request), serial: context.serial, routes };
  };

  return {
    async check(op, req, res) {
      if (!built) built = await (building ??= build());
      const route = built.routes.get(`${op.method.toUpperCase()} ${op.pathTemplate}`);
      const pathParams = route && !route.multipart ? paramsOf(route, req) : undefined;
      if (!route || !pathParams) return runMiddlewares((fallback ??= publicChain()), req, res);
      // What the metadata middleware sets for the route it found.
      (req as any).openapi = {
        expressRoute: route.expressRoute,
        openApiRoute: route.openApiRoute,
        pathParams,
        schema: route.schema,
        serial: built.serial,
      };
      req.params = pathParams;
      let passed = false;
      built.validator.validate(req, res, (err?: unknown) => {
        if (err) throw err;
        passed = true;
      });
      if (!passed) throw new Error('the request validator neither passed nor refused the request');
    },
  };
}

/**
 * The route's path parameters as the metadata middleware reads them (undefined: the route does not
 * match this path, so the public chain decides); a malformed escape is its `malformed uri` 400.
 */
function paramsOf(route: Route, req: Request): Record<string, string> | undefined {
  const strict = !!req.app.enabled('strict routing');
  const sensitive = !!req.app.enabled('case sensitive routing');
  let m = route.matcher;
  if (!m || m.strict !== strict || m.sensitive !== sensitive) {
    const compiled = pathToRegexp(route.expressRoute, { sensitive, strict });
    m = route.matcher = { regexp: compiled.regexp, keys: compiled.keys.map((k) => k.name), strict, sensitive };
  }
  const found = m.regexp.exec(req.url.split('?')[0]!);
  if (!found) return undefined;
  try {
    const values = found.slice(1).map(decodeURIComponent);
    const params: Record<string, string> = {};
    m.keys.forEach((k, i) => (params[k] = values[i]!));
    return params;
  } catch {
    throw new BadRequest({ path: req.path, message: `malformed uri'` });
  }
}
