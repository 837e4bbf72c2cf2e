/**
 * What `npm run bench` needs to know of a vendor: how to log in, and the requests of each measured
 * scenario. One small file per vendor (`<api>.ts`), listed in `index.ts`; the bench refuses to run
 * when a registered API has none, so a new vendor cannot be left out of the comparison silently.
 */

/** One request as the load runner (`bench/load.mjs`) sends it; paths include the API's prefix. */
export interface Step {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** JSON (an object) or raw text. `{{next}}` takes a fresh number, `{{n}}` repeats it, `{{name}}` a captured value. */
  body?: unknown;
  /** A file whose text is the body, sent as JSON as it is (a body too large to pass to the load runner). */
  bodyFile?: string;
  /** The status every answer must have (any other counts as an error). */
  status: number;
  /** Values to take from the raw response text: name → a regex with one group. */
  capture?: Record<string, string>;
}

/** Sends one request to the running mock (set-up and probes, not measured). */
export type Send = (
  method: string,
  path: string,
  opts?: { headers?: Record<string, string>; body?: unknown; form?: string; query?: string },
) => Promise<{ status: number; text: string; json: any; contentType: string }>;

export interface ScaleSize {
  groups: number;
  memberships: number;
}

export interface VendorScenarios {
  api: string;
  /**
   * Prepares the namespace after a reset (raise a quota, add groups to page through) and returns
   * the headers every scenario sends (credentials).
   */
  login(send: Send): Promise<Record<string, string>>;
  /** Get by id: the request Prism and the ceilings answer too. */
  read(auth: Record<string, string>): Step;
  /** A list page. */
  list(auth: Record<string, string>): Step;
  /** A create (a fresh name each time). */
  create(auth: Record<string, string>): Step;
  /** A request the spec refuses: the vendor's 4xx naming the field. */
  invalid(auth: Record<string, string>): Step;
  /** A stateful sequence each connection repeats: create, get, update, list, delete. */
  mixed(auth: Record<string, string>): Step[];
  /**
   * Optional: the API's state grown to `size` (through `PUT /__admin/state/<api>`), and the two
   * requests measured on it, a filtered sorted page and a get by id.
   */
  scale?: {
    grow(state: any, size: ScaleSize): unknown;
    page(auth: Record<string, string>): Step;
    get(auth: Record<string, string>, size: ScaleSize): Step;
  };
}
