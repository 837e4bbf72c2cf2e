/**
 * The spec's Crossbar examples (answered for `Prefer` and fault rules) in the request's own words,
 * as Crossbar's answers carry them: the envelope's `auth_token`, `request_id`, `timestamp` (engine
 * clock) and `node` are the request's and this mock's, never the example's; an error names what the
 * request sent — `bad_identifier`'s `cause` the id in the path, a validation error's `cause`/`value`
 * the value of the field it names, a 415 the content type sent. The rest stays the example's.
 */
import { headerOf, own, setOwn, valueAt, type ExampleRenderer, type RequestInfo } from '../../engine/kit/index.js';
import { base } from './envelope.js';
import type { KazooState } from './state.js';

type Req = RequestInfo<KazooState>;
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The most specific id of the path (its last parameter: the group, else the user, else the account). */
const pathId = (req: Req): string | undefined => Object.values(req.params).at(-1);

/** What the request sent for a field a validation error names: in the body's `data`, the query or the path. */
function sentValue(req: Req, field: string): string | number | boolean | undefined {
  const inBody = valueAt(req.body, ['data', ...field.split('.')]);
  if (inBody.present && isScalar(inBody.value)) return inBody.value;
  const inQuery = own(req.query, field);
  if (typeof inQuery === 'string') return inQuery;
  const inPath = own(req.params, field);
  return inPath;
}

/** `{field: {rule: {message, cause, value}}}` with the request's values where it has one. */
function validationData(data: Json, req: Req): Json {
  const out: Json = {};
  for (const [field, rules] of Object.entries(data)) {
    const sent = isObject(rules) ? sentValue(req, field) : undefined;
    if (sent === undefined || !isObject(rules)) {
      setOwn<unknown>(out, field, rules);
      continue;
    }
    const renamed: Json = {};
    for (const [rule, detail] of Object.entries(rules)) {
      setOwn<unknown>(
        renamed,
        rule,
        isObject(detail) && ('cause' in detail || 'value' in detail) ? { ...detail, cause: sent, value: sent } : detail,
      );
    }
    setOwn<unknown>(out, field, renamed);
  }
  return out;
}

function errorData(body: Json, req: Req): unknown {
  const data = body.data;
  if (!isObject(data)) return data;
  if (body.message === 'bad_identifier') {
    const id = pathId(req);
    return id === undefined ? data : { ...data, cause: id };
  }
  if (body.message === 'validation error') return validationData(data, req);
  if (body.message === 'unsupported_media_type') {
    const type = headerOf(req.headers, 'content-type');
    return type === undefined ? data : { ...data, message: `unsupported content type ${type}` };
  }
  return data;
}

export const examples: ExampleRenderer<KazooState> = ({ reply }, req) => {
  const body = reply.body;
  if (!isObject(body) || typeof body.status !== 'string') return reply;
  const envelope = base(req);
  // A success that issues a token (user_auth) shows the example's: nothing was issued.
  const auth_token =
    body.status === 'success' && envelope.auth_token === '' && typeof body.auth_token === 'string'
      ? body.auth_token
      : envelope.auth_token;
  return {
    ...reply,
    body: { ...body, ...envelope, auth_token, ...(body.status === 'error' ? { data: errorData(body, req) } : {}) },
  };
};
