/**
 * What `--login` needs of a vendor: the credential fields it takes (`--login 'key=value,…'`, or
 * `demo` for the mock's demo tenant), the operations of its auth flow, and the flow itself run
 * against the target. One small file per vendor beside this one; a registered API without one fails
 * test/contract/logins.test.ts.
 */
import type { WireRequest, WireResponse } from '../http.js';

export interface LoginTarget {
  /** The API's base URL (`http://127.0.0.1:4010/kazoo`). */
  baseUrl: string;
  /** Headers every request carries (`--header`), e.g. a mock namespace. */
  headers: Record<string, string>;
  send(req: WireRequest): Promise<WireResponse>;
}

export interface LoginResult {
  /** Headers that authenticate a request. */
  headers: Record<string, string>;
  /** Path parameter values the login revealed (Kazoo's account id). */
  params?: Record<string, string>;
}

export interface ContractLogin {
  api: string;
  /** The credential fields, each with what it is and the mock's demo value. */
  fields: Record<string, { help: string; demo: string; optional?: boolean }>;
  /**
   * Operations of the auth flow itself: a contract run makes them last (they may end the session it
   * works with), a replay does not repeat them but logs in instead.
   */
  authOperations: string[];
  login(target: LoginTarget, creds: Record<string, string>): Promise<LoginResult>;
}

export class LoginError extends Error {}

/** The answer's JSON field at a dotted path, or a LoginError naming the step and what came back. */
export function required(res: WireResponse, step: string, path: string): string {
  if (res.status < 200 || res.status > 299)
    throw new LoginError(`${step}: ${res.status || res.error} ${res.text.slice(0, 300)}`);
  let v: unknown = res.json;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  if (typeof v !== 'string' || v === '')
    throw new LoginError(`${step}: no ${path} in the answer: ${res.text.slice(0, 300)}`);
  return v;
}
