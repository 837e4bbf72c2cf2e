/**
 * One regression test per defect the reliability probe found (issue 14), with the probe's own
 * request, so that each of them fails again if its fix is undone. The classes: prototype pollution,
 * a password in the journal, ReDoS in fault rules, stack overflows on deep JSON, body encodings,
 * object-valued query parameters, inherited members, unbounded journal and namespace memory, an
 * optional-looking empty body, and empty or `[object Object]` error messages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { api, everything, moduleNamed, testServer } from '../../helpers.js';
import { DEMO, login as kazooLogin } from '../../apis/kazoo/kazoo-client.js';
import { ACCOUNT, M2M, getToken, login as tsLogin } from '../../apis/thingspace/thingspace-client.js';

const kazooServer = () => testServer({ apis: [moduleNamed('kazoo')] });
const B = '/kazoo/v2';

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const before = prototypeKeys();
afterEach(() => expect(prototypeKeys()).toEqual(before));

describe('1. prototype pollution', () => {
  it('an unknown query parameter named __proto__ gets the validation envelope and writes nothing into Object.prototype', async () => {
    const server = kazooServer();
    const res = await api(server).put(`${B}/api_auth?__proto__=1`).send({});
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'error', error: '400', message: 'validation error' });
    expect(({} as Record<string, unknown>).invalid).toBeUndefined();
    const token = await kazooLogin(server);
    const all = await api(server).get(`${B}/accounts/${DEMO}/groups?has_key=invalid`).set('X-Auth-Token', token);
    expect(all.status).toBe(200);
    expect(all.body.data).toEqual([]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    '%s as a query key, a header-like key and a body key answers 4xx',
    async (key) => {
      const server = testServer();
      const token = await kazooLogin(server);
      const res = await api(server)
        .put(`${B}/accounts/${DEMO}/groups?${key}[x]=1`)
        .set('X-Auth-Token', token)
        .send(`{"data":{"name":"P","endpoints":{},"${key}":{"x":1}}}`)
        .type('json');
      expect(res.status).toBeLessThan(500);
      const ts = await tsLogin(server);
      const r2 = await api(server)
        .post(`${M2M}/groups`)
        .set('Authorization', `Bearer ${ts.bearer}`)
        .set('VZ-M2M-Token', ts.session)
        .type('json')
        .send(`{"accountName":"${ACCOUNT}","groupName":"g-${key}","${key}":{"polluted":true}}`);
      expect(r2.status).toBeLessThan(500);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});

describe('2. a password in the journal', () => {
  it('a JSON login body sent as a form (one key holding the password) is scrubbed', async () => {
    const server = testServer();
    const bearer = await getToken(server);
    const res = await api(server)
      .post(`${M2M}/session/login`)
      .set('Authorization', `Bearer ${bearer}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('{"username":"demo-user","password":"Sup3r-Secret-pw"}');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await everything(server)).not.toContain('Sup3r-Secret-pw');
  });
});

describe('3. ReDoS in fault rules', () => {
  // No timing: on a backtracking engine these take longer than the age of the universe (2^200
  // paths), so the test finishing at all is the proof; on a linear one they take microseconds.
  it.each(['/^(a|aa)+$/', '/^(a|a?)+$/', '/^(\\w|[a-z])+$/'])(
    '%s on a header with 200 characters answers at once',
    async (regex) => {
      const server = kazooServer();
      const rule = await api(server)
        .post('/__admin/faults')
        .send({ api: 'kazoo', match: { headers: { 'X-Probe': regex } }, action: { respond: { status: 500 } } });
      expect(rule.status).toBe(201);
      const res = await api(server)
        .get(`${B}/accounts/${DEMO}/groups`)
        .set('X-Probe', `${'a'.repeat(200)}!`);
      expect(res.status).toBe(401); // not matched (the "!"), so the request goes on to auth
    },
  );

  it('a backreference (which no linear engine can run) is refused with the reason', async () => {
    const server = kazooServer();
    const rule = await api(server)
      .post('/__admin/faults')
      .send({ api: 'kazoo', match: { headers: { 'X-Probe': '/^(a+)\\1$/' } }, action: { respond: { status: 500 } } });
    expect(rule.status).toBe(400);
    expect(JSON.stringify(rule.body)).toContain('regular expression not accepted');
  });
});

describe('4. deep JSON', () => {
  it('2,500 levels of nesting (5 KB) get the vendor 400 before auth, on every API', async () => {
    const server = testServer();
    const deep = '['.repeat(2500) + ']'.repeat(2500);
    const kz = await api(server).put(`${B}/user_auth`).type('json').send(`{"data":${deep}}`);
    expect(kz.status).toBe(400);
    expect(kz.body.status).toBe('error');
    const ts = await api(server).post(`${M2M}/session/login`).type('json').send(`{"username":${deep}}`);
    expect(ts.status).toBe(400);
    expect(ts.body).toHaveProperty('errorCode');
    const admin = await api(server).post('/__admin/faults').type('json').send(deep);
    expect(admin.status).toBe(400);
  });
});

describe('5. body encodings', () => {
  it.each(['gzip', 'deflate', 'br', 'x-unknown'])(
    'Content-Encoding: %s on a plain body → the vendor 4xx, never a 500',
    async (enc) => {
      const server = testServer();
      const kz = await api(server).put(`${B}/user_auth`).set('Content-Encoding', enc).type('json').send('{"data":{}}');
      expect([400, 415]).toContain(kz.status);
      expect(kz.body.status).toBe('error');
      const ts = await api(server).post(`${M2M}/session/login`).set('Content-Encoding', enc).type('json').send('{}');
      expect([400, 415]).toContain(ts.status);
      expect(ts.body).toHaveProperty('errorCode');
    },
  );
});

describe('6–7. Kazoo filters', () => {
  it('filter_endpoints=x (an object-valued field) is not a 500', async () => {
    const server = kazooServer();
    const token = await kazooLogin(server);
    const res = await api(server).get(`${B}/accounts/${DEMO}/groups?filter_endpoints=x`).set('X-Auth-Token', token);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'has_key=%s matches only groups that have the key',
    async (key) => {
      const server = kazooServer();
      const token = await kazooLogin(server);
      const res = await api(server).get(`${B}/accounts/${DEMO}/groups?has_key=${key}`).set('X-Auth-Token', token);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([]);
    },
  );
});

describe('8. journal memory', () => {
  it('a root-level required issue does not store the whole body in the journal', async () => {
    const server = kazooServer();
    const big = 'x'.repeat(100_000);
    const res = await api(server).put(`${B}/user_auth`).send({ other: big });
    expect(res.status).toBe(400);
    const entry = (await api(server).get('/__admin/requests')).body.requests[0];
    const issues = JSON.stringify(entry.validation.request.issues);
    expect(issues.length).toBeLessThan(2000);
    expect(issues).not.toContain('xxxxxxxxxx');
  });
});

describe('11. an empty body where the spec requires one', () => {
  it('ThingSpace device list with no body → 400 in ThingSpace words, not a listing', async () => {
    const server = testServer({ apis: [moduleNamed('thingspace')] });
    const c = await tsLogin(server);
    for (const send of [
      (r: any) => r,
      (r: any) => r.set('Content-Type', 'application/json').send(''),
      (r: any) => r.set('Content-Type', 'application/json').set('Content-Length', '0'),
    ]) {
      const res = await send(
        api(server)
          .post(`${M2M}/devices/actions/list`)
          .set('Authorization', `Bearer ${c.bearer}`)
          .set('VZ-M2M-Token', c.session),
      );
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toMatch(/INPUT_INVALID|RequestUndefined/);
    }
  });
});

describe('12. error messages name what was wrong', () => {
  it('Kazoo: page_size[a]=1 says which types were wanted', async () => {
    const server = kazooServer();
    const token = await kazooLogin(server);
    const res = await api(server).get(`${B}/accounts/${DEMO}/groups?page_size[a]=1`).set('X-Auth-Token', token);
    expect(res.status).toBe(400);
    const rules = res.body.data.page_size as Record<string, { message: string }>;
    const messages = Object.values(rules).map((r) => r.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m).not.toMatch(/:\s*$/);
      expect(m).not.toContain('[object Object]');
    }
    expect(messages.join(' ')).toMatch(/integer/);
  });

  it('ThingSpace: a device id that is an object is shown as JSON, not [object Object]', async () => {
    const server = testServer({ apis: [moduleNamed('thingspace')] });
    const c = await tsLogin(server);
    const res = await api(server)
      .post(`${M2M}/groups`)
      .set('Authorization', `Bearer ${c.bearer}`)
      .set('VZ-M2M-Token', c.session)
      .send({ accountName: ACCOUNT, groupName: 'Obj', devicesToAdd: [{ kind: 'imei', id: { a: 1 } }] });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).not.toContain('[object Object]');
    expect(res.body.errorMessage).toContain('{"a":1}');
  });
});

describe('13. namespace bookkeeping stays bounded', () => {
  it('300 one-off namespaces leave a bounded number of entries behind (10 live, 2 remembered generations each)', async () => {
    const server = testServer({ apis: [moduleNamed('kazoo')], maxNamespaces: 10 });
    for (let i = 0; i < 300; i++)
      await api(server).get(`${B}/accounts/${DEMO}/groups`).set('X-Mock-Namespace', `ns-${i}`);
    const status = await api(server).get('/__admin/health');
    expect(status.status).toBe(200);
    expect(server.runtime.store.bookkeepingSize()).toBeLessThanOrEqual(10 + 2 * 10);
  });
});
