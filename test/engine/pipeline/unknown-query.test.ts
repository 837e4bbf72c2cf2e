/**
 * Query parameters an operation does not take: accepted by default (a cache-buster must not break a
 * working client), ignored, and reported as warnings — in the journal, the violations report, the
 * JUnit export and the request log — while the parameters the operation does take are still checked;
 * refused in the vendor's words when the server is strict (`--strict`, `GROUPS_MOCK_STRICT`, config).
 */
import { PassThrough } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFlags, UsageError } from '../../../src/cli/flags.js';
import { requestLogger } from '../../../src/cli/request-log.js';
import { checkRequest } from '../../../src/engine/spec/check-request.js';
import { compileSpec } from '../../../src/engine/spec/compiled.js';
import type { ServedLine } from '../../../src/engine/runtime.js';
import { as, boldError, boldServer, GROUPS, setup, ADMIN } from '../../apis/bold/bold-client.js';
import { api, everything, moduleNamed, testServer } from '../../helpers.js';
import { groupsUrl, login } from '../../apis/kazoo/kazoo-client.js';
import { findAll, parseXml } from '../qa/xml.js';

const ids = (body: Array<{ id: number }>) => body.map((g) => g.id);

describe('unknown query parameters, by default', () => {
  it('are accepted and ignored: the answer is the one without them, reserved characters of the others kept as sent', async () => {
    const { server, http } = setup();
    const plain = await http.get(`${GROUPS}?search=off*&size=2`);
    const busted = await http.get(`${GROUPS}?_=1718000000000&search=off*&utm_source=mail&size=2`);
    expect(busted.status).toBe(200);
    expect(ids(busted.body)).toEqual(ids(plain.body));
    expect(ids(busted.body)).toHaveLength(2);
    const [entry] = (await api(server).get('/__admin/requests?limit=1')).body.requests;
    expect(entry.query).toEqual({ _: '1718000000000', search: 'off*', utm_source: 'mail', size: '2' });
    expect(entry.validation.request).toEqual({ checked: true, valid: true, issues: [] });
    expect(entry.validation.warnings).toEqual([
      {
        in: 'query',
        path: ['_'],
        keyword: 'unknownParameter',
        message: 'is not a parameter of listDeviceGroups: accepted and ignored (--strict refuses it)',
        params: {},
        value: '1718000000000',
      },
      expect.objectContaining({ path: ['utm_source'], value: 'mail' }),
    ]);
  });

  it('do not hide the others: a bad known parameter beside an unknown one is still refused, naming it', async () => {
    const { server, http } = setup();
    const res = await http.get(`${GROUPS}?_=1&size=101`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(boldError('InvalidRequest', 'Invalid request: query parameter size must be at most 100'));
    const [entry] = (await api(server).get('/__admin/requests?limit=1')).body.requests;
    expect(entry.validation.request.valid).toBe(false);
    expect(entry.validation.warnings).toEqual([expect.objectContaining({ path: ['_'] })]);
  });

  it('are warnings in the violations report and the JUnit export, never violations or failures', async () => {
    const { server, http } = setup();
    await http.get(`${GROUPS}?_=1`);
    await http.get(`${GROUPS}?_=2&size=0`);
    await http.get(GROUPS);
    const report = (await api(server).get('/__admin/requests/violations')).body;
    expect(report.count).toBe(1);
    expect(report.violations[0]).toMatchObject({
      url: '/bold/v1/device-groups?_=2&size=0',
      status: 400,
      warnings: [expect.objectContaining({ path: ['_'] })],
    });
    expect(report.warningCount).toBe(2);
    expect(report.warnings.map((w: { url: string }) => w.url)).toEqual([
      '/bold/v1/device-groups?_=1',
      '/bold/v1/device-groups?_=2&size=0',
    ]);
    expect((await api(server).post('/__admin/requests/count').send({ warnings: true })).body.count).toBe(2);
    expect((await api(server).post('/__admin/requests/count').send({ warnings: false })).body.count).toBe(1);
    expect((await api(server).post('/__admin/requests/count').send({ warnings: 'yes' })).body).toMatchObject({
      error: 'warnings must be true or false',
    });
    const xml = parseXml((await api(server).get('/__admin/requests/violations?format=junit')).text);
    expect(findAll(xml, 'testsuites')[0]!.attrs).toMatchObject({ tests: '2', failures: '1' });
    const [warned, failed] = findAll(xml, 'testcase');
    expect(findAll(warned!, 'failure')).toEqual([]);
    expect(findAll(warned!, 'system-out')[0]!.text).toBe(
      'warning: query._ is not a parameter of listDeviceGroups: accepted and ignored (--strict refuses it) (value: "1")',
    );
    expect(findAll(failed!, 'failure')).toHaveLength(1);
    expect(findAll(failed!, 'system-out')[0]!.text).toContain('warning: query._');
  });

  it('named like a credential: the value is masked everywhere the admin API shows it', async () => {
    const { server, http } = setup();
    expect((await http.get(`${GROUPS}?api_key=sk-live-0123456789abcdef`)).status).toBe(200);
    const shown = await everything(server);
    expect(shown).toContain('api_key');
    expect(shown).not.toContain('sk-live-0123456789abcdef');
  });

  it('hostile names (__proto__, constructor) are plain names: accepted, warned about, nothing polluted', async () => {
    const { server, http } = setup();
    const res = await http.get(`${GROUPS}?__proto__=1&constructor=2&size=1`);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toHaveLength(1);
    expect(({} as Record<string, unknown>)['1']).toBeUndefined();
    const [entry] = (await api(server).get('/__admin/requests?limit=1')).body.requests;
    expect(entry.validation.warnings.map((w: { path: string[] }) => w.path[0])).toEqual(['__proto__', 'constructor']);
  });

  it("an operation that takes any query name (Kazoo's filter_*) warns about none", async () => {
    const server = testServer({ apis: [moduleNamed('kazoo')] });
    const res = await api(server)
      .get(`${groupsUrl()}?filter_name=Sales`)
      .set('X-Auth-Token', await login(server));
    expect(res.status).toBe(200);
    const [entry] = (await api(server).get('/__admin/requests?operationId=listGroups')).body.requests;
    expect(entry.validation.warnings).toEqual([]);
    expect((await api(server).get('/__admin/requests/violations')).body.warningCount).toBe(0);
  });
});

describe('setting them aside in the request check', () => {
  it('warns of each unknown name, types the known ones, and changes nothing of the record it was given', () => {
    const bold = moduleNamed('bold');
    const compiled = compileSpec(bold.specFile, bold.name);
    const found = compiled.spec.find('GET', '/v1/device-groups');
    const query = Object.freeze({ _: '1', search: 'off*', 'utm tag': 'x', size: '2' });
    const record = Object.freeze({
      method: 'GET',
      path: '/v1/device-groups',
      params: found.params,
      query,
      headers: {},
    });
    const result = checkRequest({ op: found.op!, ...compiled }, record);
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => w.path[0])).toEqual(['_', 'utm tag']);
    expect(result.query).toEqual({ search: 'off*', size: 2 });
    expect(record.query).toEqual({ _: '1', search: 'off*', 'utm tag': 'x', size: '2' });
    const strict = checkRequest({ op: found.op!, ...compiled }, record, { strict: true });
    expect(strict.warnings).toEqual([]);
    expect(strict.issues.map((i) => i.message)).toEqual(["Unknown query parameter '_'"]);
  });

  it('a request refused before validation (no credentials) still has its warning journaled', async () => {
    const server = boldServer();
    expect((await api(server).get(`${GROUPS}?_=1`)).status).toBe(401);
    const [entry] = (await api(server).get('/__admin/requests?limit=1')).body.requests;
    expect(entry.validation.warnings).toEqual([expect.objectContaining({ path: ['_'] })]);
  });
});

describe('unknown query parameters, strict', () => {
  it("are refused in the vendor's words, naming the parameter; the journal has the violation, no warning", async () => {
    const server = testServer({ apis: [moduleNamed('bold')], strict: true });
    const res = await as(server, ADMIN).get(`${GROUPS}?_=1`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(boldError('InvalidRequest', 'Invalid request: query parameter _ is not allowed'));
    const report = (await api(server).get('/__admin/requests/violations')).body;
    expect(report).toMatchObject({ count: 1, warningCount: 0 });
  });

  it('leaves requests without unknown parameters alone', async () => {
    const lenient = boldServer();
    const strict = testServer({ apis: [moduleNamed('bold')], strict: true });
    const a = await as(lenient, ADMIN).get(`${GROUPS}?search=off*`);
    const b = await as(strict, ADMIN).get(`${GROUPS}?search=off*`);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
  });
});

describe('the request log and the --strict option', () => {
  const line: ServedLine = {
    api: 'bold',
    namespace: 'default',
    method: 'GET',
    path: '/bold/v1/device-groups',
    query: {},
    operationId: 'listDeviceGroups',
    status: 200,
    ms: 1.5,
    requestViolations: 0,
    responseViolations: 0,
    requestWarnings: 2,
    unknownQuery: ['_', 'x'.repeat(60)],
    aborted: false,
  };

  it('pretty: the warnings and the names (quoted, bounded); json: the same fields', () => {
    const out = new PassThrough();
    requestLogger('info', 'pretty', out)!(line);
    expect(String(out.read())).toContain(`warnings=2 (accepted, not in the spec: query "_", "${'x'.repeat(40)}…")`);
    const json = new PassThrough();
    requestLogger('info', 'json', json)!(line);
    expect(JSON.parse(String(json.read()))).toMatchObject({ requestWarnings: 2, unknownQuery: ['_', 'x'.repeat(60)] });
  });

  it('pretty: a body of an undeclared type read as JSON (Kazoo) is named beside the query names', () => {
    const out = new PassThrough();
    requestLogger('info', 'pretty', out)!({
      ...line,
      requestWarnings: 2,
      unknownQuery: ['_'],
      bodyReadAsJson: 'text/plain',
    });
    expect(String(out.read())).toContain(
      'warnings=2 (accepted, not in the spec: query "_"; content-type "text/plain" read as JSON)',
    );
  });

  it('--strict, --strict=false, GROUPS_MOCK_STRICT and the config file key; false by default', () => {
    expect(resolveFlags([], {}).strict).toBe(false);
    expect(resolveFlags(['--strict'], {}).strict).toBe(true);
    expect(resolveFlags(['--strict', '--port', '0'], {})).toMatchObject({ strict: true, port: 0 });
    expect(resolveFlags(['--strict=false'], { GROUPS_MOCK_STRICT: '1' }).strict).toBe(false);
    expect(resolveFlags([], { GROUPS_MOCK_STRICT: '1' }).strict).toBe(true);
    expect(resolveFlags([], { GROUPS_MOCK_STRICT: 'true' }).strict).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'gm-strict-'));
    writeFileSync(join(dir, 'c.json'), '{"strict": true}');
    expect(resolveFlags(['--config', join(dir, 'c.json')], {}).strict).toBe(true);
    expect(() => resolveFlags([], { GROUPS_MOCK_STRICT: 'yes please' })).toThrow(
      new UsageError('GROUPS_MOCK_STRICT must be true or false (1 or 0), not "yes please"'),
    );
    expect(() => resolveFlags(['--strict', 'on'], {})).toThrow(UsageError);
  });
});
