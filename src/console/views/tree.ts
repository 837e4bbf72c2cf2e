/**
 * A JSON value as a tree of `<details>` (keyboard-usable as the browser makes them: Tab, Enter,
 * Space), with a search that keeps the branches whose key or value contains the text, and problems
 * shown next to the field they name (a field that does not exist: next to its nearest ancestor).
 */
import { pointerOf, pointerParts } from '../problems.js';
import { html } from '../html.js';

interface TreeProps {
  value: unknown;
  search: string;
  problems: Map<string, string[]>;
}

/** Problems moved to the nearest path that exists in `value`. */
function placeProblems(value: unknown, problems: Map<string, string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [path, messages] of problems) {
    const parts = pointerParts(path);
    let at: unknown = value;
    let found = 0;
    for (const p of parts) {
      if (at !== null && typeof at === 'object' && p in (at as object)) {
        at = (at as Record<string, unknown>)[p];
        found++;
      } else break;
    }
    const key = pointerOf(parts.slice(0, found));
    const missing = found < parts.length ? ` (${parts.slice(found).join('/')})` : '';
    out.set(key, [...(out.get(key) ?? []), ...messages.map((m) => (missing ? `${parts[found]}: ${m}` : m))]);
  }
  return out;
}

function matches(key: string, value: unknown, q: string): boolean {
  if (key.toLowerCase().includes(q)) return true;
  if (value === null || typeof value !== 'object') return String(value).toLowerCase().includes(q);
  return Object.entries(value as object).some(([k, v]) => matches(k, v, q));
}

function Problems({ list }: { list?: string[] }) {
  if (!list?.length) return null;
  return html`<span class="problem" role="alert">${list.join('; ')}</span>`;
}

function Node(props: {
  name: string;
  value: unknown;
  path: string;
  depth: number;
  q: string;
  problems: Map<string, string[]>;
}): any {
  const { name, value, path, depth, q, problems } = props;
  if (q && !matches(name, value, q)) return null;
  const mine = problems.get(path);
  if (value === null || typeof value !== 'object') {
    return html`<li data-path=${path} class=${mine ? 'has-problem' : ''}>
      <span class="key">${name}</span>: <span class=${`value ${value === null ? 'null' : typeof value}`}
        >${JSON.stringify(value)}</span
      >
      <${Problems} list=${mine} />
    </li>`;
  }
  const entries = Object.entries(value as object);
  const nested = [...problems.keys()].some((p) => p.startsWith(`${path}/`));
  const open = depth < 2 || !!q || nested || !!mine;
  const label = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return html`<li data-path=${path} class=${mine ? 'has-problem' : ''}>
    <details open=${open}>
      <summary><span class="key">${name}</span> <span class="count">${label}</span> <${Problems} list=${mine} /></summary>
      <ul>
        ${entries.map(
          ([k, v]) =>
            html`<${Node}
              key=${k}
              name=${k}
              value=${v}
              path=${`${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`}
              depth=${depth + 1}
              q=${q}
              problems=${problems}
            />`,
        )}
      </ul>
    </details>
  </li>`;
}

export function Tree({ value, search, problems }: TreeProps) {
  const placed = placeProblems(value, problems);
  const q = search.trim().toLowerCase();
  return html`<ul class="tree" aria-label="State">
    <${Node} name="(root)" value=${value} path="" depth=${0} q=${q} problems=${placed} />
  </ul>`;
}
