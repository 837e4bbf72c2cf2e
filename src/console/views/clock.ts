/**
 * Clock: the namespace's engine clock — now (ticking on the page while it runs, without asking the
 * server), advance by a duration, set, freeze and unfreeze; a refusal (a time without an offset, a
 * date past 9999) is shown as the admin API words it.
 */
import { useEffect, useState } from 'preact/hooks';
import { admin, describeError } from '../admin.js';
import { html } from '../html.js';

interface Clock {
  namespace: string;
  mode: 'system' | 'fixed';
  now: string;
  epochMs: number;
}

export function ClockView({ namespace }: { namespace: string }) {
  const [clock, setClock] = useState<Clock>();
  const [at, setAt] = useState(0);
  const [tick, setTick] = useState(0);
  const [advance, setAdvance] = useState('1h');
  const [set, setSet] = useState('');
  const [error, setError] = useState<{ message: string; problems: string[] }>();

  const apply = (p: Promise<Clock>) =>
    p.then(
      (c) => {
        setClock(c);
        setAt(performance.now());
        setError(undefined);
      },
      (err) => setError(describeError(err)),
    );
  useEffect(() => void apply(admin<Clock>('/clock', { namespace })), [namespace]);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);
  const post = (body: unknown) => apply(admin<Clock>('/clock', { method: 'POST', namespace, body }));
  const shown = clock && (clock.mode === 'fixed' ? clock.epochMs : clock.epochMs + (performance.now() - at));
  void tick;

  return html`<section class="clock" aria-label="Clock">
    <p class="now">
      <span class="label">Now</span>
      <output aria-live="off" data-epoch=${clock?.epochMs}>${shown === undefined ? '…' : new Date(Math.floor(shown)).toISOString()}</output>
      <span class="mode">${clock ? (clock.mode === 'fixed' ? 'frozen' : 'running') : ''}</span>
    </p>
    <form onSubmit=${(e: Event) => (e.preventDefault(), post({ advance: /^-?\d+$/.test(advance.trim()) ? Number(advance) : advance.trim() }))}>
      <label>Advance by <input value=${advance} onInput=${(e: Event) => setAdvance((e.target as HTMLInputElement).value)} placeholder="20m, 1h30m, -5m, 60000" /></label>
      <button type="submit">Advance</button>
    </form>
    <form onSubmit=${(e: Event) => (e.preventDefault(), post({ set: set.trim() }))}>
      <label>Set to <input value=${set} onInput=${(e: Event) => setSet((e.target as HTMLInputElement).value)} placeholder="2030-01-01T00:00:00Z" /></label>
      <button type="submit">Set</button>
    </form>
    <div class="buttons">
      <button onClick=${() => post({ freeze: true })} disabled=${clock?.mode === 'fixed'}>Freeze</button>
      <button onClick=${() => post({ freeze: false })} disabled=${clock?.mode !== 'fixed'}>Unfreeze</button>
    </div>
    ${error && html`<div class="error" role="alert"><p>${error.message}</p><ul>${error.problems.map((p) => html`<li>${p}</li>`)}</ul></div>`}
  </section>`;
}
