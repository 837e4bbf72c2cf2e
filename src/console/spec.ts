/**
 * What a spec (as `GET /__admin/specs/<api>` serves it) says a fault rule can answer: each
 * operation's documented error statuses (4xx, 5xx) with their named examples — the vendor's own
 * bodies — and the engine's responses from the root `x-mock-responses` (a 429, a 500, …), which
 * any operation can be made to answer. Pure: no DOM.
 */
export interface ErrorExample {
  name: string;
  value: unknown;
}

export interface ErrorStatus {
  status: number;
  description: string;
  examples: ErrorExample[];
  /** From the root x-mock-responses (the engine's), not the operation's own responses. */
  engine: boolean;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  errors: ErrorStatus[];
}

type Doc = Record<string, any>;

/** Follows local `$ref`s (`#/components/...`), at most 20 deep. */
export function deref(doc: Doc, value: any, depth = 0): any {
  if (!value || typeof value !== 'object' || typeof value.$ref !== 'string' || depth > 20) return value;
  const ref: string = value.$ref;
  if (!ref.startsWith('#/')) return value;
  let at: any = doc;
  for (const part of ref.slice(2).split('/')) at = at?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return deref(doc, at, depth + 1);
}

function examplesOf(doc: Doc, response: any): ErrorExample[] {
  const content = deref(doc, response)?.content ?? {};
  const media = content['application/json'] ?? Object.values(content)[0];
  if (!media) return [];
  const named = Object.entries(media.examples ?? {}).map(([name, ex]) => ({
    name,
    value: deref(doc, ex)?.value,
  }));
  if (named.length) return named;
  return media.example !== undefined ? [{ name: 'example', value: media.example }] : [];
}

/** The engine's statuses (x-mock-responses), each once, lowest first. */
export function engineErrors(doc: Doc): ErrorStatus[] {
  const out = new Map<number, ErrorStatus>();
  for (const [name, r] of Object.entries<any>(doc['x-mock-responses'] ?? {})) {
    const status = Number(r?.['x-mock-status']);
    if (!Number.isInteger(status) || status < 400 || out.has(status)) continue;
    out.set(status, {
      status,
      description: `${name}: ${String(r.description ?? '').trim()}`,
      examples: examplesOf(doc, r),
      engine: true,
    });
  }
  return [...out.values()].sort((a, b) => a.status - b.status);
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function operationsOf(doc: Doc): Operation[] {
  const engine = engineErrors(doc);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op?.operationId) continue;
      const errors: ErrorStatus[] = [];
      for (const [code, response] of Object.entries<any>(op.responses ?? {})) {
        const status = Number(code);
        if (!Number.isInteger(status) || status < 400) continue;
        const r = deref(doc, response);
        errors.push({
          status,
          description: String(r?.description ?? '').trim(),
          examples: examplesOf(doc, r),
          engine: false,
        });
      }
      for (const e of engine) if (!errors.some((x) => x.status === e.status)) errors.push(e);
      errors.sort((a, b) => a.status - b.status);
      ops.push({ operationId: op.operationId, method: method.toUpperCase(), path, summary: op.summary ?? '', errors });
    }
  }
  return ops;
}
