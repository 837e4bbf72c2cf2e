/**
 * Traffic: the namespace's journal, newest first, as it grows (the live stream, live.ts — no
 * polling). Filters by API, status class, violations only and text; the masked request and response
 * of the picked entry, copy as curl, and the shown entries exported as HAR or JUnit (the admin API's
 * own exports). Only the rows in view are rendered, so 10,000 entries scroll as fast as ten; the
 * list is one focusable grid: arrow keys, Page Up/Down, Home/End move the pick.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { admin, describeError, download } from '../admin.js';
import { curlOf } from '../curl.js';
import { html } from '../html.js';
import { followJournal } from '../live.js';
import type { ApiInfo } from '../types.js';

/** Entries the page keeps (the oldest go first). */
const MAX_KEPT = 20_000;
const ROW_HEIGHT = 28;
const OVERSCAN = 8;

export interface Entry {
  seq: number;
  time: string;
  namespace: string;
  api: string;
  operationId: string | null;
  method: string;
  path: string;
  url: string;
  headers: Record<string, string | string[]>;
  query: Record<string, string | string[]>;
  body: unknown;
  response: { status: number; headers: Record<string, string | string[]>; body: unknown } | null;
  validation: {
    request: { checked: boolean; valid: boolean; issues: Issue[] };
    response: { checked: boolean; valid: boolean; issues: Issue[] };
    warnings?: Issue[];
  };
  faults: Array<{ ruleId: string; action: string; status?: number; delayMs?: number; connection?: string }>;
}
interface Issue {
  in?: string;
  path?: Array<string | number>;
  message: string;
}

const violated = (e: Entry) => !e.validation.request.valid || !e.validation.response.valid;
const warned = (e: Entry) => (e.validation.warnings?.length ?? 0) > 0;
const statusClass = (e: Entry) => (e.response ? `${String(e.response.status)[0]}xx` : 'none');
const issueText = (i: Issue) => `${[i.in, ...(i.path ?? [])].filter((x) => x !== undefined).join('.')} ${i.message}`;

function Detail({ entry }: { entry: Entry }) {
  const [copied, setCopied] = useState('');
  const curl = curlOf(entry, location.origin);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(curl);
      setCopied('Copied');
    } catch {
      setCopied('Select the command below and copy it');
    }
  };
  const issues = (title: string, list: Issue[] | undefined, cls: string) =>
    list?.length
      ? html`<div class=${cls}><h4>${title}</h4><ul>${list.map((i) => html`<li>${issueText(i)}</li>`)}</ul></div>`
      : null;
  return html`<section class="detail" aria-label="Entry ${entry.seq}">
    <h3>#${entry.seq} ${entry.method} ${entry.url} → ${entry.response?.status ?? 'no response'}</h3>
    <p>${entry.time} · ${entry.api} · ${entry.operationId ?? 'no operation'} · namespace ${entry.namespace}</p>
    ${issues('Request violations', entry.validation.request.issues, 'violation')}
    ${issues('Response violations', entry.validation.response.issues, 'violation')}
    ${issues('Warnings', entry.validation.warnings, 'warning')}
    ${entry.faults.length ? html`<p class="fault">Fault rules: ${entry.faults.map((f) => `${f.ruleId} (${f.action}${f.status ? ` ${f.status}` : ''})`).join(', ')}</p>` : null}
    <div class="buttons"><button onClick=${copy}>Copy as curl</button> <span role="status">${copied}</span></div>
    <pre class="curl">${curl}</pre>
    <div class="pair">
      <div><h4>Request</h4><pre>${JSON.stringify({ headers: entry.headers, query: entry.query, body: entry.body }, null, 2)}</pre></div>
      <div><h4>Response</h4><pre>${JSON.stringify(entry.response, null, 2)}</pre></div>
    </div>
  </section>`;
}

export function TrafficView({ apis, namespace }: { apis: ApiInfo[]; namespace: string }) {
  const store = useRef<Entry[]>([]);
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState('connecting');
  const [error, setError] = useState('');
  const [dropped, setDropped] = useState(0);
  const [api, setApi] = useState('');
  const [klass, setKlass] = useState('');
  const [onlyViolations, setOnlyViolations] = useState(false);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<number | undefined>();
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(480);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    let frame = 0;
    const changed = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), setVersion((v) => v + 1)));
    };
    admin<{ requests: Entry[] }>('/requests', { namespace, query: { limit: String(MAX_KEPT) } })
      .then((r) => {
        store.current = r.requests;
        changed();
        const after = r.requests.length ? r.requests[r.requests.length - 1]!.seq : 0;
        return followJournal(
          namespace,
          after,
          {
            entry: (e) => {
              store.current.push(e);
              if (store.current.length > MAX_KEPT) store.current.splice(0, store.current.length - MAX_KEPT);
              changed();
            },
            dropped: (n) => setDropped((d) => d + n),
            status: setStatus,
          },
          abort.signal,
        );
      })
      .catch((err) => !abort.signal.aborted && setError(describeError(err).message));
    return () => {
      abort.abort();
      cancelAnimationFrame(frame);
    };
  }, [namespace]);

  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || 480);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Newest first, filtered.
  const shown = useMemo(() => {
    const q = text.trim().toLowerCase();
    const out: Entry[] = [];
    const all = store.current;
    for (let i = all.length - 1; i >= 0; i--) {
      const e = all[i]!;
      if (api && e.api !== api) continue;
      if (klass && statusClass(e) !== klass) continue;
      if (onlyViolations && !violated(e)) continue;
      if (q && !`${e.method} ${e.url} ${e.operationId ?? ''} ${e.response?.status ?? ''}`.toLowerCase().includes(q))
        continue;
      out.push(e);
    }
    return out;
  }, [version, api, klass, onlyViolations, text]);

  const pickedIndex = picked === undefined ? -1 : shown.findIndex((e) => e.seq === picked);
  const entry = pickedIndex >= 0 ? shown[pickedIndex] : undefined;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  const pick = (i: number) => {
    const e = shown[Math.max(0, Math.min(shown.length - 1, i))];
    if (!e) return;
    setPicked(e.seq);
    const el = list.current;
    const at = shown.indexOf(e) * ROW_HEIGHT;
    if (el && (at < el.scrollTop || at + ROW_HEIGHT > el.scrollTop + el.clientHeight - ROW_HEIGHT))
      el.scrollTop = Math.max(0, at - el.clientHeight / 2);
  };
  const onKey = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const i = pickedIndex;
    const to =
      e.key === 'ArrowDown'
        ? i + 1
        : e.key === 'ArrowUp'
          ? i - 1
          : e.key === 'PageDown'
            ? i + page
            : e.key === 'PageUp'
              ? i - page
              : e.key === 'Home'
                ? 0
                : e.key === 'End'
                  ? shown.length - 1
                  : undefined;
    if (to !== undefined) {
      e.preventDefault();
      pick(to);
    }
  };
  const exportAs = async (format: 'har' | 'junit') => {
    try {
      const text = await admin<string>('/requests/export', {
        method: 'POST',
        namespace,
        body: { format, seqs: shown.map((e) => e.seq) },
        text: true,
      });
      download(
        format === 'har' ? `groups-mock-${namespace}.har` : `groups-mock-${namespace}.junit.xml`,
        text,
        format === 'har' ? 'application/json' : 'application/xml',
      );
    } catch (err) {
      setError(describeError(err).message);
    }
  };
  const clear = async () => {
    if (!confirm(`Clear the journal of namespace "${namespace}"?`)) return;
    await admin('/requests', { method: 'DELETE', namespace }).catch((err) => setError(describeError(err).message));
    store.current = [];
    setPicked(undefined);
    setVersion((v) => v + 1);
  };

  return html`<section class="traffic" aria-label="Traffic">
    <div class="toolbar" role="group" aria-label="Filters">
      <label>API <select aria-label="API" value=${api} onChange=${(e: Event) => setApi((e.target as HTMLSelectElement).value)}>
        <option value="">all</option>
        ${apis.map((a) => html`<option value=${a.name}>${a.name}</option>`)}
      </select></label>
      <label>Status <select aria-label="Status" value=${klass} onChange=${(e: Event) => setKlass((e.target as HTMLSelectElement).value)}>
        <option value="">all</option>
        ${['2xx', '3xx', '4xx', '5xx', 'none'].map((c) => html`<option value=${c}>${c === 'none' ? 'no response' : c}</option>`)}
      </select></label>
      <label><input type="checkbox" checked=${onlyViolations} onChange=${(e: Event) => setOnlyViolations((e.target as HTMLInputElement).checked)} /> Violations only</label>
      <label>Text <input type="search" value=${text} placeholder="path, operation, status" onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)} /></label>
      <button onClick=${() => exportAs('har')}>Export HAR</button>
      <button onClick=${() => exportAs('junit')}>Export JUnit</button>
      <button onClick=${clear}>Clear journal</button>
    </div>
    <p class="summary" role="status">
      ${shown.length} of ${store.current.length} entries · live: ${status}${dropped ? ` · ${dropped} missed (the page read too slowly)` : ''}
    </p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="grid-head" aria-hidden="true">
      <span>time</span><span>method</span><span>path</span><span>status</span><span>operation</span><span>checks</span>
    </div>
    <div
      class="rows"
      ref=${list}
      role="grid"
      aria-label="Requests, newest first"
      aria-rowcount=${shown.length}
      aria-activedescendant=${entry ? `row-${entry.seq}` : undefined}
      tabindex="0"
      onKeyDown=${onKey}
      onScroll=${(e: Event) => setScrollTop((e.target as HTMLElement).scrollTop)}
    >
      <div style=${`height:${shown.length * ROW_HEIGHT}px;position:relative`}>
        ${shown.slice(first, last).map((e, k) => {
          const i = first + k;
          const cls = [
            'row',
            `s${statusClass(e)}`,
            violated(e) ? 'violation' : '',
            warned(e) ? 'warned' : '',
            e.seq === picked ? 'picked' : '',
          ]
            .filter(Boolean)
            .join(' ');
          return html`<div
            key=${e.seq}
            id=${`row-${e.seq}`}
            class=${cls}
            role="row"
            aria-rowindex=${i + 1}
            aria-selected=${e.seq === picked ? 'true' : 'false'}
            style=${`top:${i * ROW_HEIGHT}px;height:${ROW_HEIGHT}px`}
            onClick=${() => setPicked(e.seq)}
          >
            <span role="gridcell">${e.time.slice(11, 23)}</span>
            <span role="gridcell" class="method">${e.method}</span>
            <span role="gridcell" class="path" title=${e.url}>${e.url}</span>
            <span role="gridcell" class="status">${e.response?.status ?? '—'}</span>
            <span role="gridcell">${e.operationId ?? '—'}</span>
            <span role="gridcell" class="checks">${violated(e) ? 'violation' : warned(e) ? 'warning' : ''}${e.faults.length ? ' fault' : ''}</span>
          </div>`;
        })}
      </div>
    </div>
    ${entry ? html`<${Detail} entry=${entry} />` : html`<p class="hint">Pick a request (click, or arrow keys in the list) to see it.</p>`}
  </section>`;
}
