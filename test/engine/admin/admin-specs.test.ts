/** `/__admin/specs`: each served spec, as JSON or YAML, with the mock's own base URL first in `servers`. */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { allApis } from '../../../src/apis/index.js';
import { api, testServer } from '../../helpers.js';

describe('/__admin/specs', () => {
  it('lists every API with its spec URL and base URL', async () => {
    const server = testServer();
    const res = await api(server).get('/__admin/specs').set('Host', 'localhost:4010');
    expect(res.status).toBe(200);
    expect(res.body.specs.map((s: { api: string }) => s.api)).toEqual(allApis.map((a) => a.name));
    expect(res.body.specs[0]).toMatchObject({
      url: `http://localhost:4010/__admin/specs/${allApis[0]!.name}`,
      baseUrl: `http://localhost:4010/${allApis[0]!.name}`,
    });
  });

  it.each(allApis.map((a) => a.name))(
    '%s: JSON by default, YAML by Accept or ?format=, the mock first in servers',
    async (name) => {
      const server = testServer();
      const json = await api(server).get(`/__admin/specs/${name}`).set('Host', '127.0.0.1:4321');
      expect(json.status).toBe(200);
      expect(json.type).toBe('application/json');
      expect(json.body.openapi).toMatch(/^3\.1/);
      expect(json.body.servers[0]).toEqual({
        url: `http://127.0.0.1:4321/${name}`,
        description: 'this groups-mock server',
      });
      const yaml = await api(server).get(`/__admin/specs/${name}`).set('Accept', 'application/yaml');
      expect(yaml.type).toBe('application/yaml');
      expect(parse(yaml.text).paths).toEqual(json.body.paths);
      expect((await api(server).get(`/__admin/specs/${name}?format=yaml`)).type).toBe('application/yaml');
    },
  );

  it('an unknown API is a 404 naming the known ones; a bad format a 400', async () => {
    const server = testServer();
    const res = await api(server).get('/__admin/specs/__proto__');
    expect(res.status).toBe(404);
    expect(res.body.problems[0]).toContain('known apis: ');
    expect((await api(server).get('/__admin/specs/kazoo?format=xml')).status).toBe(400);
  });
});
