/**
 * What a spec says, indexed once: which path template and method each operationId has, its
 * parameters, request bodies, security requirements, responses and named examples, and the
 * engine's own responses (`x-mock-responses`); and the operation a request's method and path match.
 */
import { deref, escapePointer, HTTP_METHODS, type SpecDoc } from './load.js';

export { HTTP_METHODS, type SpecDoc } from './load.js';

export interface ResponseDoc {
  status: string;
  description?: string;
  /** JSON Pointer of the media type's schema, e.g. `#/paths/~1x/get/responses/200/content/application~1json/schema`. */
  schemaPointer?: string;
  contentType?: string;
  /** Named examples, resolved. */
  examples: Record<string, unknown>;
  headers: Record<string, { schema?: any; example?: unknown; required?: boolean }>;
  /** An engine response's (`x-mock-responses`) HTTP status, from its `x-mock-status`. */
  mockStatus?: number;
}

export interface ParameterDoc {
  name: string;
  in: string;
  required: boolean;
  /** JSON Pointer of the parameter's schema. */
  schemaPointer?: string;
  /** The schema's `type` (after `$ref`s), for reading a path or query string as what it stands for. */
  type?: string;
  /** The schema's `format` (`int64`: an integer read exactly, as a bigint past 2^53). */
  format?: string;
}

/** One way to meet an operation's `security`: every scheme in it, each with the scopes it asks. */
export type SecurityAlternative = Array<{ scheme: string; scopes: string[] }>;

export interface OperationDoc {
  operationId: string;
  /** Path-level and operation-level parameters (operation wins), resolved. */
  parameters: ParameterDoc[];
  /** The request body's schema pointer per media type (empty when the operation takes no body). */
  requestBodies: Map<string, string>;
  /** The spec's `requestBody.required`: a request without a body breaks the spec. */
  bodyRequired: boolean;
  method: string;
  pathTemplate: string;
  /** The effective `security` (the operation's, else the document's): any one alternative will do. */
  security: SecurityAlternative[];
  /** Whether the spec asks for any credential (a non-empty `security` without an empty alternative). */
  secured: boolean;
  responses: Map<string, ResponseDoc>;
  match(path: string): Record<string, string> | undefined;
}

export interface SpecIndex {
  doc: SpecDoc;
  operations: OperationDoc[];
  byId: Map<string, OperationDoc>;
  /** Responses the engine gives outside any operation (`x-mock-responses`), by kind. */
  engineResponses: Map<string, ResponseDoc>;
  /**
   * The operation a method and path name. `undecodable`: the path parameters whose text is no valid
   * percent-encoding (kept as sent in `params`), which the request check refuses.
   */
  find(
    method: string,
    path: string,
  ): { op?: OperationDoc; params: Record<string, string>; allow: string[]; undecodable?: string[] };
}

function readResponse(doc: SpecDoc, status: string, raw: any, pointer: string): ResponseDoc {
  const { node, pointer: at } = deref(doc, raw, pointer);
  const content = node?.content ?? {};
  const contentType = Object.keys(content).find((t) => t.includes('json')) ?? Object.keys(content)[0];
  const media = contentType ? content[contentType] : undefined;
  const examples: Record<string, unknown> = {};
  for (const [name, ex] of Object.entries<any>(media?.examples ?? {})) {
    examples[name] = deref(doc, ex, '').node?.value;
  }
  if (media && 'example' in media && Object.keys(examples).length === 0) examples.default = media.example;
  const headers: ResponseDoc['headers'] = {};
  for (const [name, h] of Object.entries<any>(node?.headers ?? {})) headers[name] = deref(doc, h, '').node;
  return {
    status,
    description: node?.description,
    contentType,
    schemaPointer: media?.schema ? `${at}/content/${escapePointer(contentType!)}/schema` : undefined,
    examples,
    headers,
  };
}

function readSecurity(requirements: unknown[]): SecurityAlternative[] {
  return requirements.map((req) =>
    Object.entries((req ?? {}) as Record<string, unknown>).map(([scheme, scopes]) => ({
      scheme,
      scopes: Array.isArray(scopes) ? scopes.map(String) : [],
    })),
  );
}

type TemplateMatch = { params: Record<string, string>; undecodable?: string[] };

function compileTemplate(template: string): (path: string) => TemplateMatch | undefined {
  const names: string[] = [];
  const pattern = template
    .split('/')
    .map((seg) =>
      seg.replace(/\{([^}]+)\}|[^{}]+/g, (m, name) => {
        if (name) {
          names.push(name);
          return '([^/]+)';
        }
        return m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }),
    )
    .join('/');
  const re = new RegExp(`^${pattern}/?$`);
  return (path) => {
    const m = re.exec(path);
    if (!m) return undefined;
    const params: Record<string, string> = {};
    let undecodable: string[] | undefined;
    names.forEach((n, i) => {
      try {
        params[n] = decodeURIComponent(m[i + 1]!);
      } catch {
        params[n] = m[i + 1]!;
        (undecodable ??= []).push(n);
      }
    });
    return undecodable ? { params, undecodable } : { params };
  };
}

export function indexSpec(doc: SpecDoc): SpecIndex {
  const operations: OperationDoc[] = [];
  const byTemplate = new Map<string, { match: ReturnType<typeof compileTemplate>; ops: OperationDoc[] }>();
  const globalSecurity: unknown[] = doc.security ?? [];
  // Literal segments win over parameters: sort templates with fewer parameters first.
  const templates = Object.keys(doc.paths ?? {}).sort(
    (a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0),
  );
  for (const template of templates) {
    const item = doc.paths[template];
    const match = compileTemplate(template);
    const entry = { match, ops: [] as OperationDoc[] };
    byTemplate.set(template, entry);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${template} has no operationId`);
      const responses = new Map<string, ResponseDoc>();
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        responses.set(
          status,
          readResponse(doc, status, r, `#/paths/${escapePointer(template)}/${method}/responses/${status}`),
        );
      }
      const parameters = new Map<string, ParameterDoc>();
      const readParams = (list: unknown[] | undefined, at: string) =>
        (list ?? []).forEach((raw, i) => {
          const { node, pointer } = deref(doc, raw, `${at}/${i}`);
          const schema = node.schema ? deref(doc, node.schema, `${pointer}/schema`).node : undefined;
          const { type, format } = schema ?? {};
          parameters.set(`${node.in}:${node.name}`, {
            name: node.name,
            in: node.in,
            required: !!node.required,
            schemaPointer: node.schema ? `${pointer}/schema` : undefined,
            ...(typeof type === 'string' ? { type } : {}),
            ...(typeof format === 'string' ? { format } : {}),
          });
        });
      readParams(item.parameters, `#/paths/${escapePointer(template)}/parameters`);
      readParams(op.parameters, `#/paths/${escapePointer(template)}/${method}/parameters`);
      const requestBodies = new Map<string, string>();
      let bodyRequired = false;
      if (op.requestBody) {
        const { node: body, pointer: at } = deref(
          doc,
          op.requestBody,
          `#/paths/${escapePointer(template)}/${method}/requestBody`,
        );
        bodyRequired = body?.required === true;
        for (const [type, media] of Object.entries<any>(body?.content ?? {})) {
          if (media?.schema) requestBodies.set(type, `${at}/content/${escapePointer(type)}/schema`);
        }
      }
      const security = readSecurity(op.security ?? globalSecurity);
      const secured = security.length > 0 && !security.some((alt) => alt.length === 0);
      const opDoc: OperationDoc = {
        operationId: op.operationId,
        parameters: [...parameters.values()],
        requestBodies,
        bodyRequired,
        method,
        pathTemplate: template,
        security,
        secured,
        responses,
        match: (path) => match(path)?.params,
      };
      operations.push(opDoc);
      entry.ops.push(opDoc);
    }
  }
  const engineResponses = new Map<string, ResponseDoc>();
  for (const [kind, r] of Object.entries(doc['x-mock-responses'] ?? {})) {
    const pointer = `#/x-mock-responses/${escapePointer(kind)}`;
    const status = deref(doc, r, pointer).node?.['x-mock-status'];
    if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599))
      throw new Error(
        `x-mock-responses.${kind}: x-mock-status must be an HTTP status code, not ${JSON.stringify(status)}`,
      );
    engineResponses.set(kind, {
      ...readResponse(doc, kind, r, pointer),
      ...(status !== undefined ? { mockStatus: status as number } : {}),
    });
  }
  return {
    doc,
    operations,
    byId: new Map(operations.map((o) => [o.operationId, o])),
    engineResponses,
    find(method, path) {
      for (const { match, ops } of byTemplate.values()) {
        const found = match(path);
        if (!found) continue;
        const { params } = found;
        const more = found.undecodable ? { undecodable: found.undecodable } : {};
        const op = ops.find((o) => o.method === method.toLowerCase());
        const allow = ops.map((o) => o.method.toUpperCase());
        if (op) return { op, params, allow, ...more };
        // HEAD is answered like GET by HTTP servers.
        const get = method.toLowerCase() === 'head' ? ops.find((o) => o.method === 'get') : undefined;
        if (get) return { op: get, params, allow, ...more };
        return { params, allow };
      }
      return { params: {}, allow: [] };
    },
  };
}
