/**
 * A docs page's ```bash blocks as one bash script, what each command says it answers, and the
 * conventions every snippet keeps (the base URL set once, statuses shown, no address hard-coded) —
 * kept out of the tests so that the parsing (continuation lines, comments outside quotes) has its
 * own unit test.
 */

export interface Block {
  /** Page line (1-based) of the block's first line of code. */
  firstLine: number;
  lines: string[];
}

export interface Command {
  /** Page lines (1-based) of the command, continuation lines included. */
  start: number;
  end: number;
  /** Statuses its comment names (`# 404 bad_identifier`, `# 200 200 429 60`); empty: a success. */
  statuses: Set<number>;
  /** The code, continuation lines joined, comments left out. */
  code: string;
}

/** Every ```bash block, in order (```sh and others are not run). */
export function bashBlocks(markdown: string, file = 'README.md'): Block[] {
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
  if (current) throw new Error(`${file} line ${current.firstLine - 1}: a bash block is never closed`);
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
      open ??= { start: lineNo, end: lineNo, statuses: new Set(), code: '' };
      open.end = lineNo;
      open.code += `${code.endsWith('\\') ? code.slice(0, -1) : code} `;
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
 * The curl invocations of a command's code whose answer reaches the terminal: not inside a command
 * substitution `$(…)` (the script keeps the answer) and not piped into another command. Each is its
 * text from `curl` to the end of its simple command.
 */
export function shownCurls(code: string): string[] {
  const out: string[] = [];
  const stack: Array<'capture' | 'subshell'> = [];
  let quote: string | undefined;
  let open: { start: number; depth: number } | undefined;
  const close = (end: number, piped: boolean) => {
    if (open && !piped) out.push(code.slice(open.start, end).trim());
    open = undefined;
  };
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '$' && code[i + 1] === '(') {
      stack.push('capture');
      i++;
    } else if (c === '(') stack.push('subshell');
    else if (c === ')') {
      if (open && stack.length <= open.depth) close(i, false);
      stack.pop();
    } else if (c === '|' || c === ';' || c === '&') {
      if (open && stack.length === open.depth) close(i, c === '|' && code[i + 1] !== '|');
      if (code[i + 1] === c) i++;
    } else if (
      !open &&
      code.startsWith('curl', i) &&
      /\s/.test(code[i + 4] ?? ' ') &&
      (i === 0 || /[\s;&|(]/.test(code[i - 1]!)) &&
      !stack.includes('capture')
    ) {
      open = { start: i, depth: stack.length };
    }
  }
  close(code.length, false);
  return out;
}

/**
 * What breaks the snippet conventions, page line by page line: an address written out (`127.0.0.1:N`)
 * anywhere but in the one default of a variable (`M=${M:-http://127.0.0.1:4010}`), that default given
 * more than once a page, a curl whose answer is shown without its status (`-w`, or `-i`) or that
 * hides its errors (`-s` without `-S`), and a file written into the working folder rather than a
 * temporary one (`> file`, `-o file`, `--report file` without a `$TMP`-style folder).
 */
export function snippetProblems(blocks: Block[], file: string): string[] {
  const problems: string[] = [];
  const defaults = new Map<string, number>();
  for (const block of blocks) {
    block.lines.forEach((line, i) => {
      const at = `${file} line ${block.firstLine + i}`;
      const at0 = commentStart(line);
      const code = at0 < 0 ? line : line.slice(0, at0);
      for (const m of code.matchAll(/\$\{(\w+):-https?:\/\/127\.0\.0\.1:\d+[^}]*\}/g)) {
        const seen = defaults.get(m[1]!);
        if (seen !== undefined)
          problems.push(
            `${at}: ${m[1]} is given its default again (first at line ${seen}); set the base URL once a page`,
          );
        else defaults.set(m[1]!, block.firstLine + i);
      }
      if (/127\.0\.0\.1:\d+/.test(code.replace(/\$\{\w+:-https?:\/\/127\.0\.0\.1:\d+[^}]*\}/g, ''))) {
        problems.push(
          `${at}: an address written out; use the page's base URL variable (M=\${M:-http://127.0.0.1:4010})`,
        );
      }
    });
  }
  for (const c of commandsOf(blocks)) {
    const at = `${file} line ${c.start}`;
    for (const curl of shownCurls(c.code)) {
      const flags = curl.split(/\s+/);
      const shortFlags = flags.filter((f) => /^-[a-zA-Z]+$/.test(f)).join('');
      if (!flags.some((f) => f === '-w' || f === '--write-out' || f === '--include') && !/i/.test(shortFlags)) {
        problems.push(`${at}: a curl shows its answer without the status (add -w '\\n%{http_code}\\n', or -i)`);
      }
    }
    for (const m of c.code.matchAll(/\bcurl\s[^|;]*/g)) {
      const shortFlags = m[0]
        .split(/\s+/)
        .filter((f) => /^-[a-zA-Z]+$/.test(f))
        .join('');
      if (shortFlags.includes('s') && !shortFlags.includes('S'))
        problems.push(`${at}: curl -s hides its errors; use -sS`);
    }
    for (const m of c.code.matchAll(/(?:(?<![<>&\d])>{1,2}\s*|\s-o\s+|--output\s+|--report[ =])("?)([^\s"]+)\1/g)) {
      const target = m[2]!;
      if (
        target === '/dev/null' ||
        target.startsWith('&') ||
        /^\$\{?(TMP|TMPDIR|WORK)\b/.test(target) ||
        target.startsWith('/tmp/')
      )
        continue;
      problems.push(
        `${at}: writes ${target} into the working folder; write into a temporary folder (TMP=$(mktemp -d))`,
      );
    }
  }
  return problems;
}

/**
 * One script of a page's blocks: `set -euo pipefail`, a trap naming the line that failed, and a
 * `curl` that sends the page line of the command it comes from (`X-Docs-Line`; also from a shell
 * function the page defined) and keeps the answer's headers in `$DOCS_STATUS_DIR/<line>.*`, so that
 * the status of every call is known — also of a call to a server the page started itself.
 * The page's addresses are not rewritten: its base URL variable comes from the environment.
 */
export function buildScript(
  blocks: Block[],
  file: string,
): { script: string; pageLineOf(scriptLine: number): number | undefined } {
  const preamble = [
    'set -euo pipefail',
    `trap 'echo "DOCS-FAILED script-line=$LINENO exit=$?" >&2' ERR`,
    // The outermost caller's line: the page's own command, also when it calls curl through a function.
    // A file per call, named without a process of its own (a subshell has its own BASHPID).
    'DOCS_CALLS=0',
    'curl() { local line=${BASH_LINENO[${#BASH_LINENO[@]}-2]}; DOCS_CALLS=$((DOCS_CALLS + 1)); command curl -D "$DOCS_STATUS_DIR/$line.$BASHPID.$DOCS_CALLS.$RANDOM" -H "X-Docs-Line: $line" "$@"; }',
  ];
  const script: string[] = [...preamble];
  const pageLine: Array<number | undefined> = preamble.map(() => undefined);
  for (const block of blocks) {
    script.push(`echo "--- ${file} line ${block.firstLine}" >&2`);
    pageLine.push(undefined);
    block.lines.forEach((line, i) => {
      script.push(line);
      pageLine.push(block.firstLine + i);
    });
  }
  return { script: `${script.join('\n')}\n`, pageLineOf: (n) => pageLine[n - 1] };
}
