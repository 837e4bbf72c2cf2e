/**
 * The JUnit report is well-formed XML whatever the requests held: the five special characters are
 * escaped (and read back as they were sent), and characters XML cannot carry at all — C0 controls,
 * U+FFFE, U+FFFF, unpaired surrogates — are dropped.
 */
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../src/engine/qa/journal/entry.js';
import { toJUnit } from '../../../src/engine/qa/journal/junit.js';
import { api, testServer } from '../../helpers.js';
import { groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';
import { findAll, parseXml } from './xml.js';

/** Any character outside XML 1.0's `Char` production. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe('JUnit report: escaping', () => {
  it('& < > " \' in a path, a query and a body value reach the report and read back unchanged', async () => {
    const server = testServer();
    const token = await login(server);
    const name = `Tom & Jerry's <"best"> ${'x'.repeat(130)}`;
    await api(server).put(groupsUrl()).set('X-Auth-Token', token).send({ data: { name } });
    await api(server).get("/kazoo/v2/it's?a=1&b=2");
    const text = (await api(server).get('/__admin/requests/violations?format=junit')).text;
    expect(text).not.toMatch(NOT_XML_CHAR);
    const [tooLong, unknown] = findAll(parseXml(text), 'testcase');
    expect(findAll(tooLong!, 'failure')[0]!.text).toContain(`(value: ${JSON.stringify(name)})`);
    expect(unknown!.attrs.name).toMatch(/^#\d+ GET \/kazoo\/v2\/it's\?a=1&b=2 → 404$/);
    expect(findAll(unknown!, 'failure')[0]!.attrs.message).toBe("request: path GET /v2/it's is not a path of the spec");
  });
});

describe('JUnit report: characters XML cannot carry', () => {
  const entry = (message: string, key: string): JournalEntry => ({
    seq: 1,
    time: '2026-03-01T09:00:00.000Z',
    epochMs: 0,
    namespace: 'default',
    api: 'kazoo',
    operationId: 'createGroup',
    method: 'PUT',
    path: '/v2/x',
    url: '/kazoo/v2/x',
    query: {},
    headers: {},
    body: null,
    response: { status: 400, headers: {}, body: null },
    validation: {
      request: {
        checked: true,
        valid: false,
        issues: [{ in: 'body', path: ['data', key], keyword: 'type', message, params: {} }],
      },
      response: { checked: true, valid: true, issues: [] },
    },
    faults: [],
  });

  it('drops C0 controls (but tab, newline, CR), U+FFFE, U+FFFF and unpaired surrogates; keeps astral characters', () => {
    const message = 'a\u0000b\u0001c\u0008d\u000Be\u001Ff\uFFFEg\uFFFFh\uD800i\uDFFFj\uDBFF';
    const key = '\uDC00k\u{1F600}\tl';
    const xml = toJUnit([entry(message, key)]);
    expect(xml).not.toMatch(NOT_XML_CHAR);
    const failure = findAll(parseXml(xml), 'failure')[0]!;
    expect(failure.attrs.message).toBe('request: body.data.k\u{1F600}\tl abcdefghij');
    expect(failure.text).toContain('request body.data.k\u{1F600}\tl: abcdefghij [type]');
  });
});
