/**
 * What a spec compiles to — the operation index, the Ajv schema set and the request validator —
 * built once per spec file and shared by every server in the process (tests build hundreds), since
 * none of it depends on state.
 */
import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { SchemaSet } from './schemas.js';
import { indexSpec, loadSpec, type SpecIndex } from './spec-index.js';

export interface CompiledSpec {
  spec: SpecIndex;
  schemas: SchemaSet;
  /** express-openapi-validator's request validation, for the vendor paths after the mount prefix. */
  requestValidator: RequestHandler[];
}

const cache = new Map<string, CompiledSpec>();

export function compileSpec(specFile: string, name: string): CompiledSpec {
  const key = `${name}\u0000${specFile}`;
  let compiled = cache.get(key);
  if (!compiled) {
    const doc = loadSpec(specFile);
    compiled = {
      spec: indexSpec(doc),
      schemas: new SchemaSet(doc, name),
      requestValidator: OpenApiValidator.middleware({
        apiSpec: { ...structuredClone(doc), servers: [{ url: '/' }] } as never,
        // Parameters are always coerced from strings; bodies are not, so 42 is no name.
        validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false },
        validateResponses: false,
        validateSecurity: false,
        validateApiSpec: false,
        useRequestUrl: true,
      }) as RequestHandler[],
    };
    cache.set(key, compiled);
  }
  return compiled;
}
