/**
 * The console's one way to the admin API: every call names the namespace (`?namespace=`) and, when
 * the user typed one, sends the admin token as a header — kept in sessionStorage (gone with the tab),
 * never in a URL. A 401 asks the page for the token (`onNeedsToken`).
 */
const TOKEN_KEY = 'groups-mock.admin-token';

export function adminToken(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function setAdminToken(token: string): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export function authHeaders(): Record<string, string> {
  const t = adminToken();
  return t ? { 'X-Admin-Token': t } : {};
}

/** An admin error answer: `{error, problems}` with its status. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

let needsToken: (why: string) => void = () => {};
export function onNeedsToken(f: (why: string) => void): void {
  needsToken = f;
}
export function askForToken(why: string): void {
  needsToken(why);
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** A namespace, `*`, or none (the call is about the whole server). */
  namespace?: string;
  query?: Record<string, string | undefined>;
  /** Read the answer as text (exports) instead of JSON. */
  text?: boolean;
}

export function adminUrl(path: string, opts: Pick<CallOptions, 'namespace' | 'query'> = {}): string {
  const q = new URLSearchParams();
  if (opts.namespace !== undefined) q.set('namespace', opts.namespace);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) q.set(k, v);
  const qs = q.toString();
  return `/__admin${path}${qs ? `?${qs}` : ''}`;
}

export async function admin<T = any>(path: string, opts: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders() };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(adminUrl(path, opts), {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!res.ok) {
    let body: { error?: string; problems?: string[] } = {};
    try {
      body = await res.json();
    } catch {}
    const err = new AdminError(res.status, body.error ?? `${res.status} ${res.statusText}`, body.problems ?? []);
    if (res.status === 401) needsToken(err.message);
    throw err;
  }
  return (opts.text ? await res.text() : await res.json()) as T;
}

/** Saves text as a file the browser downloads. */
export function download(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An error as one line for the page. */
export function describeError(err: unknown): { message: string; problems: string[] } {
  if (err instanceof AdminError) return { message: err.message, problems: err.problems };
  return { message: err instanceof Error ? err.message : String(err), problems: [] };
}
