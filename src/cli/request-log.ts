/**
 * The request log of `groups-mock serve`: one line per answered request (method, path and query,
 * status, ms, namespace, operation, spec violations, warnings, and what chose the answer when the
 * handler did not: a fault rule or `Prefer`) — as JSON lines written by pino for tools, or
 * formatted straight from the engine's record for people, coloured on a terminal (colour.ts). The
 * query is shown with credentials masked as the journal masks them (`?auth_token=***`), and bounded:
 * a log line is no place for 16 KB of client-chosen text. `error` keeps only the requests our own
 * response broke the spec on; `debug` adds the User-Agent. `silent` installs nothing, so the hot
 * path pays nothing for a log nobody reads.
 *
 * @example
 *   14:02:11.204 GET /kazoo/v2/accounts/de…01/groups?ascending=true 200 4.1ms ns=default listGroups
 *   14:02:12.090 GET /kazoo/v2/accounts/de…01/groups/f0…01 404 0.9ms ns=qa-1 getGroup fault=f1(respond 404)
 */
import pino from 'pino';
import { isSensitive, MASK } from '../engine/qa/journal/masking.js';
import type { FiredFault } from '../engine/qa/faults/types.js';
import type { ServedLine } from '../engine/runtime.js';
import { paintFor, type Paint } from './colour.js';

export type LogLevel = 'silent' | 'error' | 'info' | 'debug';
export type LogFormat = 'pretty' | 'json';

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };

/** Longest value and whole query a line shows. */
const MAX_VALUE = 60;
const MAX_QUERY = 300;

const bounded = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Client-chosen names, quoted and bounded. */
const namesOf = (names: string[]) =>
  names
    .slice(0, 5)
    .map((n) => JSON.stringify(bounded(n, 40)))
    .join(', ') + (names.length > 5 ? ', …' : '');

/** The query as a URL query string (`?a=1&auth_token=***`): credentials masked, values bounded, percent-encoded (no control characters reach the terminal). */
export function queryText(query: ServedLine['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value])
      params.append(bounded(name, MAX_VALUE), isSensitive(name) && v !== '' ? MASK : bounded(v, MAX_VALUE));
  }
  const text = params.toString();
  return text ? `?${bounded(text, MAX_QUERY)}` : '';
}

/** A fault rule that acted: its id and what it did (`f1(respond 404)`, `f2(latency 500ms)`). */
function faultText(f: FiredFault): string {
  const what =
    f.action === 'latency'
      ? `latency ${f.delayMs ?? 0}ms`
      : f.action === 'connection'
        ? `connection ${f.connection ?? ''}`.trim()
        : f.action === 'rateLimit'
          ? `rateLimit${f.status ? ` ${f.status}` : ''}`
          : `respond${f.status ? ` ${f.status}` : ''}`;
  return `${f.ruleId}(${what})`;
}

/** The marks of an answer the handler did not choose: `fault=…` and `prefer="…"`. */
export function choiceMarks(line: Pick<ServedLine, 'faults' | 'prefer'>): string[] {
  const marks: string[] = [];
  if (line.faults?.length) marks.push(`fault=${line.faults.map(faultText).join(',')}`);
  if (line.prefer !== undefined) marks.push(`prefer=${JSON.stringify(bounded(line.prefer, MAX_VALUE))}`);
  return marks;
}

function statusColour(paint: Paint, status: number): (text: string) => string {
  if (status >= 500) return paint.red;
  if (status >= 400) return paint.yellow;
  if (status >= 300) return paint.cyan;
  return paint.green;
}

function prettyLine(line: ServedLine, userAgent: string | undefined, paint: Paint): string {
  const parts: Array<string | number> = [
    paint.dim(new Date().toISOString().slice(11, 23)),
    paint.bold(line.method),
    `${line.path}${paint.dim(queryText(line.query))}`,
    statusColour(paint, line.status)(String(line.status)),
    paint.dim(`${line.ms}ms`),
    `ns=${line.namespace}`,
  ];
  if (line.operationId) parts.push(line.operationId);
  parts.push(...choiceMarks(line).map(paint.magenta));
  if (line.requestViolations) parts.push(paint.yellow(`request-violations=${line.requestViolations}`));
  if (line.requestWarnings) {
    const what = [
      line.unknownQuery?.length ? `query ${namesOf(line.unknownQuery)}` : '',
      line.bodyReadAsJson !== undefined ? `content-type ${namesOf([line.bodyReadAsJson])} read as JSON` : '',
    ].filter(Boolean);
    parts.push(`warnings=${line.requestWarnings} (accepted, not in the spec: ${what.join('; ')})`);
  }
  if (line.responseViolations)
    parts.push(
      paint.red(`RESPONSE-VIOLATIONS=${line.responseViolations} (a mock bug: GET /__admin/requests/violations)`),
    );
  if (line.aborted) parts.push('(connection closed before the response)');
  if (userAgent) parts.push(`ua=${JSON.stringify(userAgent)}`);
  return `${parts.join(' ')}\n`;
}

/**
 * The engine's `onServed` hook for a level and format, writing to `out` (colour as `paint` says,
 * for `pretty`); undefined when nothing would be written.
 */
export function requestLogger(
  level: LogLevel,
  format: LogFormat,
  out: NodeJS.WritableStream = process.stdout,
  paint: Paint = paintFor(out as { isTTY?: boolean }),
): ((line: ServedLine) => void) | undefined {
  if (RANK[level] < RANK.error) return undefined;
  const info = RANK[level] >= RANK.info;
  const debug = RANK[level] >= RANK.debug;
  // A response of ours that broke the spec is a mock bug: logged even at `error`.
  const wanted = (line: ServedLine) => info || line.responseViolations > 0;
  if (format === 'pretty') {
    return (line) => {
      if (wanted(line)) out.write(prettyLine(line, debug ? line.userAgent : undefined, paint));
    };
  }
  const logger = pino(
    { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    out as pino.DestinationStream,
  );
  return (line) => {
    if (!wanted(line)) return;
    const { userAgent, query, faults, ...rest } = line;
    const fields = {
      ...rest,
      // The query as the pretty line shows it (masked, bounded), and the rules by id and action.
      ...(Object.keys(query).length ? { query: queryText(query).slice(1) } : {}),
      ...(faults?.length ? { faults: faults.map(faultText) } : {}),
      ...(debug && userAgent ? { userAgent } : {}),
    };
    if (line.responseViolations) logger.error(fields, 'request');
    else logger.info(fields, 'request');
  };
}
