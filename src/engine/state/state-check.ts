/**
 * Checks a whole state (a fixture on start-up, or a `PUT /__admin/state` import) against the API's
 * state schema and its consistency rules; each message names the path of the problem.
 */
import { newAjv } from '../spec/schemas.js';
import type { ApiModule } from '../types.js';

const compiled = new WeakMap<object, ReturnType<ReturnType<typeof newAjv>['compile']>>();

// biome-ignore lint/suspicious/noExplicitAny: vendors of different operation and principal types side by side
export function checkState(mod: ApiModule<any, any>, state: unknown): string[] {
  let validate = compiled.get(mod.stateSchema);
  if (!validate) {
    validate = newAjv().compile(mod.stateSchema);
    compiled.set(mod.stateSchema, validate);
  }
  if (!validate(state)) {
    return (validate.errors ?? []).map(
      (e: { instancePath: string; keyword: string; params: unknown; message?: string }) => {
        const extra = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
        return `${`${e.instancePath}${extra}` || '/'}: ${e.message}`;
      },
    );
  }
  return mod.checkState?.(state) ?? [];
}
