/**
 * The request log of `groups-mock serve`: one line per answered request (method, path, status, ms,
 * namespace, operation, spec violations, warnings) — as JSON lines written by pino for tools, or formatted
 * straight from the engine's record for people (no serialise-then-parse on the way). `error` keeps
 * only the requests our own response broke the spec on; `debug` adds the User-Agent. `silent`
 * installs nothing, so the hot path pays nothing for a log nobody reads.
 *
 * @example
 *   14:02:11.204 PUT /kazoo/v2/accounts/de…01/groups 201 4.1ms ns=default createGroup
 */
import pino from 'pino';
import type { ServedLine } from '../engine/runtime.js';

export type LogLevel = 'silent' | 'error' | 'info' | 'debug';
export type LogFormat = 'pretty' | 'json';

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };

/** Client-chosen names, quoted and bounded: a log line is no place for 16 KB of query. */
const namesOf = (names: string[]) =>
  names
    .slice(0, 5)
    .map((n) => JSON.stringify(n.length > 40 ? `${n.slice(0, 40)}…` : n))
    .join(', ') + (names.length > 5 ? ', …' : '');

function prettyLine(line: ServedLine, userAgent: string | undefined): string {
  const parts: Array<string | number> = [
    new Date().toISOString().slice(11, 23),
    line.method,
    line.path,
    line.status,
    `${line.ms}ms`,
    `ns=${line.namespace}`,
  ];
  if (line.operationId) parts.push(line.operationId);
  if (line.requestViolations) parts.push(`request-violations=${line.requestViolations}`);
  if (line.requestWarnings) {
    const what = [
      line.unknownQuery?.length ? `query ${namesOf(line.unknownQuery)}` : '',
      line.bodyReadAsJson !== undefined ? `content-type ${namesOf([line.bodyReadAsJson])} read as JSON` : '',
    ].filter(Boolean);
    parts.push(`warnings=${line.requestWarnings} (accepted, not in the spec: ${what.join('; ')})`);
  }
  if (line.responseViolations)
    parts.push(`RESPONSE-VIOLATIONS=${line.responseViolations} (a mock bug: GET /__admin/requests/violations)`);
  if (line.aborted) parts.push('(connection closed before the response)');
  if (userAgent) parts.push(`ua=${JSON.stringify(userAgent)}`);
  return `${parts.join(' ')}\n`;
}

/** The engine's `onServed` hook for a level and format, writing to `out`; undefined when nothing would be written. */
export function requestLogger(
  level: LogLevel,
  format: LogFormat,
  out: NodeJS.WritableStream = process.stdout,
): ((line: ServedLine) => void) | undefined {
  if (RANK[level] < RANK.error) return undefined;
  const info = RANK[level] >= RANK.info;
  const debug = RANK[level] >= RANK.debug;
  // A response of ours that broke the spec is a mock bug: logged even at `error`.
  const wanted = (line: ServedLine) => info || line.responseViolations > 0;
  if (format === 'pretty') {
    return (line) => {
      if (wanted(line)) out.write(prettyLine(line, debug ? line.userAgent : undefined));
    };
  }
  const logger = pino(
    { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    out as pino.DestinationStream,
  );
  return (line) => {
    if (!wanted(line)) return;
    const { userAgent, ...rest } = line;
    const fields = debug && userAgent ? line : rest;
    if (line.responseViolations) logger.error(fields, 'request');
    else logger.info(fields, 'request');
  };
}
