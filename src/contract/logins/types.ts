/**
 * What `--login` needs of a vendor: the credential fields it takes (`--login 'key=value,…'`, or
 * `demo` for the mock's demo tenant), the operations of its auth flow, and the flow itself run
 * against the target. Each vendor's is its demo module (`src/apis/<name>/demo.ts`), run here over
 * the contract tester's own HTTP client (index.ts).
 */
import type { WireRequest, WireResponse } from '../http.js';
import type { CredentialField } from '../../engine/kit/index.js';

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
  fields: Record<string, CredentialField>;
  /**
   * Operations of the auth flow itself: a contract run makes them last (they may end the session it
   * works with), a replay does not repeat them but logs in instead.
   */
  authOperations: string[];
  login(target: LoginTarget, creds: Record<string, string>): Promise<LoginResult>;
}

export { LoginError } from '../../engine/kit/index.js';
