/**
 * Stage 7, **answer**: the response a `Prefer` header names (documented, an example in the request's
 * own words, never touching state), or the operation's handler with a context typed from the spec.
 * Path and query parameters reach the handler as the types their schemas give (integers as numbers;
 * `int64` ones as bigints past 2^53, other integers past 2^53 as the nearest double: see huge-integers.ts).
 */
import { renderDocumented } from '../../spec/render.js';
import { readInteger } from '../../spec/huge-integers.js';
import { chooseResponse, parsePrefer } from '../../spec/prefer.js';
import type { ParameterDoc } from '../../spec/spec-index.js';
import { renderExample, renderProblem, type HandlerContext } from '../../types.js';
import { requestInfo, type Exchange, type StageResult } from '../exchange.js';

/** A path parameter as its schema's type: the request check has passed it already. */
function typed(param: ParameterDoc | undefined, raw: string): unknown {
  if (param?.type === 'integer') {
    const n = readInteger(param, raw);
    if (n !== undefined) return n;
  }
  if (param?.type === 'number' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (param?.type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

function typedParams(ex: Exchange): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(ex.params))
    out[name] = typed(
      ex.op!.parameters.find((p) => p.in === 'path' && p.name === name),
      raw,
    );
  return out;
}

export async function answer(ex: Exchange): Promise<StageResult> {
  const op = ex.op!;
  const { api, ns, req } = ex;
  const pref = parsePrefer(req.headers.prefer);
  if (pref) {
    ex.preferChose = req.headers.prefer as string;
    ex.forcedBy = 'prefer';
    const choice = chooseResponse(op, pref);
    if ('kind' in choice) return { reply: renderProblem(api.module, choice, requestInfo(ex)), problem: choice };
    const documented = await renderDocumented(api.spec.doc, choice.response, choice.example, {
      dynamic: pref.dynamic,
      seed: pref.seed ?? ns.rng.seed(),
    });
    // A generated body is the schema's; an example is put in the request's own words.
    if (pref.dynamic) return { reply: documented.reply };
    return { reply: { ...renderExample(api.module, documented, requestInfo(ex)), status: documented.status } };
  }
  const handler = api.module.handlers[op.operationId]!;
  // The handler table is typed per operation by the vendor; here one shape serves them all.
  const ctx: HandlerContext<any, unknown, unknown> = {
    operationId: op.operationId,
    method: ex.method,
    path: req.path,
    // Where Express mounted this API's pipeline (`/<name>` in createMockServer, anywhere in an embedding app).
    mountPath: req.baseUrl || `/${api.module.name}`,
    // The socket's own word (TLS or not); no `trust proxy`, so a client's X-Forwarded-Proto changes nothing.
    scheme: req.protocol === 'https' ? 'https' : 'http',
    params: typedParams(ex) as never,
    // The query as the request check typed it (validate-request.ts).
    query: (ex.query ?? {}) as never,
    rawQuery: ex.rawQuery,
    body: ex.body as never,
    headers: req.headers,
    ns,
    principal: ex.principal,
    validate: (pointer, value) => api.schemas.check(pointer, api.module.json ? api.module.json.toPlain(value) : value),
    problem: (p) => renderProblem(api.module, p, requestInfo(ex)),
  };
  return { reply: await handler(ctx) };
}
