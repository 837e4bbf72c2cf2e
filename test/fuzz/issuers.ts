/**
 * Every id each vendor issues, as a client meets it: how to get a new one and how to give it back
 * (delete the group, end the session, let the token expire) — through a real socket, with the
 * vendor's own calls. The id tests (test/engine/state/ids-never-reissued.test.ts) and the state fuzz
 * (test/fuzz/state-and-dynamic.test.ts) prove with these that no id comes back before a reset. A
 * registered API without an entry fails both: a new vendor adds its ids here.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen, type MockServer } from '../../src/engine/app.js';
import { basic, M2M, TOKEN_URL as TS_TOKEN_URL } from '../apis/thingspace/thingspace-client.js';
import { readJson } from '../apis/mdm/mdm-client.js';
import { DEMO as KAZOO_ACCOUNT, md5 } from '../apis/kazoo/kazoo-client.js';
import { DEMO as PLASPY_DEMO } from '../apis/plaspy/plaspy-client.js';
import { LOGINS } from './logins.js';

export interface WireReply {
  status: number;
  text: string;
  /** The body read losslessly (integers past 2^53 as bigints). */
  body: any;
}

/** A keep-alive client of one listening mock. */
export interface Wire {
  send(method: string, path: string, headers?: Record<string, string>, body?: unknown): Promise<WireReply>;
  close(): void;
}

export async function wire(server: MockServer): Promise<Wire> {
  const http = await listen(server, 0, '127.0.0.1');
  const port = (http.address() as AddressInfo).port;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send: (method, path, headers = {}, body) =>
      new Promise((resolve, reject) => {
        const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
        const all = {
          ...(text !== undefined
            ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) }
            : {}),
          ...headers,
        };
        const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: all, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const out = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = readJson(out);
            } catch {
              parsed = undefined;
            }
            resolve({ status: res.statusCode ?? 0, text: out, body: parsed });
          });
        });
        req.on('error', reject);
        req.end(text);
      }),
    close: () => {
      agent.destroy();
      http.close();
    },
  };
}

/** One kind of id an API issues. */
export interface Issuer {
  /** `kazoo group ids`. */
  label: string;
  /** Prepares a namespace (logs in) and returns the issuer's calls for it. */
  open(w: Wire, server: MockServer, namespace: string): Promise<IssuerSession>;
}

export interface IssuerSession {
  /** Gets a new id. */
  issue(): Promise<string>;
  /** Gives one back: afterwards nothing finds it. */
  retire(id: string): Promise<void>;
  /** Whether the id still finds something (a group answers; a token is accepted). */
  finds(id: string): Promise<boolean>;
}

const ok = (r: WireReply, status: number, what: string) => {
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
  return r;
};

const ns = (namespace: string) => ({ 'X-Mock-Namespace': namespace });

/** Group ids of an API with create and delete calls. */
function groups(
  label: string,
  api: string,
  calls: {
    create: (n: number) => { path: string; body: unknown; status: number; id: (b: any) => unknown };
    item: (id: string) => string;
    deleted: number;
    missing: number;
  },
): Issuer {
  return {
    label,
    async open(w, server, namespace) {
      const headers = { ...(await LOGINS[api]!(server, namespace)).headers, ...ns(namespace) };
      let n = 0;
      return {
        async issue() {
          const c = calls.create(++n);
          return String(c.id(ok(await w.send('POST', c.path, headers, c.body), c.status, `${label}: create`).body));
        },
        async retire(id) {
          ok(await w.send('DELETE', calls.item(id), headers), calls.deleted, `${label}: delete ${id}`);
        },
        async finds(id) {
          const r = await w.send('GET', calls.item(id), headers);
          if (r.status !== 200 && r.status !== calls.missing)
            throw new Error(`${label}: get ${id}: ${r.status} ${r.text.slice(0, 200)}`);
          return r.status === 200;
        },
      };
    },
  };
}

/** Kazoo creates with PUT and answers in its envelope. */
const kazooGroups: Issuer = {
  label: 'kazoo group ids',
  async open(w, server, namespace) {
    const headers = { ...(await LOGINS.kazoo!(server, namespace)).headers, ...ns(namespace) };
    const url = `/kazoo/v2/accounts/${KAZOO_ACCOUNT}/groups`;
    let n = 0;
    return {
      issue: async () =>
        ok(await w.send('PUT', url, headers, { data: { name: `Cycle ${++n}`, endpoints: {} } }), 201, 'kazoo: create')
          .body.data.id as string,
      retire: async (id) => void ok(await w.send('DELETE', `${url}/${id}`, headers), 200, `kazoo: delete ${id}`),
      finds: async (id) => (await w.send('GET', `${url}/${id}`, headers)).status === 200,
    };
  },
};

/** Kazoo auth tokens: Crossbar has no logout; a token idle for an hour expires (the clock moves on). */
const kazooTokens: Issuer = {
  label: 'kazoo auth tokens',
  async open(w, _server, namespace) {
    const credentials = md5('demo-admin:demo-password');
    return {
      issue: async () =>
        ok(
          await w.send('PUT', '/kazoo/v2/user_auth', ns(namespace), { data: { credentials, account_name: 'demo' } }),
          201,
          'kazoo: user_auth',
        ).body.auth_token as string,
      retire: async () =>
        void ok(await w.send('POST', `/__admin/clock?namespace=${namespace}`, {}, { advance: '61m' }), 200, 'clock'),
      finds: async (id) =>
        (await w.send('GET', `/kazoo/v2/accounts/${KAZOO_ACCOUNT}/groups`, { 'X-Auth-Token': id, ...ns(namespace) }))
          .status === 200,
    };
  },
};

/** ThingSpace M2M sessions: login, logout. */
const thingspaceSessions: Issuer = {
  label: 'thingspace session tokens',
  async open(w, server, namespace) {
    const bearer = (await LOGINS.thingspace!(server, namespace)).headers.Authorization!;
    const headers = { Authorization: bearer, ...ns(namespace) };
    return {
      issue: async () =>
        ok(
          await w.send('POST', `${M2M}/session/login`, headers, { username: 'demo-user', password: 'demo-password' }),
          200,
          'thingspace: login',
        ).body.sessionToken as string,
      retire: async (id) =>
        void ok(
          await w.send('POST', `${M2M}/session/logout`, { ...headers, 'VZ-M2M-Token': id }),
          200,
          'thingspace: logout',
        ),
      finds: async (id) =>
        (await w.send('GET', `${M2M}/groups/0000123456-00001`, { ...headers, 'VZ-M2M-Token': id })).status === 200,
    };
  },
};

/**
 * ThingSpace OAuth tokens: a repeat request within the token's hour gets the same token (documented),
 * so each new one is asked for after the last has expired; a token is given back by letting it expire.
 */
const thingspaceTokens: Issuer = {
  label: 'thingspace access tokens',
  async open(w, _server, namespace) {
    const headers = {
      Authorization: basic('demo-app-key', 'demo-app-secret'),
      'Content-Type': 'application/x-www-form-urlencoded',
      ...ns(namespace),
    };
    const expire = async () =>
      void ok(await w.send('POST', `/__admin/clock?namespace=${namespace}`, {}, { advance: '61m' }), 200, 'clock');
    return {
      async issue() {
        await expire();
        return ok(
          await w.send('POST', TS_TOKEN_URL, headers, 'grant_type=client_credentials'),
          200,
          'thingspace: token',
        ).body.access_token as string;
      },
      retire: expire,
      finds: async (id) =>
        (
          await w.send(
            'POST',
            `${M2M}/session/login`,
            { Authorization: `Bearer ${id}`, ...ns(namespace) },
            { username: 'demo-user', password: 'demo-password' },
          )
        ).status === 200,
    };
  },
};

/**
 * Plaspy token ids (a JWT's `jti`, the key the mock keeps it under; the JWT itself also carries the
 * time it was issued, so only the `jti` could repeat): no logout; a token lives 24 hours.
 */
const plaspyTokens: Issuer = {
  label: 'plaspy token ids (jti)',
  async open(w, _server, namespace) {
    const tokens = new Map<string, string>();
    const jtiOf = (jwt: string) =>
      JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')).jti as string;
    return {
      async issue() {
        const jwt = ok(await w.send('POST', '/plaspy/api/Auth/Token', ns(namespace), PLASPY_DEMO), 200, 'plaspy: token')
          .body.token as string;
        tokens.set(jtiOf(jwt), jwt);
        return jtiOf(jwt);
      },
      retire: async () =>
        void ok(await w.send('POST', `/__admin/clock?namespace=${namespace}`, {}, { advance: '25h' }), 200, 'clock'),
      finds: async (jti) =>
        (await w.send('GET', '/plaspy/api/groups', { Authorization: `Bearer ${tokens.get(jti)}`, ...ns(namespace) }))
          .status === 200,
    };
  },
};

/** ThingSpace's custom-field request ids: each accepted change gets one; nothing looks one up or gives it back. */
const thingspaceRequestIds: Issuer = {
  label: 'thingspace custom-field request ids',
  async open(w, server, namespace) {
    const headers = { ...(await LOGINS.thingspace!(server, namespace)).headers, ...ns(namespace) };
    const body = {
      accountName: '0000123456-00001',
      groupName: 'Fleet West',
      customFieldsToUpdate: [{ key: 'CustomField1', value: 'West Region' }],
    };
    return {
      issue: async () =>
        ok(await w.send('PUT', `${M2M}/devices/actions/customFields`, headers, body), 200, 'thingspace: custom fields')
          .body.requestId as string,
      retire: async () => undefined,
      finds: async () => false,
    };
  },
};

export const ISSUERS: Record<string, Issuer[]> = {
  kazoo: [kazooGroups, kazooTokens],
  thingspace: [thingspaceSessions, thingspaceTokens, thingspaceRequestIds],
  plaspy: [
    groups('plaspy group ids', 'plaspy', {
      create: (n) => ({ path: '/plaspy/api/groups', body: { name: `Cycle ${n}` }, status: 201, id: (b) => b.id }),
      item: (id) => `/plaspy/api/groups/${id}`,
      deleted: 200,
      missing: 404,
    }),
    plaspyTokens,
  ],
  mdm: [
    groups('mdm group ids', 'mdm', {
      create: (n) => ({
        path: '/mdm/api/v1/mdm/groups',
        body: { name: `Cycle ${n}`, group_type: 6 },
        status: 200,
        id: (b) => b.group_id,
      }),
      item: (id) => `/mdm/api/v1/mdm/groups/${id}`,
      deleted: 204,
      missing: 404,
    }),
  ],
  bold: [
    groups('bold group ids', 'bold', {
      create: (n) => ({
        path: '/bold/v1/device-groups?organizationId=29',
        body: { name: `Cycle ${n}` },
        status: 200,
        id: (b) => b,
      }),
      item: (id) => `/bold/v1/device-groups/${id}`,
      deleted: 200,
      missing: 404,
    }),
  ],
};
