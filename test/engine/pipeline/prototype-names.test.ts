/**
 * Names clients choose (example names, Prefer codes) are looked up as the spec's own names only:
 * `toString`, `constructor`, `__proto__` are Object.prototype members, not examples — refused with
 * the list of what exists, never a 500.
 */
import { describe, expect, it } from 'vitest';
import { api, testServer } from '../../helpers.js';
import { SALES, groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';

const NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty'];

describe('names of Object.prototype members', () => {
  it('a respond rule naming one as its example is refused, for an operation or the whole API', async () => {
    const server = testServer();
    for (const example of NAMES) {
      for (const rule of [
        { api: 'kazoo', operationId: 'getGroup', action: { respond: { status: 404, example } } },
        { api: 'kazoo', action: { respond: { status: 500, example } } },
      ]) {
        const res = await api(server).post('/__admin/faults').send(rule);
        expect(res.status, JSON.stringify(rule)).toBe(400);
        expect(res.body.error).toMatch(new RegExp(`no example "${example}"`));
      }
    }
  });

  it('Prefer: example= or code= naming one answers the documented 400 listing what exists', async () => {
    const server = testServer();
    const token = await login(server);
    for (const pref of [
      ...NAMES.map((n) => `example=${n}`),
      ...NAMES.map((n) => `code=${n}`),
      'code=404, example=toString',
    ]) {
      const res = await api(server).get(`${groupsUrl()}/${SALES}`).set('X-Auth-Token', token).set('Prefer', pref);
      expect(res.status, pref).toBe(400);
      expect(res.body.message, pref).toBe('invalid_prefer_header');
    }
  });
});
