/**
 * `GET /__admin/requests/live`: the journal of the call's namespace as it grows, as server-sent
 * events (the web console's Traffic view; `curl -N` works too). Each entry kept is one `entry` event
 * whose data is the entry as `GET /__admin/requests` lists it. `?after=<seq>` first sends the kept
 * entries after that one (the console lists the journal, then asks for what came since, so nothing
 * falls between); `?api=` keeps one API's.
 *
 * Bounded: entries are serialised off the request's path (a batch per tick), at most `MAX_PENDING`
 * wait for a tick, and a client that reads slower than the mock records (its socket's buffer past
 * `MAX_BUFFERED_BYTES`) misses entries instead of growing the mock's memory — a `dropped` event says
 * how many. A comment every 15 s keeps proxies from closing an idle stream. The watcher goes with the
 * connection. The token, when one is set, is a header like on every admin call (the console reads
 * the stream with a streaming `fetch`, never with a token in the URL).
 */
import type { Request, Response } from 'express';
import type { JournalEntry } from '../qa/journal/entry.js';
import type { JournalRecord } from '../qa/journal/record.js';
import type { Runtime } from '../runtime.js';
import { adminError, scopeParams } from './errors.js';

/** Bytes a client may leave unread in its socket's buffer before entries are dropped for it. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Entries waiting for the next tick, per stream. */
export const MAX_PENDING = 5000;
/** Streams open at once (each holds a watcher on the journal). */
export const MAX_STREAMS = 64;
const KEEPALIVE_MS = 15_000;

let open = 0;

/** What the journal's admin routes need of a runtime (the mock's, or the proxy's spec index and journal). */
export type JournalHost = Pick<Runtime, 'journal' | 'apis'>;

export function liveJournal(rt: JournalHost, unnamed?: string) {
  return (req: Request, res: Response) => {
    const scope = scopeParams(rt, req, res, unnamed);
    if (!scope) return;
    const after = req.query.after === undefined ? undefined : Number(req.query.after);
    if (after !== undefined) {
      if (!Number.isSafeInteger(after) || after < 0)
        return adminError(res, 400, 'after must be the seq of an entry (an integer ≥ 0)');
    }
    if (open >= MAX_STREAMS)
      return adminError(res, 503, `${MAX_STREAMS} live streams are open already`, ['close one (a console tab)']);
    const keep = (e: { namespace: string; api: string }) =>
      (scope.namespace === undefined || e.namespace === scope.namespace) &&
      (scope.api === undefined || e.api === scope.api);

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ namespace: scope.namespace ?? '*' })}\n\n`);

    let pending: JournalRecord[] = [];
    let dropped = 0;
    let scheduled: NodeJS.Immediate | undefined;
    const send = (entry: JournalEntry) => {
      if (res.writableLength > MAX_BUFFERED_BYTES) return void dropped++;
      res.write(`id: ${entry.seq}\nevent: entry\ndata: ${JSON.stringify(entry)}\n\n`);
    };
    const flush = () => {
      scheduled = undefined;
      const batch = pending;
      pending = [];
      for (const r of batch) {
        const entry = rt.journal.read(r);
        if (entry) send(entry);
      }
      if (dropped) {
        res.write(`event: dropped\ndata: ${JSON.stringify({ dropped })}\n\n`);
        dropped = 0;
      }
    };
    const stop = rt.journal.watch((r) => {
      if (!keep(r)) return;
      if (pending.length >= MAX_PENDING) return void dropped++;
      pending.push(r);
      scheduled ??= setImmediate(flush);
    });
    open++;
    // What came after `after` and is still kept, oldest first (then live).
    if (after !== undefined) for (const e of rt.journal.list((e) => e.seq > after && keep(e))) send(e);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    keepalive.unref();
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      open--;
      stop();
      clearInterval(keepalive);
      if (scheduled) clearImmediate(scheduled);
      pending = [];
    };
    req.on('close', close);
    res.on('close', close);
    res.on('error', close);
  };
}
