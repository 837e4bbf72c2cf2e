/** Runs an Express middleware (a body parser, the request validator) as a promise: resolves when it calls `next()`, rejects with what it passes to `next(err)`. */
import type { Request, RequestHandler, Response } from 'express';

export function runMiddleware(mw: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      const out = mw(req, res, (err?: unknown) => (err ? reject(err) : resolve())) as unknown;
      if (out instanceof Promise) out.catch(reject);
    } catch (err) {
      reject(err);
    }
  });
}

export async function runMiddlewares(mws: RequestHandler[], req: Request, res: Response): Promise<void> {
  for (const mw of mws) await runMiddleware(mw, req, res);
}
