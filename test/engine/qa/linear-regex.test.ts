/**
 * Regular expressions from clients (fault-rule matchers, journal filters) cannot freeze the server:
 * they run on RE2's linear-time engine, so the patterns that beat the old "nested quantifier"
 * heuristic — `^(a|aa)+$`, `^(a|a?)+$`, `^(\w|[a-z])+$` — answer at once against the values that
 * would make JavaScript's backtracking engine run for years. What RE2 cannot run in linear time
 * (backreferences, lookaround) is refused with a 400 that says why; a regex never sees more than
 * the first 4096 characters of a value.
 */
import { describe, expect, it } from 'vitest';
import { compileLinearRegex } from '../../../src/engine/qa/matching/linear-regex.js';
import { api, testServer } from '../../helpers.js';
import { SALES, groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';

const EXPONENTIAL_IN_JS = [
  '/^(a|aa)+$/',
  '/^(a|a?)+$/',
  '/^(\\w|[a-z])+$/',
  '/^(a+)+$/',
  { matches: '(a*)*b' },
  '/^(\\w+\\s?)*$/',
];
const REFUSED: Array<[unknown, RegExp]> = [
  ['/(a)\\1/', /backreferences are not supported/],
  ['/(?<n>a)\\k<n>/', /backreferences are not supported/],
  ['/^(?=a)/', /lookahead and lookbehind are not supported/],
  ['/(?<!a)b/', /lookahead and lookbehind are not supported/],
  ['/[z-a]/', /invalid character class range/],
];

const rule = (matcher: unknown, status = 404) => ({
  api: 'kazoo',
  operationId: 'getGroup',
  match: { headers: { 'X-Client': matcher } },
  action: { respond: { status } },
});

describe('client regexes run in linear time', () => {
  it('unit: the heuristic-beating patterns decide a long adversarial value at once, with JS flags', () => {
    for (const source of ['^(a|aa)+$', '^(a|a?)+$', '^(\\w|[a-z])+$']) {
      const test = compileLinearRegex(source, '', 'x');
      expect(test(`${'a'.repeat(4000)}!`), source).toBe(false);
      expect(test('aaaa'), source).toBe(true);
    }
    expect(compileLinearRegex('^bearer ', 'i', 'x')('Bearer abc')).toBe(true);
    expect(compileLinearRegex('a.b', 's', 'x')('a\nb')).toBe(true);
    expect(compileLinearRegex('^b$', 'm', 'x')('a\nb')).toBe(true);
    expect(() => compileLinearRegex('a', 'q', 'where')).toThrow(/where: unknown regular expression flag "q"/);
  });

  it('a fault rule with such a pattern is accepted, and a request with a 50-character header is answered normally', async () => {
    const server = testServer();
    for (const matcher of EXPONENTIAL_IN_JS)
      expect((await api(server).post('/__admin/faults').send(rule(matcher))).status, JSON.stringify(matcher)).toBe(201);
    const token = await login(server);
    // Each pattern fails on this value (the trailing '!'); JavaScript's engine would backtrack 2^50 times.
    const res = await api(server)
      .get(`${groupsUrl()}/${SALES}`)
      .set('X-Auth-Token', token)
      .set('X-Client', `${'a'.repeat(50)}!`);
    expect(res.status).toBe(200);
    expect((await api(server).get(`${groupsUrl()}/${SALES}`).set('X-Client', 'aaaa')).status).toBe(404);
  });

  it('what RE2 cannot run in linear time is refused, saying why, in rules and journal queries', async () => {
    const server = testServer();
    for (const [matcher, why] of REFUSED) {
      const res = await api(server).post('/__admin/faults').send(rule(matcher));
      expect(res.status, JSON.stringify(matcher)).toBe(400);
      expect(res.body.error, JSON.stringify(matcher)).toMatch(
        /match\.headers\.X-Client: regular expression not accepted/,
      );
      expect(res.body.error, JSON.stringify(matcher)).toMatch(why);
    }
    const listed = await api(server).get(`/__admin/requests?pathPattern=${encodeURIComponent('(a)\\1')}`);
    expect(listed.status).toBe(400);
    expect(listed.body.error).toMatch(/pathPattern: regular expression not accepted: backreferences/);
    for (const m of [
      { pathPattern: '(?=x)' },
      { headers: { 'x-a': { matches: '(a)\\1' } } },
      { body: { name: '/(?!a)/' } },
    ]) {
      const res = await api(server).post('/__admin/requests/count').send(m);
      expect(res.status, JSON.stringify(m)).toBe(400);
      expect(res.body.error).toMatch(/regular expression not accepted/);
    }
    // The once-refused nested quantifiers are fine as journal filters too.
    expect((await api(server).get(`/__admin/requests?pathPattern=${encodeURIComponent('^(a+)+$')}`)).status).toBe(200);
  });
});

describe('a regex sees at most the first 4096 characters of a value', () => {
  it('a match that needs more than 4096 characters does not happen', async () => {
    const server = testServer();
    expect((await api(server).post('/__admin/faults').send(rule('/^a/'))).status).toBe(201);
    expect((await api(server).post('/__admin/faults').send(rule('/b/', 403))).status).toBe(201);
    // The 'b' is character 4097: the later, more specific rule does not see it.
    const res = await api(server)
      .get(`${groupsUrl()}/${SALES}`)
      .set('X-Client', `${'a'.repeat(4096)}b`);
    expect(res.status).toBe(404);
    expect(
      (
        await api(server)
          .get(`${groupsUrl()}/${SALES}`)
          .set('X-Client', `${'a'.repeat(4095)}b`)
      ).status,
    ).toBe(403);
  });
});
