/**
 * Colour for people, never for tools: on a terminal the request log and the banner are coloured
 * (as Prism's log is); when the stream is a file or a pipe, or `NO_COLOR` is set (no-color.org), or
 * `TERM=dumb`, they are plain text. `FORCE_COLOR` (set, not `0`/`false`) turns colour on anyway, as
 * in Node's own tools.
 *
 * @example
 *   const paint = paintFor(process.stdout);
 *   process.stdout.write(`${paint.green('200')} ${paint.dim('4.1ms')}\n`);
 */

export interface Paint {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

/** Whether a stream should get colour, by the conventions above. */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string) => text;

export function paintFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Paint {
  const on = colourWanted(stream, env);
  return {
    enabled: on,
    bold: on ? sgr(1, 22) : plain,
    dim: on ? sgr(2, 22) : plain,
    red: on ? sgr(31, 39) : plain,
    green: on ? sgr(32, 39) : plain,
    yellow: on ? sgr(33, 39) : plain,
    cyan: on ? sgr(36, 39) : plain,
    magenta: on ? sgr(35, 39) : plain,
  };
}
