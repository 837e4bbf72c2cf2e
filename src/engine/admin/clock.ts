/**
 * `/__admin/clock`: read, set, advance, freeze or unfreeze a namespace's engine clock, so session
 * expiry, token lifetimes, quotas and timestamps can be tested without waiting.
 *
 * @example
 *   POST /__admin/clock?namespace=ci-1 {"advance":"1h"}
 *   → {"namespace":"ci-1","mode":"fixed","now":"2026-03-01T10:00:00.000Z","epochMs":1772359200000}
 */
import express, { type Router } from 'express';
import type { Runtime } from '../runtime.js';
import { adminError, namespaceParam } from './errors.js';
import { MAX_CLOCK_MS, MIN_CLOCK_MS, inClockRange } from '../state/clock.js';
import { parseDuration } from '../util/duration.js';
import { parseInstant } from '../kit/iso-time.js';

const KEYS = ['set', 'advance', 'freeze'];

export function createClockRouter(ctx: Runtime): Router {
  const router = express.Router();

  router.get('/', (req, res) => {
    const ns = namespaceParam(req, res);
    if (ns) res.json({ namespace: ns, ...ctx.store.clock(ns).describe() });
  });

  router.post('/', (req, res) => {
    const ns = namespaceParam(req, res);
    if (!ns) return;
    const body = req.body;
    const usage = [
      '{"set": "2026-03-01T10:00:00Z"} or {"set": 1772359200000} (an ISO 8601 date-time with Z or an offset such as +01:00)',
      '{"advance": 60000} or {"advance": "20m"} ("ms", "s", "m", "h", "d"; "1h30m")',
      '{"freeze": true} (the clock moves only through this endpoint) or {"freeze": false} (it runs on from where it is, at the wall clock\'s pace)',
    ];
    if (!body || typeof body !== 'object' || Array.isArray(body) || !Object.keys(body).length)
      return adminError(res, 400, 'send one of set, advance, freeze as JSON', usage);
    const extra = Object.keys(body).filter((k) => !KEYS.includes(k));
    if (extra.length) return adminError(res, 400, `unknown field(s) ${extra.join(', ')}`, usage);
    let set: number | undefined;
    if (body.set !== undefined) {
      // Strictly: an offset is required (the instant must not depend on the machine's time zone), no 30 February.
      const instant = parseInstant(body.set);
      if ('error' in instant)
        return adminError(
          res,
          400,
          `set must be an ISO 8601 date-time with an offset or milliseconds since the epoch: ${instant.error}`,
          usage,
        );
      set = instant.ms;
    }
    const advance = body.advance === undefined ? undefined : parseDuration(body.advance);
    if (body.advance !== undefined && advance === undefined)
      return adminError(
        res,
        400,
        `advance must be milliseconds or a duration such as "20m", not ${JSON.stringify(body.advance)}`,
        usage,
      );
    if (body.freeze !== undefined && typeof body.freeze !== 'boolean')
      return adminError(res, 400, `freeze takes true or false, not ${JSON.stringify(body.freeze)}`, usage);
    const clock = ctx.store.clock(ns);
    // Where the clock would be, checked before anything moves.
    const target = (set ?? clock.now()) + (advance ?? 0);
    if (!inClockRange(target)) {
      return adminError(
        res,
        400,
        `the clock would be at ${target} ms since the epoch, outside the range of dates it can show; it stays at ${clock.iso()}`,
        [
          `from ${new Date(MIN_CLOCK_MS).toISOString()} (${MIN_CLOCK_MS}) to ${new Date(MAX_CLOCK_MS).toISOString()} (${MAX_CLOCK_MS})`,
        ],
      );
    }
    // In this order, so {"freeze": true, "set": ...} stops the clock at the time set, and
    // {"freeze": false, "set": ...} lets it run on from the time set.
    if (body.freeze === true) clock.freeze();
    if (body.freeze === false) clock.unfreeze();
    if (set !== undefined) clock.set(set);
    if (advance !== undefined) clock.advance(advance);
    res.json({ namespace: ns, ...clock.describe() });
  });

  return router;
}
