/**
 * The request log of `groups-mock serve`: one line per answered request (method, path, status, ms,
 * namespace, operation, spec violations), written by pino — as JSON for tools, or formatted for
 * people. `error` keeps only the requests our own response broke the spec on; `debug` adds the
 * User-Agent. `silent` installs nothing, so the hot path pays nothing for a log nobody reads.
 *
 * @example
 *   14:02:11.204 PUT /kazoo/v2/accounts/de…01/groups 201 4.1ms ns=default createGroup
 */
import pino, { type Logger } from 'pino';
import type { ServedLine } from '../engine/runtime.js';

export type LogLevel = 'silent' | 'error' | 'info' | 'debug';
export type LogFormat = 'pretty' | 'json';

function prettyLine(line: Record<string, unknown>): string {
  const time = new Date(Number(line.time)).toISOString().slice(11, 23);
  if (line.msg !== 'request') return `${time} ${String(line.level === 50 ? 'error' : 'info')} ${String(line.msg)}\n`;
  const parts = [time, line.method, line.path, line.status, `${line.ms}ms`, `ns=${line.namespace}`];
  if (line.operationId) parts.push(line.operationId);
  if (line.requestViolations) parts.push(`request-violations=${line.requestViolations}`);
  if (line.responseViolations) parts.push(`RESPONSE-VIOLATIONS=${line.responseViolations} (a mock bug: GET /__admin/requests/violations)`);
  if (line.aborted) parts.push('(connection closed before the response)');
  if (line.userAgent) parts.push(`ua=${JSON.stringify(line.userAgent)}`);
  return `${parts.join(' ')}\n`;
}

/** The logger for a level and format, writing to `out` (stdout by default). */
export function createLogger(level: LogLevel, format: LogFormat, out: NodeJS.WritableStream = process.stdout): Logger {
  const base = { level, base: undefined, timestamp: pino.stdTimeFunctions.epochTime };
  if (format === 'json') return pino({ ...base, timestamp: pino.stdTimeFunctions.isoTime }, out as pino.DestinationStream);
  return pino(base, { write: (text: string) => out.write(prettyLine(JSON.parse(text) as Record<string, unknown>)) });
}

/** The engine's `onServed` hook for a logger, or undefined when nothing would be written. */
export function requestLogger(logger: Logger): ((line: ServedLine) => void) | undefined {
  if (!logger.isLevelEnabled('error')) return undefined;
  const info = logger.isLevelEnabled('info');
  const debug = logger.isLevelEnabled('debug');
  return (line) => {
    const { userAgent, ...rest } = line;
    const fields = debug && userAgent ? line : rest;
    // A response of ours that broke the spec is a mock bug: logged even at `error`.
    if (line.responseViolations) logger.error(fields, 'request');
    else if (info) logger.info(fields, 'request');
  };
}
