/**
 * Nothing is taken that cannot work (issue 21, item 12). WireMock's matcher words in fault rules and
 * journal matchers do what WireMock does — `equalTo` (`caseInsensitive`), `contains`,
 * `doesNotContain`, `matches`, `doesNotMatch`, `absent` — and what could never match is refused with
 * the forms that can: WireMock's other words, an object for a header, a journal matcher on a value
 * the journal masks. A `--fixtures` folder with a misnamed file (`kazo.json`) does not start.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allApis } from '../../../src/apis/index.js';
import { createMockServer } from '../../../src/engine/app.js';
import { api, moduleNamed, testServer } from '../../helpers.js';

const GROUP = '/kazoo/v2/accounts/de000000000000000000000000000001/groups/f0000000000000000000000000000001';

async function fires(match: object, headers: Record<string, string>, body?: object): Promise<boolean> {
  const server = testServer({ apis: [moduleNamed('kazoo')] });
  const rule = await api(server)
    .post('/__admin/faults')
    .send({ api: 'kazoo', match, action: { respond: { status: 500 } } });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
  const req = body ? api(server).post(GROUP).send(body) : api(server).get(GROUP);
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  return (await req).status === 500;
}

describe("fault rules take WireMock's matcher words", () => {
  it('equalTo (caseInsensitive), contains, doesNotContain, matches, doesNotMatch, absent', async () => {
    expect(await fires({ headers: { 'X-Auth-Token': { equalTo: 'abc' } } }, { 'X-Auth-Token': 'abc' })).toBe(true);
    expect(await fires({ headers: { 'X-Auth-Token': { equalTo: 'abc' } } }, { 'X-Auth-Token': 'abcd' })).toBe(false);
    expect(
      await fires(
        { headers: { 'X-Auth-Token': { equalTo: 'ABC', caseInsensitive: true } } },
        { 'X-Auth-Token': 'abc' },
      ),
    ).toBe(true);
    expect(
      await fires({ headers: { 'User-Agent': { contains: 'okhttp' } } }, { 'User-Agent': 'Android okhttp/4.12.0' }),
    ).toBe(true);
    expect(
      await fires(
        { headers: { 'User-Agent': { contains: 'OKHTTP', caseInsensitive: true } } },
        { 'User-Agent': 'okhttp/4.12.0' },
      ),
    ).toBe(true);
    expect(await fires({ headers: { 'User-Agent': { contains: 'okhttp' } } }, { 'User-Agent': 'curl/8' })).toBe(false);
    expect(await fires({ headers: { 'User-Agent': { doesNotContain: 'okhttp' } } }, { 'User-Agent': 'curl/8' })).toBe(
      true,
    );
    expect(await fires({ headers: { 'User-Agent': { doesNotMatch: '^curl/' } } }, { 'User-Agent': 'curl/8' })).toBe(
      false,
    );
    expect(await fires({ headers: { 'User-Agent': { matches: '^curl/' } } }, { 'User-Agent': 'curl/8' })).toBe(true);
    expect(await fires({ headers: { 'X-Auth-Token': { absent: true } } }, {})).toBe(true);
    expect(
      await fires(
        { body: { 'data.name': { contains: 'Night' } } },
        { 'Content-Type': 'application/json' },
        { data: { name: 'Night shift' } },
      ),
    ).toBe(true);
    expect(
      await fires(
        { body: { data: { equalTo: { name: 'Night shift' } } } },
        { 'Content-Type': 'application/json' },
        { data: { name: 'Night shift' } },
      ),
    ).toBe(true);
  });

  it('refuses what could never match, listing the forms that can', async () => {
    const server = testServer();
    for (const [match, message] of [
      [
        { headers: { 'X-Auth-Token': { equalToJson: '{}' } } },
        'match.headers.X-Auth-Token: equalToJson is a WireMock matcher this mock does not take',
      ],
      [
        { headers: { 'X-Auth-Token': { token: 'abc' } } },
        'match.headers.X-Auth-Token: an object never equals a header, which is text',
      ],
      [{ query: { page: { size: 1 } } }, 'match.query.page: an object never equals a query parameter, which is text'],
      [
        { headers: { 'X-Auth-Token': { contains: 'a', equalTo: 'b' } } },
        'match.headers.X-Auth-Token: one matcher word at a time, not contains and equalTo',
      ],
      [
        { body: { data: { contains: 'a', name: 'b' } } },
        'match.body.data: contains takes no other field beside it (name); to match an object with such fields, use {"equalTo": {...}}',
      ],
      [{ headers: { 'X-Auth-Token': { contains: 5 } } }, '"contains" takes text as a string'],
      [{ headers: { 'X-Auth-Token': { caseInsensitive: true } } }, 'caseInsensitive goes beside equalTo or contains'],
      [{ headers: { 'User-Agent': { before: 'now' } } }, 'before is a WireMock matcher this mock does not take'],
    ] as const) {
      const res = await api(server)
        .post('/__admin/faults')
        .send({ api: 'kazoo', match, action: { respond: { status: 500 } } });
      expect(res.status, JSON.stringify(match)).toBe(400);
      expect(res.body.error).toContain(message);
      expect(res.body.problems).toEqual(
        expect.arrayContaining([
          '{"contains": "text"}',
          '{"equalTo": value} (with "caseInsensitive": true for text)',
          '"/regex/flags"',
        ]),
      );
    }
    expect((await api(server).get('/__admin/faults')).body.faults).toEqual([]);
  });
});

describe('journal matchers', () => {
  it('take the same words; one on a value the journal masks can only ask whether it was sent', async () => {
    const server = testServer();
    await api(server).get(GROUP).set('X-Auth-Token', 'abc').set('User-Agent', 'okhttp/4.12.0');
    const count = (m: object) => api(server).post('/__admin/requests/count').send(m);
    expect((await count({ headers: { 'User-Agent': { contains: 'okhttp' } } })).body).toEqual({ count: 1 });
    expect((await count({ headers: { 'X-Auth-Token': '***' } })).body).toEqual({ count: 1 });
    expect((await count({ headers: { 'X-Auth-Token': { present: true } } })).body).toEqual({ count: 1 });
    for (const m of [
      { headers: { 'X-Auth-Token': 'abc' } },
      { headers: { 'X-Auth-Token': { equalTo: 'abc' } } },
      { query: { auth_token: '/^a/' } },
      { body: { 'data.credentials': 'x' } },
    ]) {
      const res = await count(m);
      expect(res.status, JSON.stringify(m)).toBe(400);
      expect(res.body.error).toMatch(/the journal keeps the .* masked as "\*\*\*", so this matcher can never match it/);
      expect(res.body.problems).toContain('"***" (sent)');
    }
    const wrong = await count({ headers: { 'User-Agent': { equalToXml: '<a/>' } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('headers.User-Agent: equalToXml is a WireMock matcher this mock does not take');
  });
});

describe('--fixtures', () => {
  const kazooFixture = readFileSync(moduleNamed('kazoo').fixtureFile, 'utf8');
  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'groups-mock-fixtures-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };

  it('a misnamed file stops start-up, saying which names a fixture may have', () => {
    const dir = folder({ 'kazo.json': kazooFixture });
    expect(() => createMockServer({ apis: allApis, fixturesDir: dir })).toThrow(
      `${dir}: kazo.json names no API (did you mean kazoo.json?). A fixtures folder holds <api>.json files, one per API to replace: ${allApis.map((a) => `${a.name}.json`).join(', ')}`,
    );
    for (const name of ['Kazoo.json', 'kazoo.yaml', 'kazoo', 'groups.json']) {
      expect(
        () => createMockServer({ apis: allApis, fixturesDir: folder({ 'kazoo.json': kazooFixture, [name]: '{}' }) }),
        name,
      ).toThrow(`${name} names no API`);
    }
  });

  it('a folder with no fixture of the APIs served is refused; other files are left alone; a fixture of an API not served (--api) is fine', () => {
    const dir = folder({ 'README.md': '# tenants' });
    expect(() => createMockServer({ apis: [moduleNamed('kazoo')], fixturesDir: dir })).toThrow(
      'none of kazoo.json is there, so the built-in demo tenants would be served',
    );
    const both = folder({
      'kazoo.json': kazooFixture,
      'thingspace.json': readFileSync(moduleNamed('thingspace').fixtureFile, 'utf8'),
      'README.md': '# tenants',
    });
    expect(() =>
      createMockServer({ apis: [moduleNamed('kazoo')], fixturesDir: both, fixtureNames: allApis.map((a) => a.name) }),
    ).not.toThrow();
    expect(() => createMockServer({ apis: [moduleNamed('kazoo')], fixturesDir: both })).toThrow(
      'thingspace.json names no API',
    );
  });
});
