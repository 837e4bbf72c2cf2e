/**
 * MDM test client, written as an MDM API user would write it from ManageEngine's docs: the
 * `Authorization: Zoho-oauthtoken` header, JSON bodies, and — because MDM ids are 64-bit — a lossless
 * JSON parse and serialise on both sides (lossless-json), never plain `JSON.parse`, which rounds ids
 * past 2^53. Also the demo tenant's ids and tokens.
 */
import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';
import { expect } from 'vitest';
import { mdmDemo, READONLY_TOKEN } from '../../../src/apis/mdm/demo.js';
import type { MockServer } from '../../../src/engine/app.js';
import { api, moduleNamed, testServer } from '../../helpers.js';

export const BASE = '/mdm/api/v1/mdm';
/** The demo tenant's tokens (src/apis/mdm/demo.ts): full access, and read-only. */
export const TOKEN = mdmDemo.fields.token!.demo;
export const READONLY = READONLY_TOKEN;

/** Demo groups: two device groups and a user group with small ids, one of each kind past 2^53. */
export const MDM_GROUP = '99731238129';
export const FIELD_TABLETS = '99731238130';
export const SALES_TEAM = '99731238131';
export const KIOSKS = '9007199254750017';
export const ENGINEERING = '9007199254750031';
/** Devices: the first twelve have safe ids, the rest are past 2^53 (odd, so a double rounds them). */
export const DEVICES = [
  ...Array.from({ length: 12 }, (_, i) => String(987000000654321n + BigInt(i))),
  ...Array.from({ length: 12 }, (_, i) => String(9007199254741001n + 2n * BigInt(i))),
];
export const USERS = [
  '5001',
  '5002',
  '5003',
  '5004',
  '5005',
  '9007199254741101',
  '9007199254741103',
  '9007199254741105',
  '9007199254741107',
  '9007199254741109',
];
export const SCOPE = 'MDMOnDemand.MDMDeviceMgmt.';

/** A test server with only MDM loaded. */
export const mdmServer = (): MockServer => testServer({ apis: [moduleNamed('mdm')] });

/** Integers past 2^53 as bigints, like the codec of a careful client. */
export const readJson = (text: string): any =>
  text ? parse(text, null, (n) => (!isSafeNumber(n) && isInteger(n) ? BigInt(n) : Number(n))) : undefined;

/** An id as a client holds it: a number while safe, else a bigint (from digits). */
export const id = (digits: string): number | bigint => {
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : BigInt(digits);
};
export const ids = (list: readonly string[]) => list.map(id);

export interface Reply {
  status: number;
  body: any;
  text: string;
  headers: Record<string, string>;
}

/** Requests with a token (and a namespace), bodies written losslessly, answers read losslessly. */
export function client(server: MockServer, opts: { token?: string | null; namespace?: string } = {}) {
  const token = opts.token === undefined ? TOKEN : opts.token;
  const go = async (
    method: 'get' | 'post' | 'put' | 'delete',
    path: string,
    body?: unknown,
    raw?: string,
  ): Promise<Reply> => {
    let req = api(server)[method](`${BASE}${path}`).set('Accept', 'application/json');
    if (token !== null) req = req.set('Authorization', `Zoho-oauthtoken ${token}`);
    if (opts.namespace) req = req.set('X-Mock-Namespace', opts.namespace);
    const text = raw ?? (body === undefined ? undefined : stringify(body));
    const res = text === undefined ? await req : await req.set('Content-Type', 'application/json').send(text);
    return {
      status: res.status,
      body: readJson(res.text),
      text: res.text,
      headers: res.headers as Record<string, string>,
    };
  };
  return {
    get: (path: string) => go('get', path),
    post: (path: string, body?: unknown) => go('post', path, body),
    put: (path: string, body?: unknown) => go('put', path, body),
    delete: (path: string, body?: unknown) => go('delete', path, body),
    /** A request whose body is this exact text (to send digits no JS number can hold). */
    raw: (method: 'post' | 'put' | 'delete', path: string, text: string) => go(method, path, undefined, text),
  };
}

export type Client = ReturnType<typeof client>;

/** A reply is MDM's error envelope with this status and code. */
export function expectError(res: Reply, status: number, code: string, text?: RegExp): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body.error_code, res.text).toBe(code);
  expect(res.body.localized_error_description).toBe(res.body.error_description);
  if (text) expect(res.body.error_description).toMatch(text);
}

/** Member ids of a group as exact digits. */
export async function membersOf(http: Client, group: string): Promise<string[]> {
  const res = await http.get(`/groups/${group}/members`);
  expect(res.status, res.text).toBe(200);
  return res.body.member_ids.map(String);
}

/** Creates a group and returns its id as digits. */
export async function createGroup(http: Client, body: Record<string, unknown>): Promise<string> {
  const res = await http.post('/groups', body);
  expect(res.status, res.text).toBe(200);
  return String(res.body.group_id);
}
