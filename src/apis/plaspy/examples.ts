/**
 * The spec's Plaspy examples (answered for `Prefer` and fault rules) in the request's own words:
 * `apiUsage` and `apiDailyUsage` are the caller's counters (the token's user, counted as any call),
 * and the messages that name something name what the request sent — the devices that are not the
 * caller's, the query parameter, the caller's daily limit and the next midnight on the engine clock
 * (with its `Retry-After`). Without a caller the example's counters stay; so does every other text.
 */
import { own, valueAt, type ExampleRenderer, type RequestInfo } from '../../engine/kit/index.js';
import { callerUser, callerUsage } from './auth.js';
import { invalidInput } from './bodies.js';
import type { PlaspyState } from './state.js';
import { dailyReset } from './usage.js';

type Req = RequestInfo<PlaspyState>;
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Per example name: the message with the request's values, or undefined when it carries none. */
const MESSAGES: Record<string, (req: Req) => string | undefined> = {
  unknownDevices(req) {
    const sent = valueAt(req.body, ['devices']).value;
    if (!Array.isArray(sent) || !sent.length || !sent.every((d) => typeof d === 'string')) return undefined;
    const mine = new Set(callerUser(req)?.devices ?? []);
    const foreign = [...new Set(sent.filter((d) => !mine.has(d)))];
    return invalidInput(`devices not found: ${(foreign.length ? foreign : sent).join(', ')}`);
  },
  unknownParameter(req) {
    const name = Object.keys(req.query)[0];
    return name === undefined ? undefined : invalidInput(`query parameter ${name} is not allowed`);
  },
  dailyLimit(req) {
    const user = callerUser(req);
    return (
      user &&
      `Daily API limit of ${user.dailyLimit} calls reached. Try again after ${dailyReset(req.ns.clock.now()).at}.`
    );
  },
};

export const examples: ExampleRenderer<PlaspyState> = ({ reply, example }, req) => {
  const body = reply.body;
  if (!isObject(body)) return reply;
  const out: Json = { ...body };
  const usage = 'apiUsage' in body ? callerUsage(req) : undefined;
  if (usage) Object.assign(out, usage);
  const message = body.success === false && example !== undefined ? own(MESSAGES, example)?.(req) : undefined;
  if (message !== undefined) out.error = message;
  const headers =
    reply.headers && Object.hasOwn(reply.headers, 'Retry-After') && example === 'dailyLimit'
      ? { ...reply.headers, 'Retry-After': String(dailyReset(req.ns.clock.now()).retryAfterSeconds) }
      : reply.headers;
  return { ...reply, body: out, ...(headers ? { headers } : {}) };
};
