/**
 * The admin import's problems (`"/accounts/x/name: must be string"`) by the JSON Pointer they name,
 * so the State view can show each next to its field. Pure: no DOM.
 */
export function problemsByPath(problems: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of problems) {
    const m = /^(\/[^:]*|\/): (.*)$/s.exec(p);
    const path = m ? (m[1] === '/' ? '' : m[1]!) : '';
    const message = m ? m[2]! : p;
    out.set(path, [...(out.get(path) ?? []), message]);
  }
  return out;
}

/** `/a/b~1c` → `["a", "b/c"]`. */
export function pointerParts(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function pointerOf(parts: string[]): string {
  return parts.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
