/**
 * The web console at /__ui: a namespace picker and five views reachable by name — APIs, Traffic,
 * Faults, State, Clock — as an ARIA tab list (arrow keys move between tabs; `#traffic` in the URL
 * opens one). Every view is about the namespace picked (`default` when the page opens). Beyond
 * loopback the admin API asks for its token: the page asks for it once, keeps it in sessionStorage
 * and sends it as a header.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { admin, adminToken, onNeedsToken, setAdminToken } from './admin.js';
import { html } from './html.js';
import type { ApiInfo } from './types.js';
import { ApisView } from './views/apis.js';
import { ClockView } from './views/clock.js';
import { FaultsView } from './views/faults.js';
import { StateView } from './views/state.js';
import { TrafficView } from './views/traffic.js';

const TABS = [
  { id: 'apis', label: 'APIs' },
  { id: 'traffic', label: 'Traffic' },
  { id: 'faults', label: 'Faults' },
  { id: 'state', label: 'State' },
  { id: 'clock', label: 'Clock' },
] as const;
type TabId = (typeof TABS)[number]['id'];

const NAMESPACE = /^[A-Za-z0-9._-]{1,64}$/;

function tabFromHash(): TabId {
  const id = location.hash.replace(/^#\/?/, '').split('?')[0];
  return (TABS.find((t) => t.id === id)?.id ?? 'traffic') as TabId;
}

function TokenForm({ why, done }: { why: string; done: () => void }) {
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return html`<form
    class="token"
    onSubmit=${(e: Event) => {
      e.preventDefault();
      setAdminToken(value.trim());
      done();
    }}
  >
    <p>${why}. Type the admin token (<code>--admin-token</code>); it is kept for this tab only.</p>
    <label>Admin token <input ref=${input} type="password" autocomplete="off" value=${value}
      onInput=${(e: Event) => setValue((e.target as HTMLInputElement).value)} /></label>
    <button type="submit">Use token</button>
  </form>`;
}

function NamespacePicker({ value, onChange }: { value: string; onChange: (ns: string) => void }) {
  const [names, setNames] = useState<string[]>(['default']);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState('');
  const refresh = () =>
    admin<{ namespaces: string[] }>('/health')
      .then((h) => setNames([...new Set(['default', ...h.namespaces, value])].sort()))
      .catch(() => {});
  useEffect(() => void refresh(), [value]);
  return html`<div class="namespace">
    <label>Namespace
      <select aria-label="Namespace" value=${value} onFocus=${refresh} onChange=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
        ${names.map((n) => html`<option value=${n}>${n}</option>`)}
      </select>
    </label>
    <form
      onSubmit=${(e: Event) => {
        e.preventDefault();
        const name = draft.trim();
        if (!NAMESPACE.test(name)) return setError('letters, digits, ".", "_" and "-" (at most 64)');
        setError('');
        setDraft('');
        onChange(name);
      }}
    >
      <label>New namespace <input value=${draft} placeholder="ci-42" onInput=${(e: Event) =>
        setDraft((e.target as HTMLInputElement).value)} /></label>
      <button type="submit">Open</button>
      ${error && html`<span class="error" role="alert">${error}</span>`}
    </form>
  </div>`;
}

function App() {
  const [tab, setTab] = useState<TabId>(tabFromHash());
  const [namespace, setNamespace] = useState('default');
  const [apis, setApis] = useState<ApiInfo[]>([]);
  const [tokenWhy, setTokenWhy] = useState('');
  const [generation, setGeneration] = useState(0);
  const tabs = useRef<HTMLDivElement>(null);

  useEffect(() => {
    onNeedsToken((why) => setTokenWhy(why));
    const onHash = () => setTab(tabFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    admin<{ apis: ApiInfo[] }>('')
      .then((index) => setApis(index.apis))
      .catch(() => {});
  }, [generation]);

  const select = (id: TabId, focus = false) => {
    setTab(id);
    history.replaceState(null, '', `#${id}`);
    if (focus) tabs.current?.querySelector<HTMLElement>(`#tab-${id}`)?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : e.key === 'ArrowLeft'
          ? (i + TABS.length - 1) % TABS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : -1;
    if (to >= 0) {
      e.preventDefault();
      select(TABS[to]!.id, true);
    }
  };

  if (tokenWhy)
    return html`<main><h1>groups-mock</h1><${TokenForm} why=${tokenWhy} done=${() => {
      setTokenWhy('');
      setGeneration((g) => g + 1);
    }} /></main>`;

  const view =
    tab === 'apis'
      ? html`<${ApisView} apis=${apis} namespace=${namespace} />`
      : tab === 'traffic'
        ? html`<${TrafficView} apis=${apis} namespace=${namespace} />`
        : tab === 'faults'
          ? html`<${FaultsView} apis=${apis} namespace=${namespace} />`
          : tab === 'state'
            ? html`<${StateView} apis=${apis} namespace=${namespace} />`
            : html`<${ClockView} namespace=${namespace} />`;

  return html`<header>
      <h1>groups-mock <span class="sub">console</span></h1>
      <${NamespacePicker} value=${namespace} onChange=${setNamespace} />
      ${
        adminToken() &&
        html`<button class="link" onClick=${() => {
          setAdminToken('');
          setTokenWhy('Token forgotten');
        }}>Forget token</button>`
      }
    </header>
    <nav role="tablist" aria-label="Views" ref=${tabs} onKeyDown=${onKey}>
      ${TABS.map(
        (t) => html`<button
          role="tab"
          id=${`tab-${t.id}`}
          aria-selected=${t.id === tab ? 'true' : 'false'}
          aria-controls="view"
          tabindex=${t.id === tab ? 0 : -1}
          onClick=${() => select(t.id)}
        >${t.label}</button>`,
      )}
    </nav>
    <main id="view" role="tabpanel" aria-labelledby=${`tab-${tab}`} key=${`${tab}:${namespace}:${generation}`}>
      ${view}
    </main>`;
}

const root = document.getElementById('app')!;
root.textContent = ''; // the "Loading" line: Preact renders beside what it did not make
render(html`<${App} />`, root);
