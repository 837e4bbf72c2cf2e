/**
 * The journal as it grows: `GET /__admin/requests/live` (server-sent events) read with a streaming
 * `fetch`, so the admin token travels as a header — `EventSource` cannot send one and would need it
 * in the URL. Reconnects after a break, asking for what came after the last entry it saw.
 */
import { adminUrl, askForToken, authHeaders } from './admin.js';

export interface LiveHandlers {
  entry(e: any): void;
  dropped(n: number): void;
  status(s: 'open' | 'closed' | 'retrying'): void;
}

/** Follows the namespace's journal (after the entry `after`, when given) until `signal` aborts. */
export async function followJournal(
  namespace: string,
  after: number | undefined,
  on: LiveHandlers,
  signal: AbortSignal,
) {
  let last = after;
  while (!signal.aborted) {
    try {
      const res = await fetch(
        adminUrl('/requests/live', { namespace, query: { after: last === undefined ? undefined : String(last) } }),
        {
          headers: { Accept: 'text/event-stream', ...authHeaders() },
          signal,
          cache: 'no-store',
          credentials: 'omit',
        },
      );
      if (res.status === 401) {
        askForToken('the admin API needs its token');
        on.status('closed');
        return;
      }
      if (!res.ok || !res.body) throw new Error(`${res.status}`);
      on.status('open');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf('\n\n');
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (event === 'entry') {
            const e = JSON.parse(data);
            if (last !== undefined) last = Math.max(last, e.seq);
            on.entry(e);
          } else if (event === 'dropped') on.dropped(JSON.parse(data).dropped);
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    on.status('retrying');
    await new Promise((r) => setTimeout(r, 2000));
  }
}
