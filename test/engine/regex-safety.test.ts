/**
 * Regular expressions from clients (fault-rule matchers, journal filters) cannot freeze the server:
 * those that can backtrack exponentially — a quantified group that itself holds a quantifier, a
 * backreference — are refused with a 400 that says why, and a regex never sees more than the first
 * 4096 characters of a value.
 */
import { describe, expect, it } from 'vitest';
import { api, testServer } from '../helpers.js';
import { SALES, groupsUrl } from '../kazoo/kazoo-client.js';

const UNSAFE: unknown[] = ['/^(a+)+$/', { matches: '(a*)*b' }, '/(\\w+\\s?)*$/', '/^(?:x+y?)+$/i', '/(a|b+){2,}/', '/(a)\\1/', '/(?<n>a)\\k<n>/'];
const SAFE = ['/^mobile-/i', '/^(ab)+$/', '/[a+]+/', '/\\(a+\\)+/', '/^a+b*$/', '/(a|b)+c*/'];

const rule = (matcher: unknown) => ({ api: 'kazoo', operationId: 'getGroup', match: { headers: { 'X-Client': matcher } }, action: { respond: { status: 404 } } });

describe('unsafe regular expressions are refused', () => {
  it('in a fault rule matcher', async () => {
    const server = testServer();
    for (const matcher of UNSAFE) {
      const res = await api(server).post('/__admin/faults').send(rule(matcher));
      expect(res.status, JSON.stringify(matcher)).toBe(400);
      expect(res.body.error, JSON.stringify(matcher)).toMatch(/match\.headers\.X-Client: unsafe regular expression \(.+\): it can take exponential time/);
    }
    for (const matcher of SAFE) expect((await api(server).post('/__admin/faults').send(rule(matcher))).status, matcher).toBe(201);
  });

  it('in a journal filter and a count matcher (pathPattern, headers)', async () => {
    const server = testServer();
    const listed = await api(server).get(`/__admin/requests?pathPattern=${encodeURIComponent('^(a+)+$')}`);
    expect(listed.status).toBe(400);
    expect(listed.body.error).toMatch(/pathPattern: unsafe regular expression/);
    for (const m of [{ pathPattern: '(a*)*$' }, { headers: { 'x-a': { matches: '(.*a){3,}' } } }, { body: { name: '/(a)\\1/' } }]) {
      const res = await api(server).post('/__admin/requests/count').send(m);
      expect(res.status, JSON.stringify(m)).toBe(400);
      expect(res.body.error).toMatch(/unsafe regular expression/);
    }
  });
});

describe('a regex sees at most the first 4096 characters of a value', () => {
  it('a match that needs more than 4096 characters does not happen', async () => {
    const server = testServer();
    await api(server).post('/__admin/faults').send(rule('/^a{4096}/'));
    await api(server).post('/__admin/faults').send({ ...rule('/a{4097}/'), action: { respond: { status: 403 } } });
    const res = await api(server).get(`${groupsUrl()}/${SALES}`).set('X-Client', 'a'.repeat(5000));
    expect(res.status).toBe(404);
  });
});
