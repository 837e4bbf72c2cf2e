import { describe, expect, it } from 'vitest';
import { api, testServer } from '../../helpers.js';
import { DEMO, SALES, groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';

async function setup() {
  const server = testServer();
  const token = await login(server);
  const server2 = server;
  return { server: server2, token, http: api(server) };
}

describe('Prefer', () => {
  it("code= returns that documented response with its first named example, in the request's words", async () => {
    const { server, token } = await setup();
    const res = await api(server).get(groupsUrl()).set('X-Auth-Token', token).set('Prefer', 'code=404');
    expect(res.status).toBe(404);
    // The example's bad_identifier, naming the account of the path and carrying the caller's token.
    expect(res.body).toMatchObject({
      message: 'bad_identifier',
      data: { message: 'bad identifier', cause: DEMO },
      auth_token: token,
    });
  });

  it('example= picks a named example, alone or with code=', async () => {
    const { server, token } = await setup();
    const byName = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .set('Prefer', 'example=nameTooLong')
      .send({ data: { name: 'x', endpoints: {} } });
    expect(byName.status).toBe(400);
    expect(byName.body.data.name.maxLength.target).toBe(128);
    const both = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .set('Prefer', 'code=400, example=parseError')
      .send({ data: { name: 'x', endpoints: {} } });
    expect(both.status).toBe(400);
    expect(both.body.message).toBe('parse_error');
  });

  it('with neither, the lowest documented 2xx', async () => {
    const { server, token } = await setup();
    const res = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .set('Prefer', 'code=201')
      .send({ data: { name: 'x', endpoints: {} } });
    expect(res.status).toBe(201);
    expect(res.body.data.id).toBe('1743724cd775bf6994380dbc79c1af09');
  });

  it('dynamic=true generates a schema-valid body; the same seed gives the same body', async () => {
    const { server, token } = await setup();
    const get = (prefer: string) =>
      api(server).get(`${groupsUrl()}/${SALES}`).set('X-Auth-Token', token).set('Prefer', prefer);
    const a = await get('dynamic=true, seed=7');
    const b = await get('dynamic=true, seed=7');
    const c = await get('dynamic=true, seed=8');
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
    expect(c.body).not.toEqual(a.body);
    expect(a.body.status).toBe('success');
    expect(a.body.data.id).toMatch(/^[0-9a-f]{32}$/);
    // The afterEach check proves every generated body validated against the spec.
  });

  it('an undocumented code or unknown example → 400 in the vendor envelope listing what exists', async () => {
    const { server, token } = await setup();
    const code = await api(server).get(groupsUrl()).set('X-Auth-Token', token).set('Prefer', 'code=418');
    expect(code.status).toBe(400);
    expect(code.body.status).toBe('error');
    expect(code.body.data.message).toBe('listGroups documents no 418 response');
    expect(code.body.data.available).toContain('404 (examples: badIdentifier)');
    const example = await api(server).get(groupsUrl()).set('X-Auth-Token', token).set('Prefer', 'example=nope');
    expect(example.status).toBe(400);
    expect(example.body.data.message).toContain('no example named "nope"');
    const mismatch = await api(server)
      .get(groupsUrl())
      .set('X-Auth-Token', token)
      .set('Prefer', 'code=401, example=badIdentifier');
    expect(mismatch.status).toBe(400);
  });

  it('never changes state', async () => {
    const { server, token } = await setup();
    const count = async () => (await api(server).get(groupsUrl()).set('X-Auth-Token', token)).body.data.length;
    const before = await count();
    await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .set('Prefer', 'code=201')
      .send({ data: { name: 'Not created', endpoints: {} } });
    await api(server).delete(`${groupsUrl()}/${SALES}`).set('X-Auth-Token', token).set('Prefer', 'code=200');
    expect(await count()).toBe(before);
  });

  it('still needs valid credentials and a valid request', async () => {
    const { server, token } = await setup();
    expect((await api(server).get(groupsUrl()).set('Prefer', 'code=200')).status).toBe(401);
    const invalid = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .set('Prefer', 'code=201')
      .send({ data: {} });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toBe('validation error');
  });

  it('ignores preferences it does not act on, such as return=minimal', async () => {
    const { server, token } = await setup();
    const res = await api(server)
      .get(`${groupsUrl()}/${SALES}`)
      .set('X-Auth-Token', token)
      .set('Prefer', 'return=minimal');
    expect(res.status).toBe(200);
    expect(res.body.data.name).toBe('Sales');
  });
});
