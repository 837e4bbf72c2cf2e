import { describe, expect, it } from 'vitest';
import { api, testServer } from '../../helpers.js';
import { SALES, groupsUrl, login } from './kazoo-client.js';

async function setup() {
  const server = testServer();
  return { server, token: await login(server) };
}

describe('kazoo: bad input gets Crossbar errors naming the field, and loses nothing', () => {
  it('a missing name → 400 validation error with data.name.required', async () => {
    const { server, token } = await setup();
    const res = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .send({ data: { endpoints: {} } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      status: 'error',
      error: '400',
      message: 'validation error',
      data: { name: { required: { message: 'Field is required but missing' } } },
    });
  });

  it('a name over 128 characters → maxLength with target, cause and value', async () => {
    const { server, token } = await setup();
    const name = 'x'.repeat(129);
    const res = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .send({ data: { name, endpoints: {} } });
    expect(res.status).toBe(400);
    expect(res.body.data.name.maxLength).toEqual({
      message: 'String must not be more than 128 characters',
      target: 128,
      cause: name,
      value: name,
    });
  });

  it('wrong types, bad endpoint types and nested fields are reported by dotted key', async () => {
    const { server, token } = await setup();
    const res = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .send({
        data: {
          name: 42,
          endpoints: { abc: { type: 'phone', weight: 'heavy' } },
          music_on_hold: { media_id: 'm'.repeat(129) },
        },
      });
    expect(res.status).toBe(400);
    expect(res.body.data.name.type.message).toBe('Value did not match type(s): string');
    expect(res.body.data['endpoints.abc.type'].enum).toMatchObject({
      message: 'Value not found in enumerated list of values',
      target: ['user', 'device'],
    });
    expect(res.body.data['endpoints.abc.weight'].type.message).toBe('Value did not match type(s): integer');
    expect(res.body.data['music_on_hold.media_id'].maxLength.target).toBe(128);
  });

  it('a body without the data envelope → data.required', async () => {
    const { server, token } = await setup();
    const res = await api(server).put(groupsUrl()).set('X-Auth-Token', token).send({ name: 'no envelope' });
    expect(res.status).toBe(400);
    expect(res.body.data).toEqual({ data: { required: { message: 'Field is required but missing' } } });
  });

  it('no body at all → 400 validation error, not a media-type error', async () => {
    const { server, token } = await setup();
    const res = await api(server).put(groupsUrl()).set('X-Auth-Token', token);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      message: 'validation error',
      data: { data: { required: { message: 'Field is required but missing' } } },
    });
  });

  it('a character set the server cannot read → 415 unsupported_media_type', async () => {
    const { server, token } = await setup();
    const res = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .set('Content-Type', 'application/json; charset=latin-9')
      .send('{"data":{"name":"x"}}');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ error: '415', message: 'unsupported_media_type' });
  });

  it('malformed JSON → 400 parse_error', async () => {
    const { server, token } = await setup();
    const res = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .set('Content-Type', 'application/json')
      .send('{"data": {"name": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: '400',
      message: 'parse_error',
      data: { message: 'failed to parse request body' },
    });
  });

  it('a malformed group id or a bad query parameter → 400 naming the parameter', async () => {
    const { server, token } = await setup();
    const id = await api(server).get(`${groupsUrl()}/not-an-id`).set('X-Auth-Token', token);
    expect(id.status).toBe(400);
    expect(id.body.data.GROUP_ID.pattern).toMatchObject({
      message: 'Failed to match pattern: ^[0-9a-f]{32}$',
      value: 'not-an-id',
    });
    const size = await api(server).get(`${groupsUrl()}?page_size=abc`).set('X-Auth-Token', token);
    expect(size.status).toBe(400);
    expect(size.body.data.page_size.type).toMatchObject({
      message: 'Value did not match type(s): integer',
      value: 'abc',
    });
    const zero = await api(server).get(`${groupsUrl()}?page_size=0`).set('X-Auth-Token', token);
    expect(zero.body.data.page_size.minimum.message).toBe('Value must be at least 1');
  });

  it('a path parameter that is not valid percent-encoding is a 400 naming that parameter', async () => {
    const { server, token } = await setup();
    const res = await api(server).get(`${groupsUrl()}/100%`).set('X-Auth-Token', token);
    expect(res.status).toBe(400);
    expect(res.body.data).toEqual({
      GROUP_ID: { format: { message: 'is not a valid percent-encoded URI component', cause: '100%', value: '100%' } },
    });
  });

  it('an unknown query parameter on a non-listing operation is accepted with a journal warning; strict refuses it naming it', async () => {
    const { server, token } = await setup();
    const res = await api(server).get(`${groupsUrl()}/${SALES}?bogus=1`).set('X-Auth-Token', token);
    expect(res.status).toBe(200);
    expect(res.body.data.id).toBe(SALES);
    const [entry] = (await api(server).get('/__admin/requests?operationId=getGroup')).body.requests;
    expect(entry.validation.warnings).toEqual([
      expect.objectContaining({ path: ['bogus'], keyword: 'unknownParameter' }),
    ]);
    const strict = testServer({ strict: true });
    const refused = await api(strict)
      .get(`${groupsUrl()}/${SALES}?bogus=1`)
      .set('X-Auth-Token', await login(strict));
    expect(refused.status).toBe(400);
    expect(refused.body.data).toHaveProperty('bogus');
  });

  it('an unknown path → 404 not_found; a wrong method → 405 invalid_method with Allow', async () => {
    const { server, token } = await setup();
    const unknown = await api(server).get('/kazoo/v2/accounts/x/nothing').set('X-Auth-Token', token);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 'error', error: '404', message: 'not_found' });
    const wrong = await api(server).delete(groupsUrl()).set('X-Auth-Token', token);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, PUT');
    expect(wrong.body).toMatchObject({ error: '405', message: 'invalid_method' });
  });

  it('a body over 1 MB → 413', async () => {
    const { server, token } = await setup();
    const res = await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .send({ data: { name: 'big', endpoints: {}, flags: ['y'.repeat(1024 * 1024 + 10)] } });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: '413', message: 'request_too_large' });
  });

  it('a PATCH that leaves an invalid document is refused after the merge, and the group is unchanged', async () => {
    const { server, token } = await setup();
    const before = await api(server).get(`${groupsUrl()}/${SALES}`).set('X-Auth-Token', token);
    const res = await api(server)
      .patch(`${groupsUrl()}/${SALES}`)
      .set('X-Auth-Token', token)
      .send({ data: { name: null, flags: ['x'] } });
    expect(res.status).toBe(400);
    expect(res.body.data.name.required.message).toBe('Field is required but missing');
    const after = await api(server).get(`${groupsUrl()}/${SALES}`).set('X-Auth-Token', token);
    expect(after.body.data).toEqual(before.body.data);
    expect(after.body.revision).toBe(before.body.revision);
  });

  it('bad input never leaves a half-written group behind', async () => {
    const { server, token } = await setup();
    const count = async () => (await api(server).get(groupsUrl()).set('X-Auth-Token', token)).body.data.length;
    const n = await count();
    await api(server)
      .put(groupsUrl())
      .set('X-Auth-Token', token)
      .send({ data: { name: '', endpoints: {} } });
    await api(server).put(groupsUrl()).set('X-Auth-Token', token).set('Content-Type', 'application/json').send('nope');
    expect(await count()).toBe(n);
  });

  it('an invalid X-Mock-Namespace is a vendor 400 naming the header', async () => {
    const { server, token } = await setup();
    const res = await api(server).get(groupsUrl()).set('X-Auth-Token', token).set('X-Mock-Namespace', 'bad name!');
    expect(res.status).toBe(400);
    expect(res.body.data).toHaveProperty('X-Mock-Namespace');
  });
});
