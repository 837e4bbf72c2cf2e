/**
 * What the journal keeps of a large body (a marker with its size, not the body), and matchers that
 * look only at what a request really had (no Object.prototype members).
 */
import { describe, expect, it } from 'vitest';
import { MAX_JOURNAL_BODY_BYTES } from '../../../src/engine/qa/journal/masking.js';
import { api, testServer } from '../../helpers.js';
import { groupsUrl } from '../../apis/kazoo/kazoo-client.js';

describe('journal: body size', () => {
  it('a body over 64 KiB of JSON is stored as {truncated, bytes}; a smaller one as it is', async () => {
    const server = testServer();
    const big = { data: { name: 'big', notes: 'y'.repeat(70_000) } };
    const bytes = Buffer.byteLength(JSON.stringify(big));
    await api(server).put(groupsUrl()).send(big);
    await api(server).post('/kazoo/v2/nowhere').send(big);
    await api(server)
      .post('/kazoo/v2/nowhere')
      .send({ data: { name: 'small' } });
    const [op, unknown, small] = (await api(server).get('/__admin/requests')).body.requests;
    expect(MAX_JOURNAL_BODY_BYTES).toBe(65_536);
    expect(op.body).toEqual({ truncated: true, bytes });
    expect(unknown.body).toEqual({ truncated: true, bytes });
    expect(small.body).toEqual({ data: { name: 'small' } });
  });
});

describe('journal: the count matcher', () => {
  it('a query parameter named like an Object.prototype member is present only when sent', async () => {
    const server = testServer();
    await api(server).get(`${groupsUrl()}?page_size=2`);
    await api(server).get(`${groupsUrl()}?toString=1`);
    const count = async (m: object) => (await api(server).post('/__admin/requests/count').send(m)).body.count;
    expect(await count({ query: { toString: { present: true } } })).toBe(1);
    expect(await count({ query: { constructor: { present: true } } })).toBe(0);
    expect(await count({ query: { constructor: { absent: true } } })).toBe(2);
  });
});
