/**
 * What a ThingSpace call may touch: the session's user, the billing accounts it may act on (any
 * other account "does not exist" for it), and the documented refusal of forbidden characters.
 */
import { own, type HandlerContext } from '../../engine/kit/index.js';
import type { ThingSpacePrincipal } from './auth.js';
import { errors } from './errors.js';
import type { Refusal } from './membership.js';
import type { Account, ThingSpaceState } from './state.js';

export type Ctx = HandlerContext<unknown, ThingSpaceState, ThingSpacePrincipal>;

/** The documented forbidden characters (’ < \); the plain apostrophe is treated like the typographic one. */
const FORBIDDEN = /[’'<\\]/;

/** Refuses a request with a forbidden character in any string it sends (passwords excepted). */
export function badCharacters(ctx: Ctx): Refusal | undefined {
  const walk = (v: unknown, key?: string): boolean => {
    if (typeof v === 'string') return key !== 'password' && FORBIDDEN.test(v);
    if (Array.isArray(v)) return v.some((x) => walk(x));
    if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => walk(x, k));
    return false;
  };
  return walk(ctx.params) || walk(ctx.body) ? errors.invalidCharacter() : undefined;
}

/** The session's user name (every group call has one: auth.ts checked the session). */
export function userOf(ctx: Ctx): string {
  const { username } = ctx.principal;
  if (username === undefined) throw new Error(`${ctx.operationId} ran without a session`);
  return username;
}

/** The accounts the session's user may act on. */
export function accountsOf(ctx: Ctx): string[] {
  const user = own(ctx.ns.state.users, userOf(ctx));
  return (user?.accounts ?? []).filter((a) => own(ctx.ns.state.accounts, a));
}

/** The named account if the session's user may act on it; any other account does not exist for it. */
export function accountFor(ctx: Ctx, name: string): { account: Account } | { refusal: Refusal } {
  const account = own(ctx.ns.state.accounts, name);
  if (!account || !accountsOf(ctx).includes(name)) return { refusal: errors.accountNotFound() };
  return { account };
}

/** The accounts a device call covers: the named one, or all of the user's. */
export function scopeFor(
  ctx: Ctx,
  name: string | undefined,
): { scope: Array<[string, Account]> } | { refusal: Refusal } {
  if (name === undefined) return { scope: accountsOf(ctx).map((a) => [a, own(ctx.ns.state.accounts, a)!]) };
  const found = accountFor(ctx, name);
  return 'refusal' in found ? found : { scope: [[name, found.account]] };
}
