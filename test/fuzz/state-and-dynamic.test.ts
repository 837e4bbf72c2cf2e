/**
 * The fuzz suite's state and generated-answer half (issue 21 showed what fuzz.test.ts missed):
 * - **id reuse after delete**: seeded random sequences of issuing and giving back every id each
 *   vendor issues (test/fuzz/issuers.ts) — newest, oldest or any one deleted, the state exported
 *   and imported back between steps — never issue an id twice in a namespace, and a given-back id
 *   finds nothing;
 * - **dynamic answers**: `Prefer: code=S, dynamic=true, seed=N` for random operations, documented
 *   statuses and seeds answers S with a body that fits the spec;
 * - **documented errors in the request's words**: fault rules answering random documented examples
 *   to requests with hostile paths and bodies of every wrong shape answer exactly the status asked,
 *   in the vendor's envelope — the vendor's example renderer never throws, never breaks the spec.
 * Every reply is checked against its spec by the harness (test/setup.ts) as well.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allApis } from '../../src/apis/index.js';
import { contractApi } from '../../src/contract/api-spec.js';
import { casesFor, toWire } from '../../src/contract/cases.js';
import { moduleNamed, testServer } from '../helpers.js';
import { DEMO as KAZOO_ACCOUNT } from '../apis/kazoo/kazoo-client.js';
import { basic } from '../apis/thingspace/thingspace-client.js';
import { ISSUERS, wire } from './issuers.js';
import { LOGINS } from './logins.js';

const SEED = 20260321;

type Step = { op: 'issue' } | { op: 'retire'; which: 'newest' | 'oldest' | number } | { op: 'reimport' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ op: 'issue' as const }) },
  {
    weight: 4,
    arbitrary: fc
      .oneof(fc.constantFrom('newest' as const, 'oldest' as const), fc.nat())
      .map((which) => ({ op: 'retire' as const, which })),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'reimport' as const }) },
);

describe.each(Object.entries(ISSUERS).flatMap(([name, issuers]) => issuers.map((i) => [i.label, name, i] as const)))(
  'fuzz: %s are never reissued',
  (_label, name, issuer) => {
    it('random sequences of issue and give back (newest, oldest, any), with export/import round trips between', async () => {
      const server = testServer({ apis: [moduleNamed(name)] });
      const w = await wire(server);
      let run = 0;
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(stepArb, { minLength: 4, maxLength: 18 }), async (steps) => {
            const namespace = `ids-${++run}`;
            const session = await issuer.open(w, server, namespace);
            const seen = new Set<string>();
            const live: string[] = [];
            const retired: string[] = [];
            for (const step of steps) {
              if (step.op === 'issue') {
                const id = await session.issue();
                if (seen.has(id)) throw new Error(`${id} issued twice (steps ${JSON.stringify(steps)})`);
                seen.add(id);
                live.push(id);
              } else if (step.op === 'retire' && live.length) {
                const i =
                  step.which === 'newest' ? live.length - 1 : step.which === 'oldest' ? 0 : step.which % live.length;
                const [id] = live.splice(i, 1);
                await session.retire(id!);
                retired.push(id!);
              } else if (step.op === 'reimport') {
                // The state as exported goes back in: its high-water marks go with it.
                const state = await w.send('GET', `/__admin/state/${name}?namespace=${namespace}`);
                const back = await w.send('PUT', `/__admin/state/${name}?namespace=${namespace}`, {}, state.text);
                if (back.status !== 200) throw new Error(`re-import refused: ${back.text}`);
              }
            }
            for (const id of retired.slice(-2))
              if (await session.finds(id)) throw new Error(`${id} finds something after it was given back`);
            return true;
          }),
          { seed: SEED, numRuns: 5 },
        );
      } finally {
        w.close();
      }
    });
  },
);

/** Path values the spec's examples cannot know, and the calls that take other credentials (as in prefer-every-response). */
const KNOWN: Record<string, Record<string, string>> = { kazoo: { ACCOUNT_ID: KAZOO_ACCOUNT } };
const OWN_CREDENTIALS: Record<string, Record<string, string>> = {
  getOAuthToken: { Authorization: basic('demo-app-key', 'demo-app-secret') },
};

describe.each(allApis.map((m) => [m.name, m] as const))(
  'fuzz: %s dynamic answers and documented errors',
  (name, mod) => {
    it('Prefer: code=S, dynamic=true, seed=N on random operations: status S, a body that fits the spec', async () => {
      const server = testServer({ apis: [mod] });
      const login = await LOGINS[name]!(server, 'dynamic');
      const capi = contractApi(mod);
      const requests = await Promise.all(
        capi.spec.operations.map(async (op) => {
          const [first] = await casesFor(capi, op, { seed: 1, maxExamples: 3, known: KNOWN[name] });
          return {
            op,
            wire: toWire(capi, first!, `/${name}`, {
              ...(OWN_CREDENTIALS[op.operationId] ?? login.headers),
              'X-Mock-Namespace': 'dynamic',
            }),
          };
        }),
      );
      const w = await wire(server);
      try {
        const arb = fc.record({ i: fc.nat(), status: fc.nat(), seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) });
        await fc.assert(
          fc.asyncProperty(arb, async ({ i, status: pick, seed }) => {
            const { op, wire: r } = requests[i % requests.length]!;
            const statuses = [...op.responses.values()].filter((x) => x.schemaPointer).map((x) => Number(x.status));
            const status = statuses[pick % statuses.length]!;
            const res = await w.send(
              r.method,
              r.url,
              { ...r.headers, Prefer: `code=${status}, dynamic=true, seed=${seed}` },
              r.body,
            );
            if (res.status !== status)
              throw new Error(
                `${op.operationId} Prefer code=${status}, seed=${seed} → ${res.status} ${res.text.slice(0, 300)}`,
              );
            return true;
          }),
          { seed: SEED, numRuns: 40 },
        );
      } finally {
        w.close();
      }
    });

    it('fault rules answer random documented examples to hostile requests: the status asked, in the envelope, never a crash', async () => {
      const server = testServer({ apis: [mod] });
      const rt = server.apis.get(name)!;
      const choices = rt.spec.operations.flatMap((op) =>
        [...op.responses].flatMap(([status, r]) =>
          Object.keys(r.examples).map((example) => ({ op, status: Number(status), example })),
        ),
      );
      const hostile = fc.constantFrom(
        '__proto__',
        'constructor',
        '0',
        '-1',
        '99999999999999999999999',
        'a%2Fb',
        '%E2%9C%93',
        'x'.repeat(300),
      );
      // JSON that parses (a body that does not is refused before any rule), in every wrong shape.
      const body = fc.oneof(
        // A JSON body is an object or an array (body-parser's strict mode): a scalar is refused before any rule.
        fc
          .oneof(
            fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
            fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
          )
          .map((v) => ({ v })),
        fc.record(
          {
            member_ids: fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { maxLength: 3 }),
            devices: fc.anything({ maxDepth: 1 }),
            devicesToAdd: fc.array(
              fc.record({ kind: fc.oneof(fc.string(), fc.integer()), id: fc.oneof(fc.string(), fc.double()) }),
              { maxLength: 2 },
            ),
            data: fc.anything({ maxDepth: 2 }),
            name: fc.anything({ maxDepth: 1 }),
          },
          { requiredKeys: [] },
        ),
      );
      const w = await wire(server);
      let n = 0;
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.nat(),
            fc.array(hostile, { minLength: 3, maxLength: 3 }),
            body,
            fc.boolean(),
            async (pick, segments, sent, withQuery) => {
              const { op, status, example } = choices[pick % choices.length]!;
              const namespace = `errors-${++n}`;
              const rule = await w.send(
                'POST',
                '/__admin/faults',
                {},
                {
                  api: name,
                  operationId: op.operationId,
                  namespace,
                  times: 1,
                  action: { respond: { status, example } },
                },
              );
              if (rule.status !== 201) throw new Error(`rule refused: ${rule.text}`);
              let k = 0;
              const path = `/${name}${op.pathTemplate.replace(/\{[^}]+\}/g, () => encodeURIComponent(segments[k++ % 3]!))}${withQuery ? '?include=x&group_type=5&page=2' : ''}`;
              const hasBody = op.method !== 'get' && op.method !== 'head';
              const res = await w.send(
                op.method.toUpperCase(),
                path,
                { 'X-Mock-Namespace': namespace },
                hasBody ? ('v' in sent ? sent.v : sent) : undefined,
              );
              if (res.status !== status)
                throw new Error(`${op.operationId} ${status} ${example} → ${res.status} ${res.text.slice(0, 300)}`);
              if (op.method !== 'head' && res.text !== '' && res.body === undefined)
                throw new Error(`${op.operationId} ${status} ${example}: not JSON: ${res.text.slice(0, 200)}`);
              return true;
            },
          ),
          { seed: SEED, numRuns: 60 },
        );
      } finally {
        w.close();
      }
      expect(n).toBeGreaterThan(0);
    });
  },
);
