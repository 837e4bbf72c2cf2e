/**
 * What a spec compiles to — the operation index and the Ajv schema set — built once per spec file
 * and shared by every server in the process (tests build hundreds), since none of it depends on
 * state. `LoadedApi` is a vendor module with its compiled spec: what every later layer works with.
 */
import type { ApiModule } from '../types.js';
import { loadSpec } from './load.js';
import { SchemaSet } from './schemas.js';
import { indexSpec, type SpecIndex } from './spec-index.js';

export interface CompiledSpec {
  spec: SpecIndex;
  schemas: SchemaSet;
}

/** A vendor module with its compiled spec. */
export interface LoadedApi extends CompiledSpec {
  module: ApiModule<any, any>;
}

const cache = new Map<string, CompiledSpec>();

export function compileSpec(specFile: string, name: string): CompiledSpec {
  const key = `${name}\u0000${specFile}`;
  let compiled = cache.get(key);
  if (!compiled) {
    const doc = loadSpec(specFile);
    compiled = { spec: indexSpec(doc), schemas: new SchemaSet(doc, name) };
    cache.set(key, compiled);
  }
  return compiled;
}
