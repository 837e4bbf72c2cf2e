/**
 * A journal entry as a curl command against the mock (the masked values stay masked: the command
 * shows what was sent, not a secret). Pure: no DOM.
 */
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Headers curl or the connection sets itself, left out. */
const SKIP = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'user-agent']);

export function curlOf(
  entry: { method: string; url: string; headers: Record<string, string | string[]>; body: unknown; namespace: string },
  origin: string,
): string {
  const parts = ['curl', '-sS'];
  if (entry.method !== 'GET') parts.push('-X', entry.method);
  parts.push(quote(`${origin}${entry.url}`));
  let namespaced = false;
  for (const [name, value] of Object.entries(entry.headers)) {
    if (SKIP.has(name.toLowerCase())) continue;
    if (name.toLowerCase() === 'x-mock-namespace') namespaced = true;
    for (const v of [value].flat()) parts.push('-H', quote(`${name}: ${v}`));
  }
  if (!namespaced && entry.namespace !== 'default') parts.push('-H', quote(`X-Mock-Namespace: ${entry.namespace}`));
  if (entry.body !== undefined && entry.body !== null)
    parts.push('--data-raw', quote(typeof entry.body === 'string' ? entry.body : JSON.stringify(entry.body)));
  return parts.join(' ');
}
