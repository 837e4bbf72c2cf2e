/**
 * Plaspy's token call and the bearer JWT as a client meets them: a signed HS512 JWT with an ISO
 * `expires`, the documented refusal of a wrong pair, and 401 "Unauthorized access" for a missing,
 * unknown, tampered or expired token (expiry on the engine clock).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api } from '../../helpers.js';
import {
  DEMO,
  GROUPS,
  OTHER,
  SIGNING_KEY,
  TOKEN_URL,
  advance,
  as,
  getToken,
  plaspyServer,
  setup,
} from './plaspy-client.js';

const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sign = (input: string, key = SIGNING_KEY) => createHmac('sha512', key).update(input).digest('base64url');

describe('POST /api/Auth/Token', () => {
  it('issues a JWT signed HS512 by the mock, expiring in 24 hours as an ISO time', async () => {
    const server = plaspyServer();
    const res = await api(server).post(TOKEN_URL).set('Content-Type', 'application/json').send(JSON.stringify(DEMO));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['expires', 'success', 'token']);
    expect(res.body.success).toBe(true);
    expect(res.body.expires).toBe('2026-03-02T09:00:00Z');
    const [header, claims, signature] = res.body.token.split('.');
    // The docs' own token starts like this: {"alg":"HS512","typ":"JWT"}.
    expect(res.body.token.startsWith('eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXV')).toBe(true);
    expect(decode(header)).toEqual({ alg: 'HS512', typ: 'JWT' });
    expect(decode(claims)).toMatchObject({ sub: DEMO.userName, iat: 1772355600, exp: 1772442000 });
    expect(signature).toBe(sign(`${header}.${claims}`));
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('gives a new token on every call; each works', async () => {
    const server = plaspyServer();
    const a = await getToken(server);
    const b = await getToken(server);
    expect(a).not.toBe(b);
    for (const t of [a, b]) expect((await as(server, t).get(GROUPS)).status).toBe(200);
  });

  it('takes the user name in any case (an e-mail address), the API key only exactly', async () => {
    const server = plaspyServer();
    const res = await api(server).post(TOKEN_URL).send({ userName: 'Demo@Plaspy.TEST', apiKey: DEMO.apiKey });
    expect(res.status).toBe(200);
    expect(decode(res.body.token.split('.')[1]).sub).toBe(DEMO.userName);
    const key = await api(server).post(TOKEN_URL).send({ userName: DEMO.userName, apiKey: 'DEMO-API-KEY' });
    expect(key.status).toBe(401);
  });

  it('refuses a wrong pair with "Invalid API key or username."', async () => {
    const server = plaspyServer();
    for (const body of [
      { ...DEMO, apiKey: 'nope' },
      { userName: 'nobody@plaspy.test', apiKey: DEMO.apiKey },
      { userName: DEMO.userName, apiKey: OTHER.apiKey },
      { userName: '__proto__', apiKey: 'x' },
      { userName: 'constructor', apiKey: 'x' },
    ]) {
      const res = await api(server).post(TOKEN_URL).send(body);
      expect(res.status, JSON.stringify(body)).toBe(401);
      expect(res.body).toEqual({ success: false, error: 'Invalid API key or username.' });
    }
  });

  it('refuses a body without userName or apiKey, bad JSON and a body that is not JSON, naming what is wrong', async () => {
    const server = plaspyServer();
    const missing = await api(server).post(TOKEN_URL).send({ userName: DEMO.userName });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ success: false, error: 'Invalid input: apiKey is required.' });
    const typed = await api(server).post(TOKEN_URL).send({ userName: 42, apiKey: DEMO.apiKey });
    expect(typed.body).toEqual({ success: false, error: 'Invalid input: userName must be a string.' });
    const broken = await api(server).post(TOKEN_URL).set('Content-Type', 'application/json').send('{"userName": ');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/^Invalid input: the body is not valid JSON \(.+\)\.$/);
    const text = await api(server)
      .post(TOKEN_URL)
      .set('Content-Type', 'text/plain')
      .send('demo@plaspy.test demo-api-key');
    expect(text.status).toBe(415);
    expect(text.body).toEqual({
      success: false,
      error: 'An unsupported media type was sent. The server expected JSON.',
    });
    const form = await api(server).post(TOKEN_URL).type('form').send(DEMO);
    expect(form.status).toBe(415);
  });
});

describe('the bearer token', () => {
  const unauthorized = { success: false, error: 'Unauthorized access', groups: null };

  it('no token, another scheme, or a token that is not one → 401 without counters', async () => {
    const server = plaspyServer();
    const token = await getToken(server);
    for (const auth of [
      undefined,
      `Basic ${Buffer.from('demo:demo').toString('base64')}`,
      'Bearer',
      'Bearer not-a-jwt',
      `Bearer ${token}x`,
      `Bearer ${token.split('.').slice(0, 2).join('.')}`,
    ]) {
      const req = api(server).get(GROUPS);
      if (auth !== undefined) req.set('Authorization', auth);
      const res = await req;
      expect(res.status, auth).toBe(401);
      expect(res.body, auth).toEqual(unauthorized);
    }
  });

  it('a tampered token → 401: changed claims, a re-signed one with another key, alg none', async () => {
    const server = plaspyServer();
    const token = await getToken(server);
    const [header, claims, signature] = token.split('.') as [string, string, string];
    const other = b64({ ...decode(claims), sub: OTHER.userName });
    const longer = b64({ ...decode(claims), exp: decode(claims).exp + 86400 });
    const forged = [
      `${header}.${other}.${signature}`,
      `${header}.${longer}.${signature}`,
      `${header}.${other}.${sign(`${header}.${other}`, 'not-the-key')}`,
      `${b64({ alg: 'none', typ: 'JWT' })}.${claims}.${signature}`,
      `${header}.${claims}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`,
    ];
    for (const t of forged) {
      const res = await as(server, t).get(GROUPS);
      expect(res.status, t).toBe(401);
      expect(res.body).toEqual(unauthorized);
    }
    expect((await as(server, token).get(GROUPS)).status).toBe(200);
  });

  it("expires on the engine clock: valid a second before `expires`, 401 at it (with the user's counters, not counted)", async () => {
    const { server, token, http } = await setup();
    expect((await http.get(GROUPS)).body.apiUsage).toBe(1);
    await advance(server, '23h59m59s');
    expect((await http.get(GROUPS)).status).toBe(200);
    await advance(server, '1s');
    const expired = await http.get(GROUPS);
    expect(expired.status).toBe(401);
    // Two calls in total, one of them today (the second day began at midnight UTC).
    expect(expired.body).toEqual({ ...unauthorized, apiUsage: 2, apiDailyUsage: 1 });
    expect((await as(server, token).get(`${GROUPS}/grp-123`)).body).toEqual({
      success: false,
      error: 'Unauthorized access',
      apiUsage: 2,
      apiDailyUsage: 1,
    });
    // A new token works again and the count goes on.
    const fresh = await getToken(server);
    expect((await as(server, fresh).get(GROUPS)).body).toMatchObject({ success: true, apiUsage: 3, apiDailyUsage: 2 });
  });

  it('a token "issued" after now (the clock was moved back) is expired', async () => {
    const { server, http } = await setup();
    await advance(server, '-1m');
    expect((await http.get(GROUPS)).status).toBe(401);
  });

  it("the token lifetime is the tenant's settings.tokenLifetimeSeconds", async () => {
    const server = plaspyServer();
    const state = (await api(server).get('/__admin/state/plaspy')).body;
    state.settings.tokenLifetimeSeconds = 60;
    expect((await api(server).put('/__admin/state/plaspy').send(state)).status).toBe(200);
    const res = await api(server).post(TOKEN_URL).send(DEMO);
    expect(res.body.expires).toBe('2026-03-01T09:01:00Z');
    await advance(server, '60s');
    expect((await as(server, res.body.token).get(GROUPS)).status).toBe(401);
  });

  it('a token of another namespace is unknown here, and a reset forgets every token', async () => {
    const server = plaspyServer();
    const token = await getToken(server, DEMO, 'ns-a');
    expect((await as(server, token, 'ns-a').get(GROUPS)).status).toBe(200);
    expect((await as(server, token, 'ns-b').get(GROUPS)).body).toEqual(unauthorized);
    expect((await api(server).post('/__admin/reset?namespace=ns-a')).status).toBeLessThan(300);
    expect((await as(server, token, 'ns-a').get(GROUPS)).status).toBe(401);
  });
});
