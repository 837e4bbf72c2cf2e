/**
 * Whether a request carries the credentials its operation's `security` asks for — their presence
 * only: the proxy cannot know which tokens the upstream issued, so it checks what a client can get
 * wrong on its side (no token at all, the wrong header, Basic where Bearer is asked), from the
 * spec's `securitySchemes`. Any one alternative will do; within one, every scheme must be there.
 */
import type { OperationDoc, SpecDoc } from '../../engine/spec/spec-index.js';
import { deref } from '../../engine/spec/load.js';
import type { ValidationIssue } from '../../engine/types.js';

export interface CredentialSources {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | string[]>;
}

function cookieNames(header: string | string[] | undefined): Set<string> {
  return new Set(
    [header ?? []]
      .flat()
      .flatMap((h) => h.split(';').map((c) => c.split('=')[0]!.trim()))
      .filter(Boolean),
  );
}

/** Whether the one scheme's credential is in the request. */
function present(doc: SpecDoc, schemeName: string, r: CredentialSources): boolean {
  const scheme = deref(
    doc,
    doc.components?.securitySchemes?.[schemeName],
    `#/components/securitySchemes/${schemeName}`,
  ).node;
  if (!scheme || typeof scheme !== 'object') return false;
  const auth = [r.headers.authorization ?? []].flat()[0] ?? '';
  switch (scheme.type) {
    case 'apiKey': {
      const name = String(scheme.name ?? '');
      if (scheme.in === 'header') return [r.headers[name.toLowerCase()] ?? []].flat().some((v) => v.trim() !== '');
      if (scheme.in === 'query') return Object.hasOwn(r.query, name) && [r.query[name]].flat().some((v) => v !== '');
      if (scheme.in === 'cookie') return cookieNames(r.headers.cookie).has(name);
      return false;
    }
    case 'http': {
      const want = String(scheme.scheme ?? '').toLowerCase();
      const [given, credential] = auth.trim().split(/\s+/, 2);
      return given?.toLowerCase() === want && !!credential;
    }
    case 'oauth2':
    case 'openIdConnect':
      return /^bearer\s+\S/i.test(auth.trim());
    default:
      // mutualTLS and what a later OpenAPI adds: not visible in the request, so not held against it.
      return true;
  }
}

/** Nothing when the operation needs no credential or one alternative is complete; else one issue naming what was asked. */
export function missingCredentials(doc: SpecDoc, op: OperationDoc, r: CredentialSources): ValidationIssue[] {
  if (!op.secured) return [];
  if (op.security.some((alt) => alt.every(({ scheme }) => present(doc, scheme, r)))) return [];
  const asked = op.security.map((alt) => alt.map((s) => s.scheme).join(' + ')).join(' or ');
  return [
    {
      in: 'security',
      path: [],
      keyword: 'security',
      message: `${op.operationId} needs credentials (${asked}); the request carries none of them`,
      params: { security: op.security.map((alt) => alt.map((s) => s.scheme)) },
    },
  ];
}
