/**
 * Query parameters an operation does not take (a cache-buster `?_=123`, a tracking tag): real
 * gateways let them through, so by default the mock does too — the request validator is shown the
 * request without them and each becomes a *warning* in the journal, not a violation. With `--strict`
 * nothing is hidden and the validator refuses them as before, in the vendor's words.
 *
 * "Known" is what the validator itself knows: the operation's query parameters (path level too), the
 * query API keys of its security, and everything when the operation opts out of the check
 * (`x-eov-allow-unknown-query-parameters: true`, Kazoo's `filter_*`) or has an object parameter.
 */
import type { Request } from 'express';
import type { SpecDoc, OperationDoc } from '../spec/spec-index.js';
import type { ValidationIssue } from '../types.js';

/** Per operation, once: the query names it takes; null when it takes any name. */
const knownNames = new WeakMap<OperationDoc, Set<string> | null>();

function queryNamesOf(doc: SpecDoc, op: OperationDoc): Set<string> | null {
  let names = knownNames.get(op);
  if (names !== undefined) return names;
  const raw = doc.paths?.[op.pathTemplate]?.[op.method];
  const params = op.parameters.filter((p) => p.in === 'query');
  if (raw?.['x-eov-allow-unknown-query-parameters'] === true || params.some((p) => p.type === 'object')) names = null;
  else {
    names = new Set(params.map((p) => p.name));
    const schemes = doc.components?.securitySchemes ?? {};
    for (const alt of op.security) {
      for (const { scheme } of alt) {
        const s = Object.hasOwn(schemes, scheme) ? schemes[scheme] : undefined;
        if (s?.type === 'apiKey' && s.in === 'query' && typeof s.name === 'string') names.add(s.name);
      }
    }
  }
  knownNames.set(op, names);
  return names;
}

/** The query names of the request the operation does not take (none: the empty array, the common case). */
export function unknownQueryNames(doc: SpecDoc, op: OperationDoc, query: Record<string, unknown>): string[] {
  const keys = Object.keys(query);
  if (!keys.length) return keys;
  const known = queryNamesOf(doc, op);
  return known ? keys.filter((k) => !known.has(k)) : [];
}

/** The journal's warning for each unknown name (the value as sent; the journal masks secrets). */
export function unknownQueryWarnings(
  op: OperationDoc,
  names: string[],
  query: Record<string, unknown>,
): ValidationIssue[] {
  return names.map((name) => ({
    in: 'query',
    path: [name],
    keyword: 'unknownParameter',
    message: `is not a parameter of ${op.operationId}: accepted and ignored (--strict refuses it)`,
    params: {},
    value: query[name],
  }));
}

/**
 * Hides the named parameters from the validator: `req.url` without them (Express parses `req.query`
 * from it; every other pair kept byte for byte). Returns the function that puts the URL back.
 */
export function hideQueryParameters(req: Request, names: string[]): () => void {
  const url = req.url;
  const q = url.indexOf('?');
  const hidden = new Set(names);
  const kept = url
    .slice(q + 1)
    .split('&')
    .filter((pair) => {
      if (!pair) return false;
      const key = new URLSearchParams(pair).keys().next().value;
      return key === undefined || !hidden.has(key);
    });
  req.url = kept.length ? `${url.slice(0, q)}?${kept.join('&')}` : url.slice(0, q);
  return () => {
    req.url = url;
  };
}
