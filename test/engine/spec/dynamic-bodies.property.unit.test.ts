/**
 * `Prefer: dynamic=true` must fit the spec for every seed (issue 21, item 6: Bold's device lists had
 * `deviceModel.id` 0 under `minimum: 1` for most seeds, and its error bodies made the faker throw).
 * A property over every documented response of every operation of every API — and the spec's own
 * engine responses — with random seeds: the generated body validates against the schema the send
 * stage checks it with. Rendering is called directly (no HTTP), so 50+ seeds per response stay fast;
 * test/engine/spec/prefer-every-response.test.ts drives the same through the pipeline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allApis } from '../../../src/apis/index.js';
import { plainJson } from '../../../src/engine/kit/json-codec.js';
import { compileSpec } from '../../../src/engine/spec/compiled.js';
import { renderDocumented } from '../../../src/engine/spec/render.js';
import type { ResponseDoc } from '../../../src/engine/spec/spec-index.js';

/** Seeds for each operation's success response (what `dynamic=true` answers without `code=`). */
const RUNS = 60;
/** Seeds for each of its other responses (error bodies share a few schemas per vendor). */
const OTHER_RUNS = 12;

describe.each(allApis.map((m) => [m.name, m] as const))(
  'dynamic bodies fit the spec for every seed: %s',
  (_name, mod) => {
    const { spec, schemas } = compileSpec(mod.specFile, mod.name);
    const codec = mod.json ?? plainJson;
    const lowest2xx = (rs: ResponseDoc[]) =>
      rs.filter((r) => r.status.startsWith('2')).sort((a, b) => a.status.localeCompare(b.status))[0];
    const responses: Array<[string, ResponseDoc, number]> = [
      ...spec.operations.flatMap((op) => {
        const success = lowest2xx([...op.responses.values()]);
        return [...op.responses.values()].map(
          (r) =>
            [`${op.operationId} ${r.status}`, r, r === success ? RUNS : OTHER_RUNS] as [string, ResponseDoc, number],
        );
      }),
      ...[...spec.engineResponses].map(
        ([kind, r]) => [`x-mock-responses ${kind}`, r, OTHER_RUNS] as [string, ResponseDoc, number],
      ),
    ].filter(([, r]) => r.schemaPointer);

    it('every operation has a documented body to generate (a 204 success has none)', () => {
      const withBodies = new Set(responses.map(([label]) => label.split(' ')[0]));
      for (const op of spec.operations) expect(withBodies.has(op.operationId), op.operationId).toBe(true);
    });

    it(`${RUNS} random seeds per operation's success, ${OTHER_RUNS} per other response: the body validates (and the faker never throws)`, async () => {
      const failures: string[] = [];
      for (const [label, response, numRuns] of responses) {
        await fc
          .assert(
            fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
              let body: unknown;
              try {
                body = (await renderDocumented(spec.doc, response, undefined, { dynamic: true, seed })).reply.body;
              } catch (err) {
                failures.push(`${label} seed=${seed}: the faker threw ${String(err).slice(0, 200)}`);
                return false;
              }
              const issues = schemas.check(response.schemaPointer!, codec.toPlain(body), 'response');
              if (issues.length)
                failures.push(
                  `${label} seed=${seed}: ${issues
                    .slice(0, 3)
                    .map((i) => `${i.path.join('.')} ${i.message}`)
                    .join('; ')}`,
                );
              return issues.length === 0;
            }),
            { numRuns, seed: 21_06, endOnFailure: true },
          )
          .catch(() => undefined);
      }
      expect(failures).toEqual([]);
    });

    it('the same seed gives the same body', async () => {
      for (const [, response] of responses.slice(0, 10)) {
        const a = await renderDocumented(spec.doc, response, undefined, { dynamic: true, seed: 7 });
        const b = await renderDocumented(spec.doc, response, undefined, { dynamic: true, seed: 7 });
        expect(a.reply.body).toEqual(b.reply.body);
      }
    });
  },
);
