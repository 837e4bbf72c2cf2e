/**
 * The OAuth token when the clock moves backwards: a token "issued" after the new now is not the
 * live token any more — the next token call issues a fresh one with the full hour, so `expires_in`
 * is always what the token really has left (0–3600, as the spec says).
 */
import { describe, expect, it } from 'vitest';
import { api } from '../../helpers.js';
import { TOKEN_URL, basic, getToken, tsServer } from './thingspace-client.js';

describe('thingspace OAuth token and a clock moved backwards', () => {
  it('issues a new one-hour token instead of one with more than an hour left', async () => {
    const server = tsServer();
    const first = await getToken(server);
    await api(server).post('/__admin/clock').send({ advance: '-10m' });
    const res = await api(server)
      .post(TOKEN_URL)
      .set('Authorization', basic('demo-app-key', 'demo-app-secret'))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(200);
    expect(res.body.expires_in).toBe(3600);
    expect(res.body.access_token).not.toBe(first);
    // the new token is the live one from now on, counting down
    await api(server).post('/__admin/clock').send({ advance: '15m' });
    const again = await api(server)
      .post(TOKEN_URL)
      .set('Authorization', basic('demo-app-key', 'demo-app-secret'))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(again.body).toMatchObject({ access_token: res.body.access_token, expires_in: 2700 });
  });
});
