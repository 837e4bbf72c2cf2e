/**
 * State: the namespace's state of one API as a tree with search; download it, upload one (the
 * admin import: a refused state shows each problem next to the field it names, and the old state is
 * kept), reset the API in the namespace after a confirmation.
 */
import { useEffect, useState } from 'preact/hooks';
import { admin, describeError, download } from '../admin.js';
import { html } from '../html.js';
import type { ApiInfo } from '../types.js';
import { problemsByPath } from '../problems.js';
import { Tree } from './tree.js';

export function StateView({ apis, namespace }: { apis: ApiInfo[]; namespace: string }) {
  const [api, setApi] = useState(apis[0]?.name ?? '');
  const [state, setState] = useState<unknown>();
  const [search, setSearch] = useState('');
  const [rejected, setRejected] = useState<{ value: unknown; message: string; problems: string[] } | undefined>();
  const [note, setNote] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    if (!api && apis[0]) setApi(apis[0].name);
  }, [apis]);
  const load = () => {
    if (!api) return;
    setError('');
    admin(`/state/${api}`, { namespace }).then(setState, (err) => setError(describeError(err).message));
  };
  useEffect(() => {
    setRejected(undefined);
    setNote('');
    load();
  }, [api, namespace]);

  const upload = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setNote('');
    setRejected(undefined);
    let value: unknown;
    try {
      value = JSON.parse(await file.text());
    } catch (err) {
      return setError(`${file.name} is not JSON: ${(err as Error).message}`);
    }
    try {
      await admin(`/state/${api}`, { method: 'PUT', namespace, body: value });
      setNote(`${file.name} imported into ${api} / ${namespace}`);
      setError('');
      load();
    } catch (err) {
      const { message, problems } = describeError(err);
      setRejected({ value, message, problems });
    }
  };
  const reset = async () => {
    if (!confirm(`Reset ${api} in namespace "${namespace}" to its demo tenant? Its state, fault rules and journal go.`))
      return;
    try {
      await admin('/reset', { method: 'POST', namespace, query: { api } });
      setNote(`${api} / ${namespace} reset to the demo tenant`);
      setRejected(undefined);
      load();
    } catch (err) {
      setError(describeError(err).message);
    }
  };

  return html`<section class="state" aria-label="State">
    <div class="toolbar">
      <label>API <select aria-label="API" value=${api} onChange=${(e: Event) => setApi((e.target as HTMLSelectElement).value)}>
        ${apis.map((a) => html`<option value=${a.name}>${a.title} (${a.name})</option>`)}
      </select></label>
      <label>Search <input type="search" value=${search} onInput=${(e: Event) => setSearch((e.target as HTMLInputElement).value)} /></label>
      <button onClick=${() => download(`${api}-${namespace}.json`, `${JSON.stringify(state, null, 2)}\n`)} disabled=${state === undefined}>Download</button>
      <label class="file">Upload state <input type="file" accept="application/json,.json" onChange=${upload} /></label>
      <button onClick=${reset}>Reset…</button>
    </div>
    ${note && html`<p class="note" role="status">${note}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${
      rejected
        ? html`<div class="rejected">
          <p class="error" role="alert">${rejected.message}</p>
          <p>The uploaded file, each problem next to its field:</p>
          <${Tree} value=${rejected.value} search=${search} problems=${problemsByPath(rejected.problems)} />
          <button onClick=${() => setRejected(undefined)}>Back to the state in force</button>
        </div>`
        : state !== undefined && html`<${Tree} value=${state} search=${search} problems=${new Map()} />`
    }
  </section>`;
}
