/**
 * Faults: the rules in force in the namespace with their hits, and an "Add rule" form — an API, an
 * operation (or any), then one of the operation's documented error statuses with the vendor's body
 * from the spec shown before it is added, or latency, a dropped connection, a malformed body or a
 * rate limit; with a count (times) or a duration (the delay, the rate limit's window). Remove one;
 * clear all. The admin API checks each rule and its refusal is shown as it says it.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { admin, describeError } from '../admin.js';
import { html } from '../html.js';
import { followJournal } from '../live.js';
import type { ApiInfo } from '../types.js';
import { operationsOf, engineErrors, type ErrorStatus, type Operation } from '../spec.js';

interface Rule {
  id: string;
  api: string;
  operationId?: string;
  method?: string;
  path?: string;
  namespace?: string;
  times?: number;
  remaining?: number;
  fired: number;
  action: Record<string, any>;
  origin: string;
}

const KINDS = [
  { id: 'respond', label: 'Documented error' },
  { id: 'latency', label: 'Latency' },
  { id: 'drop', label: 'Drop the connection' },
  { id: 'malformed', label: 'Malformed body' },
  { id: 'rateLimit', label: 'Rate limit' },
];

const specs = new Map<string, Promise<any>>();
export function specOf(api: string): Promise<any> {
  if (!specs.has(api))
    specs.set(
      api,
      admin(`/specs/${api}`).catch((e) => (specs.delete(api), Promise.reject(e))),
    );
  return specs.get(api)!;
}

function describeAction(a: Record<string, any>): string {
  if (a.respond) return `respond ${a.respond.status}${a.respond.example ? ` (${a.respond.example})` : ''}`;
  if (a.latency) return `latency ${JSON.stringify(a.latency)}`;
  if (a.connection) return `connection ${a.connection}`;
  if (a.rateLimit) return `rate limit ${a.rateLimit.limit} per ${a.rateLimit.windowMs} ms`;
  return JSON.stringify(a);
}

function AddRule({ apis, namespace, added }: { apis: ApiInfo[]; namespace: string; added: () => void }) {
  const [api, setApi] = useState(apis[0]?.name ?? '');
  const [doc, setDoc] = useState<any>();
  const [operationId, setOperationId] = useState('');
  const [kind, setKind] = useState('respond');
  const [status, setStatus] = useState('');
  const [example, setExample] = useState('');
  const [delay, setDelay] = useState('500');
  const [drop, setDrop] = useState('reset');
  const [limit, setLimit] = useState('1');
  const [windowText, setWindowText] = useState('1m');
  const [times, setTimes] = useState('1');
  const [error, setError] = useState<{ message: string; problems: string[] } | undefined>();
  const [done, setDone] = useState('');

  useEffect(() => {
    if (!api && apis[0]) setApi(apis[0].name);
  }, [apis]);
  useEffect(() => {
    setDoc(undefined);
    setOperationId('');
    if (api) specOf(api).then(setDoc, (err) => setError(describeError(err)));
  }, [api]);

  const ops: Operation[] = useMemo(() => (doc ? operationsOf(doc) : []), [doc]);
  const statuses: ErrorStatus[] = useMemo(
    () =>
      !doc ? [] : operationId ? (ops.find((o) => o.operationId === operationId)?.errors ?? []) : engineErrors(doc),
    [doc, ops, operationId],
  );
  useEffect(() => {
    if (!statuses.some((s) => String(s.status) === status)) setStatus(statuses[0] ? String(statuses[0].status) : '');
  }, [statuses]);
  const chosen = statuses.find((s) => String(s.status) === status);
  useEffect(() => setExample(chosen?.examples[0]?.name ?? ''), [chosen]);
  // The example picked, or (in the render before the effect above has run for a new status) its first:
  // the body shown and the rule added never lag behind the status chosen.
  const shown = chosen?.examples.find((x) => x.name === example) ?? chosen?.examples[0];
  const body = shown?.value;

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setDone('');
    const action =
      kind === 'respond'
        ? { respond: { status: Number(status), ...(shown && chosen && !chosen.engine ? { example: shown.name } : {}) } }
        : kind === 'latency'
          ? { latency: { fixedMs: Number(delay) } }
          : kind === 'drop'
            ? { connection: drop }
            : kind === 'malformed'
              ? { connection: 'malformed' }
              : {
                  rateLimit: {
                    limit: Number(limit),
                    windowMs: /^\d+$/.test(windowText) ? Number(windowText) : windowText,
                  },
                };
    const rule: Record<string, unknown> = { api, action };
    if (operationId) rule.operationId = operationId;
    if (times.trim()) rule.times = Number(times);
    try {
      const r = await admin<{ id: string }>('/faults', { method: 'POST', namespace, body: rule });
      setDone(`Rule ${r.id} added`);
      added();
    } catch (err) {
      setError(describeError(err));
    }
  };

  const field = (label: string, control: unknown) => html`<label>${label} ${control}</label>`;
  const value = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);
  return html`<form class="add-rule" aria-label="Add rule" onSubmit=${submit}>
    <h3>Add rule</h3>
    ${field('API', html`<select aria-label="API" value=${api} onChange=${value(setApi)}>${apis.map((a) => html`<option value=${a.name}>${a.title} (${a.name})</option>`)}</select>`)}
    ${field(
      'Operation',
      html`<select aria-label="Operation" value=${operationId} onChange=${value(setOperationId)}>
        <option value="">any request to the API</option>
        ${ops.map((o) => html`<option value=${o.operationId}>${o.operationId} — ${o.method} ${o.path}</option>`)}
      </select>`,
    )}
    ${field('Fault', html`<select aria-label="Fault" value=${kind} onChange=${value(setKind)}>${KINDS.map((k) => html`<option value=${k.id}>${k.label}</option>`)}</select>`)}
    ${
      kind === 'respond' &&
      html`${field(
        'Status',
        html`<select aria-label="Status" value=${status} onChange=${value(setStatus)}>
          ${statuses.map((s) => html`<option value=${String(s.status)}>${s.status}${s.engine ? ' (engine)' : ''} — ${s.description.split('\n')[0]?.slice(0, 80)}</option>`)}
        </select>`,
      )}
      ${chosen && chosen.examples.length > 1 && field('Example', html`<select aria-label="Example" value=${example} onChange=${value(setExample)}>${chosen.examples.map((x) => html`<option value=${x.name}>${x.name}</option>`)}</select>`)}
      <label class="wide">Body (the vendor's, from the spec)
        <textarea aria-label="Body" readonly rows="8">${body === undefined ? '(none documented)' : JSON.stringify(body, null, 2)}</textarea>
      </label>`
    }
    ${kind === 'latency' && field('Delay (ms)', html`<input type="number" min="0" value=${delay} onInput=${value(setDelay)} />`)}
    ${
      kind === 'drop' &&
      field(
        'How',
        html`<select aria-label="How" value=${drop} onChange=${value(setDrop)}>
        <option value="reset">reset (ECONNRESET)</option>
        <option value="empty">closed without a byte</option>
        <option value="truncated">response cut in half</option>
      </select>`,
      )
    }
    ${
      kind === 'rateLimit' &&
      html`${field('Limit', html`<input type="number" min="0" value=${limit} onInput=${value(setLimit)} />`)}
      ${field('Window', html`<input value=${windowText} onInput=${value(setWindowText)} placeholder="1m, 30s, 60000" />`)}`
    }
    ${field('Times', html`<input type="number" min="1" value=${times} onInput=${value(setTimes)} placeholder="until removed" />`)}
    <button type="submit">Add rule</button>
    <span role="status">${done}</span>
    ${error && html`<div class="error" role="alert"><p>${error.message}</p><ul>${error.problems.map((p) => html`<li>${p}</li>`)}</ul></div>`}
  </form>`;
}

export function FaultsView({ apis, namespace }: { apis: ApiInfo[]; namespace: string }) {
  const [rules, setRules] = useState<Rule[]>([]);
  const [error, setError] = useState('');
  const load = () =>
    admin<{ faults: Rule[] }>('/faults', { namespace })
      .then((r) => setRules(r.faults))
      .catch((err) => setError(describeError(err).message));
  // Hits change as requests arrive: reload when the live journal shows a rule acting (no polling).
  useEffect(() => {
    load();
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => (timer ??= setTimeout(() => ((timer = undefined), load()), 150));
    void followJournal(
      namespace,
      undefined,
      { entry: (e) => e.faults?.length && soon(), dropped: soon, status: () => {} },
      abort.signal,
    );
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [namespace]);
  const remove = async (rule: Rule) => {
    await admin(`/faults/${encodeURIComponent(rule.id)}`, {
      method: 'DELETE',
      namespace: rule.namespace === '*' ? '*' : namespace,
    }).catch((err) => setError(describeError(err).message));
    load();
  };
  const clearAll = async () => {
    if (!confirm(`Remove every fault rule of namespace "${namespace}"?`)) return;
    await admin('/faults', { method: 'DELETE', namespace }).catch((err) => setError(describeError(err).message));
    load();
  };
  return html`<section class="faults" aria-label="Faults">
    <div class="toolbar">
      <h3>Rules in force</h3>
      <button onClick=${load}>Refresh</button>
      <button onClick=${clearAll} disabled=${!rules.length}>Clear all</button>
    </div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <table class="rules">
      <thead><tr><th>id</th><th>API</th><th>operation</th><th>action</th><th>left</th><th>hits</th><th>namespace</th><th></th></tr></thead>
      <tbody>
        ${rules.length === 0 && html`<tr><td colspan="8" class="hint">No rule: requests get their normal answers.</td></tr>`}
        ${rules.map(
          (r) => html`<tr key=${r.id}>
            <td>${r.id}</td><td>${r.api}</td><td>${r.operationId ?? (r.path ? `${r.method ?? ''} ${r.path}` : 'any')}</td>
            <td>${describeAction(r.action)}</td><td>${r.remaining ?? '∞'}</td><td class="hits">${r.fired}</td><td>${r.namespace ?? namespace}</td>
            <td><button aria-label=${`Remove rule ${r.id}`} onClick=${() => remove(r)}>Remove</button></td>
          </tr>`,
        )}
      </tbody>
    </table>
    <${AddRule} apis=${apis} namespace=${namespace} added=${load} />
  </section>`;
}
