/**
 * The README's ```bash blocks as one bash script, and what each command says it answers — kept out of
 * the test so that the parsing (continuation lines, comments outside quotes) has its own unit test.
 */

export interface Block {
  /** README line (1-based) of the block's first line of code. */
  firstLine: number;
  lines: string[];
}

export interface Command {
  /** README lines (1-based) of the command, continuation lines included. */
  start: number;
  end: number;
  /** Statuses its comment names (`# 404 bad_identifier`, `# 200 200 429 60`); empty: a success. */
  statuses: Set<number>;
}

/** Every ```bash block, in order (```sh and others are not run). */
export function bashBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let current: Block | undefined;
  lines.forEach((line, i) => {
    if (current) {
      if (/^```\s*$/.test(line)) {
        blocks.push(current);
        current = undefined;
      } else current.lines.push(line);
    } else if (/^```bash\s*$/.test(line)) current = { firstLine: i + 2, lines: [] };
  });
  if (current) throw new Error(`README.md line ${current.firstLine - 1}: a bash block is never closed`);
  return blocks;
}

/** Where a shell comment starts on this line (a `#` outside quotes, at the start or after a blank), or -1. */
export function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return i;
  }
  return -1;
}

/** A status in a comment: three digits standing alone (not the 125 of `grp-125`). */
const STATUS = /(?<![\w.-])([1-5]\d\d)(?![\w.-])/g;

/** The commands of the blocks: lines joined by a trailing backslash, comment-only lines left out. */
export function commandsOf(blocks: Block[]): Command[] {
  const out: Command[] = [];
  for (const block of blocks) {
    let open: Command | undefined;
    block.lines.forEach((line, i) => {
      const at = commentStart(line);
      const code = (at < 0 ? line : line.slice(0, at)).trimEnd();
      const comment = at < 0 ? '' : line.slice(at + 1);
      if (!open && code.trim() === '') return;
      const lineNo = block.firstLine + i;
      open ??= { start: lineNo, end: lineNo, statuses: new Set() };
      open.end = lineNo;
      for (const m of comment.matchAll(STATUS)) open.statuses.add(Number(m[1]));
      if (!code.endsWith('\\')) {
        out.push(open);
        open = undefined;
      }
    });
    if (open) out.push(open);
  }
  return out;
}

/**
 * One script of every block, the README's port replaced (and the other ports it names, such as the
 * proxy's `4020`, in URLs and `--port` flags): `set -euo pipefail`, a trap naming the line
 * that failed, and a `curl` that sends the line it is called from (`X-Readme-Line`), so the server
 * side can tell which command each request came from.
 */
export function buildScript(
  blocks: Block[],
  port: number,
  otherPorts: Record<number, number> = {},
): { script: string; readmeLineOf(scriptLine: number): number | undefined } {
  const preamble = [
    'set -euo pipefail',
    `trap 'echo "README-FAILED script-line=$LINENO exit=$?" >&2' ERR`,
    'curl() { command curl -H "X-Readme-Line: ${BASH_LINENO[0]}" "$@"; }',
  ];
  const script: string[] = [...preamble];
  const readmeLine: Array<number | undefined> = preamble.map(() => undefined);
  for (const block of blocks) {
    script.push(`echo "--- README.md line ${block.firstLine}" >&2`);
    readmeLine.push(undefined);
    block.lines.forEach((line, i) => {
      let text = line.replaceAll('127.0.0.1:4010', `127.0.0.1:${port}`);
      for (const [from, to] of Object.entries(otherPorts))
        text = text.replaceAll(`127.0.0.1:${from}`, `127.0.0.1:${to}`).replaceAll(`--port ${from}`, `--port ${to}`);
      script.push(text);
      readmeLine.push(block.firstLine + i);
    });
  }
  return { script: `${script.join('\n')}\n`, readmeLineOf: (n) => readmeLine[n - 1] };
}
