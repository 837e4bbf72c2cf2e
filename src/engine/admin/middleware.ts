/**
 * What every admin plane reads its requests with — the mock's `/__admin` and the proxy's: one value
 * per query parameter, JSON bodies refused before any handler when nested too deep, and errors on
 * the way to a handler answered as admin errors (a 4xx naming what is wrong, else a logged 500).
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { MAX_JSON_DEPTH, describeJsonError, tooDeepAtBytes } from '../util/json-syntax.js';
import { adminError } from './errors.js';

/** `?namespace=a&namespace=b` would reach the handlers as an array: say so instead of guessing. */
export const onePerQueryParameter: RequestHandler = (req, res, next) => {
  const repeated = Object.entries(req.query).find(([, v]) => typeof v !== 'string');
  if (repeated)
    return adminError(res, 400, `${repeated[0]} given more than once`, ['give each query parameter at most once']);
  next();
};

/** JSON bodies up to `limit`; deep nesting is refused before any handler recurses over it (state checks, structuredClone). */
export function adminJson(limit: string): RequestHandler {
  return express.json({
    limit,
    verify: (_req, _res, buf) => {
      const at = tooDeepAtBytes(buf);
      if (at !== undefined)
        throw Object.assign(new Error(`the body is nested deeper than ${MAX_JSON_DEPTH} levels at position ${at}`), {
          status: 400,
          type: 'entity.too.deep',
        });
    },
  });
}

/**
 * An error on the way to an admin handler: the 4xx of a body it cannot read (bad JSON, too large,
 * an unknown charset or content encoding) or of a path that does not percent-decode; else a 500.
 */
function describeAdminError(err: unknown, who: string): { status: number; message: string } {
  const e = (err ?? {}) as { type?: string; status?: number; message?: string; body?: unknown };
  const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 500;
  if (e.type === 'entity.parse.failed')
    return {
      status,
      message: `the body is not valid JSON: ${describeJsonError(typeof e.body === 'string' ? e.body : undefined)}`,
    };
  if (err instanceof URIError)
    return {
      status: 400,
      message: `the path is not valid percent-encoding: ${e.message?.replace(/^Failed to decode param /, '') ?? ''}`,
    };
  return {
    status,
    message: status < 500 ? (e.message ?? 'bad request') : `admin request failed; see the ${who}'s log`,
  };
}

/** The last handler of an admin router; `who` ("mock", "proxy") names whose log a 500 is in. */
export function adminErrors(who: string) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const { status, message } = describeAdminError(err, who);
    if (status >= 500)
      console.error(
        `[groups-mock] ${who === 'mock' ? 'admin' : `${who} admin`}: ${err instanceof Error ? err.stack : String(err)}`,
      );
    adminError(res, status, message);
  };
}
