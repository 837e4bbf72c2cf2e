/**
 * Credentials never reach the journal, the violations report or JUnit: not through validation
 * issues (their value and params), not through a JSON parse error's message, not through a body
 * sent outside any operation (a form is masked like JSON; anything else is only counted).
 */
import { describe, expect, it } from 'vitest';
import { api, everything, testServer } from '../../helpers.js';
import { TOKEN_URL, getToken } from '../../apis/thingspace/thingspace-client.js';

const SECRET = 'hunter2-SECRET';

describe('journal: credentials in validation issues', () => {
  it('masks the value and params of an issue about a credential field (Kazoo credentials, api_key)', async () => {
    const server = testServer();
    expect(
      (
        await api(server)
          .put('/kazoo/v2/user_auth')
          .send({ data: { credentials: SECRET, account_name: 'demo' } })
      ).status,
    ).toBe(400);
    expect(
      (
        await api(server)
          .put('/kazoo/v2/api_auth')
          .send({ data: { api_key: `${SECRET}-key` } })
      ).status,
    ).toBe(400);
    const text = await everything(server);
    expect(text).not.toContain(SECRET);
    const [userAuth] = (await api(server).get('/__admin/requests?operationId=createUserAuth')).body.requests;
    const issue = userAuth.validation.request.issues.find((i: { path: string[] }) => i.path.includes('credentials'));
    expect(issue).toMatchObject({ in: 'body', path: ['data', 'credentials'], value: '***' });
  });

  it('masks a ThingSpace login password sent as a number', async () => {
    const server = testServer();
    const bearer = await getToken(server);
    const res = await api(server)
      .post('/thingspace/api/m2m/v1/session/login')
      .set('Authorization', `Bearer ${bearer}`)
      .send({ username: 'demo-user', password: 987654321 });
    expect(res.status).toBe(400);
    const text = await everything(server);
    expect(text).not.toContain('987654321');
    const [entry] = (await api(server).get('/__admin/requests?operationId=startSession')).body.requests;
    expect(entry.validation.request.issues[0]).toMatchObject({ path: ['password'], value: '***' });
  });

  it('a body that is not JSON: the message gives the position, never a piece of the body', async () => {
    const server = testServer();
    const res = await api(server)
      .put('/kazoo/v2/user_auth')
      .set('Content-Type', 'application/json')
      .send('{"data":{"credentials":hunter2hunter2,"account_name":"demo"}}');
    expect(res.status).toBe(400);
    const text = await everything(server);
    expect(text).not.toContain('hunter2');
    const [entry] = (await api(server).get('/__admin/requests')).body.requests;
    expect(entry.validation.request.issues[0]).toMatchObject({
      keyword: 'parse',
      message: 'is not valid JSON: unexpected character at position 23',
    });
  });
});

describe('journal: bodies of requests outside any operation', () => {
  it('a form is parsed and masked like JSON', async () => {
    const server = testServer();
    const res = await api(server)
      .post('/thingspace/api/ts/v1/oauth2/tokn')
      .type('form')
      .send({ grant_type: 'client_credentials', client_secret: SECRET });
    expect(res.status).toBe(400);
    expect(await everything(server)).not.toContain(SECRET);
    const [entry] = (await api(server).get('/__admin/requests')).body.requests;
    expect(entry.body).toEqual({ grant_type: 'client_credentials', client_secret: '***' });
  });

  it('any other body that is not JSON is only counted', async () => {
    const server = testServer();
    await api(server).post('/kazoo/v2/nowhere').set('Content-Type', 'text/plain').send(`password ${SECRET}`);
    expect(await everything(server)).not.toContain(SECRET);
    const [entry] = (await api(server).get('/__admin/requests')).body.requests;
    expect(entry.body).toEqual({ bytes: `password ${SECRET}`.length });
  });
});

describe('journal: what masking keeps', () => {
  it('a __proto__ field survives masking as a field', async () => {
    const server = testServer();
    await api(server)
      .post('/kazoo/v2/nowhere')
      .set('Content-Type', 'application/json')
      .send('{"__proto__":{"password":"p","name":"n"},"ok":1}');
    const [entry] = (await api(server).get('/__admin/requests')).body.requests;
    expect(JSON.stringify(entry.body)).toBe('{"__proto__":{"password":"***","name":"n"},"ok":1}');
  });

  it('token_type is not a credential: "Bearer" stays readable', async () => {
    const server = testServer();
    await api(server)
      .post(TOKEN_URL)
      .set('Authorization', `Basic ${Buffer.from('demo-app-key:demo-app-secret').toString('base64')}`)
      .type('form')
      .send({ grant_type: 'client_credentials' });
    const [entry] = (await api(server).get('/__admin/requests')).body.requests;
    expect(entry.response.body).toMatchObject({ access_token: '***', token_type: 'Bearer' });
  });
});
