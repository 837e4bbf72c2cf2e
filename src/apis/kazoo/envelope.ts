/**
 * Crossbar's response envelope and error bodies (`api_util.erl`, `cb_context.erl`):
 * `{auth_token, data, node, request_id, revision, status, timestamp, version}`, and for errors
 * `status: "error"`, `error: "<HTTP code>"`, a short `message` and details in `data`.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { headerOf, isoSeconds, queryOf, schemeToken, type NamespaceView } from '../../engine/kit/index.js';
import type { components } from '../../generated/kazoo.js';

type ErrorEnvelope = components['schemas']['ErrorEnvelope'];
type EnvelopeBase = components['schemas']['EnvelopeBase'];

export const KAZOO_VERSION = '4.3.142';
export const KAZOO_NODE = 'kGNvJb1xkjyI5N9fEAVwBF';

/** The parts of a request the envelope echoes. */
export interface EnvelopeSource {
  headers: IncomingHttpHeaders;
  ns: NamespaceView<unknown>;
  /** The query: as sent (`RequestInfo`), or as validated (a handler's context); `auth_token` is a string in both. */
  query?: unknown;
}

/** Where Crossbar reads an auth token, by the spec's security scheme name. */
export const TOKEN_READERS = {
  authToken: (req: EnvelopeSource) => headerOf(req.headers, 'x-auth-token') || undefined,
  bearer: (req: EnvelopeSource) => schemeToken(req.headers, 'Bearer'),
  authTokenQuery: (req: EnvelopeSource): string | undefined =>
    (req.query && typeof req.query === 'object'
      ? queryOf(req.query as Record<string, string>, 'auth_token')
      : undefined) || undefined,
};

/** The auth token the request carried: `X-Auth-Token`, `Authorization: Bearer`, or `?auth_token=`. */
export function tokenOf(req: EnvelopeSource): string | undefined {
  return TOKEN_READERS.authToken(req) ?? TOKEN_READERS.bearer(req) ?? TOKEN_READERS.authTokenQuery(req);
}

const requestIds = new WeakMap<IncomingHttpHeaders, string>();

/** `X-Request-ID` when the client sent one, else one new id for the whole request. */
export function requestIdOf(req: EnvelopeSource): string {
  const sent = req.headers['x-request-id'];
  if (typeof sent === 'string' && sent) return sent;
  let id = requestIds.get(req.headers);
  if (!id) {
    id = req.ns.rng.hex(32);
    requestIds.set(req.headers, id);
  }
  return id;
}

export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** The envelope fields every answer has; `token` overrides the one the request carried (auth replies). */
export function base(req: EnvelopeSource, token?: string): EnvelopeBase {
  return {
    auth_token: token ?? tokenOf(req) ?? '',
    node: KAZOO_NODE,
    request_id: requestIdOf(req),
    timestamp: isoSeconds(req.ns.clock.now()),
    version: KAZOO_VERSION,
  };
}

/** A success envelope around `data`. */
export function ok<D>(req: EnvelopeSource, data: D, revision: string, token?: string) {
  return { ...base(req, token), status: 'success' as const, data, revision };
}

/** An error reply with this status, in Crossbar's shape. */
export function kazooError<S extends number>(
  req: EnvelopeSource,
  status: S,
  message: string,
  data: Record<string, unknown>,
): { status: S; body: ErrorEnvelope } {
  return { status, body: { ...base(req), status: 'error', error: String(status), message, data } };
}

export const badIdentifier = (req: EnvelopeSource, cause: string) =>
  kazooError(req, 404, 'bad_identifier', { message: 'bad identifier', cause });

export const invalidCredentials = (req: EnvelopeSource) =>
  kazooError(req, 401, 'invalid_credentials', { message: 'invalid credentials' });
