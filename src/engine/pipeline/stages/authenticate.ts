/**
 * Stage 5, **authenticate**: the operation's `security` as the spec states it — any one alternative
 * will do, and within one every scheme must pass (ThingSpace: bearer token *and* M2M session). Each
 * scheme is checked by the vendor's check of that name, with the scopes the operation asks of it
 * (MDM's per-operation OAuth scopes); the principals the checks return are merged. When every
 * alternative fails, the refusal of a credential that was sent wins over one that was absent.
 */
import type { SecurityAlternative } from '../../spec/spec-index.js';
import type { ApiModule, AuthResult, RequestInfo } from '../../types.js';
import { requestInfo, type Exchange, type StageResult } from '../exchange.js';
import { checkExchange } from './validate-request.js';

export function checkSecurity(
  mod: ApiModule<any, any>,
  security: SecurityAlternative[],
  info: RequestInfo<unknown>,
): AuthResult<unknown> {
  let first: Extract<AuthResult<unknown>, { ok: false }> | undefined;
  let sent: typeof first;
  for (const alternative of security) {
    const principal: Record<string, unknown> = {};
    let refused: typeof first;
    for (const { scheme, scopes } of alternative) {
      const result = mod.security[scheme]!(info, scopes);
      if (!result.ok) {
        refused = result;
        break;
      }
      Object.assign(principal, result.principal);
    }
    if (!refused) return { ok: true, principal };
    first ??= refused;
    if (!refused.absent) sent ??= refused;
  }
  return sent ?? first ?? { ok: true, principal: {} };
}

export async function authenticate(ex: Exchange): Promise<StageResult> {
  const op = ex.op!;
  if (!op.secured) return undefined;
  const result = checkSecurity(ex.api.module, op.security, requestInfo(ex));
  if (result.ok) {
    ex.principal = result.principal;
    return undefined;
  }
  // Refused before validation: the journal still says whether the request kept to the spec — its
  // first issue, which costs little; listing them all is for requests answered with them.
  checkExchange(ex, 'first');
  return { reply: result.reply };
}
