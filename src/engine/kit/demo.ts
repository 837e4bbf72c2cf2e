/**
 * The vendor's demo module type: the demo tenant's credentials and the vendor's documented login
 * flow, written once, over a small `send` function that each caller supplies — the contract
 * tester (`--login demo`, over fetch), the tests (over supertest), the fuzz suite and the bench.
 * Each vendor has one, `src/apis/<name>/demo.ts`, registered beside its module in
 * `src/apis/index.ts` (a vendor without one does not compile there).
 */

/** One request of a login flow: a path under the API's base (`/v2/user_auth`), its headers and body text. */
export interface DemoRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What a login flow reads of an answer. */
export interface DemoResponse {
  /** 0 when no HTTP answer came. */
  status: number;
  text: string;
  /** The body as JSON; undefined when empty or not JSON. */
  json?: unknown;
}

export type DemoSend = (req: DemoRequest) => Promise<DemoResponse>;

export interface CredentialField {
  help: string;
  /** The demo tenant's value ('' when the demo login does not use the field). */
  demo: string;
  optional?: boolean;
}

export interface DemoLogin {
  /** Headers that authenticate a request. */
  headers: Record<string, string>;
  /** Path parameter values the login revealed (Kazoo's account id). */
  params?: Record<string, string>;
  /** Every secret the flow sent or received (tokens, digests): never to be journalled or printed. */
  secrets: string[];
}

export interface VendorDemo {
  api: string;
  /** The credential fields of the login, each with what it is and the demo tenant's value. */
  fields: Record<string, CredentialField>;
  /**
   * Operations of the auth flow itself: a contract run makes them last (they may end the session it
   * works with), a replay does not repeat them but logs in instead.
   */
  authOperations: string[];
  /** The demo tenant's other secrets (another way in, a signing key): never to be journalled. */
  secrets: string[];
  /** The documented login with these credentials (the fields' names); a LoginError when it fails. */
  login(send: DemoSend, credentials: Record<string, string>): Promise<DemoLogin>;
}

export class LoginError extends Error {}

/** The demo tenant's credentials: each field's demo value, those left '' omitted. */
export function demoCredentials(demo: VendorDemo): Record<string, string> {
  return Object.fromEntries(
    Object.entries(demo.fields)
      .filter(([, f]) => f.demo !== '')
      .map(([k, f]) => [k, f.demo]),
  );
}

/** The answer's JSON field at a dotted path, or a LoginError naming the step and what came back. */
export function required(res: DemoResponse, step: string, path: string): string {
  if (res.status < 200 || res.status > 299) throw new LoginError(`${step}: ${res.status} ${res.text.slice(0, 300)}`);
  let v: unknown = res.json;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  if (typeof v !== 'string' || v === '')
    throw new LoginError(`${step}: no ${path} in the answer: ${res.text.slice(0, 300)}`);
  return v;
}

/** A JSON request's headers. */
export const jsonHeaders = { 'Content-Type': 'application/json', Accept: 'application/json' };
