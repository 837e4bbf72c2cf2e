/** The page parsing the snippet tests rely on: which blocks run, where a comment starts, what a command announces, which conventions it breaks. */
import { describe, expect, it } from 'vitest';
import { bashBlocks, buildScript, commandsOf, commentStart, shownCurls, snippetProblems } from './extract.js';

const MD = [
  '# title', // 1
  '```sh', // 2
  'npm start', // 3
  '```', // 4
  '```bash', // 5
  'M=${M:-http://127.0.0.1:4010}', // 6
  '# a comment line: 404 is not announced by it', // 7
  'curl -sS -w \'\\n%{http_code}\\n\' -d \'{"a":"#1"}\' $M/x \\', // 8
  '  -H "X: y"   # 404 not found', // 9
  "curl -sS -w '\\n%{http_code}\\n' $P/api/groups   # 201 grp-125, apiUsage 6", // 10
  '```', // 11
].join('\n');

describe('docs page extraction', () => {
  it('runs bash blocks only, with their page line numbers', () => {
    expect(bashBlocks(MD)).toEqual([{ firstLine: 6, lines: MD.split('\n').slice(5, 10) }]);
  });

  it('finds a comment outside quotes only', () => {
    expect(commentStart('echo \'#1\' "#2" # three')).toBe(15);
    expect(commentStart('echo a#b')).toBe(-1);
    expect(commentStart('# all of it')).toBe(0);
  });

  it('joins continuation lines and reads the statuses a comment names (not 125 of grp-125)', () => {
    const cmds = commandsOf(bashBlocks(MD));
    expect(cmds.map((c) => [c.start, c.end, [...c.statuses]])).toEqual([
      [6, 6, []],
      [8, 9, [404]],
      [10, 10, [201]],
    ]);
  });

  it('maps script lines back to page lines and leaves the addresses alone (M comes from the environment)', () => {
    const { script, pageLineOf } = buildScript(bashBlocks(MD), 'docs/x.md');
    const lines = script.split('\n');
    const at = lines.indexOf('M=${M:-http://127.0.0.1:4010}') + 1;
    expect(at).toBeGreaterThan(0);
    expect(pageLineOf(at)).toBe(6);
    expect(pageLineOf(1)).toBeUndefined();
  });

  it('refuses a block that is never closed, naming the page', () => {
    expect(() => bashBlocks('```bash\ncurl x\n', 'docs/qa.md')).toThrow(/docs\/qa\.md line 1/);
  });
});

describe('snippet conventions', () => {
  const problems = (...lines: string[]) => snippetProblems(bashBlocks(['```bash', ...lines, '```'].join('\n')), 'p.md');

  it('finds the curls whose answer reaches the terminal: not captured, not piped', () => {
    expect(shownCurls("TOKEN=$(curl -sS $M/a | sed 's/x/y/')")).toEqual([]);
    expect(shownCurls('curl -sS $M/a | head -c 10')).toEqual([]);
    expect(shownCurls("for i in 1 2; do curl -sS -w '%{http_code}' $M/b; done")).toEqual([
      "curl -sS -w '%{http_code}' $M/b",
    ]);
    expect(shownCurls('curl -sS $M/a || echo "curl exit $?"')).toEqual(['curl -sS $M/a']);
    expect(shownCurls('G=$(curl -sS $M/a) && curl -i $M/b/$G')).toEqual(['curl -i $M/b/$G']);
  });

  it('keeps a page to its conventions', () => {
    expect(
      problems(
        'M=${M:-http://127.0.0.1:4010}',
        "curl -sS -w '\\n%{http_code}\\n' $M/x",
        'curl -sS -i $M/y',
        'curl -sS -o "$TMP/s.json" -w \'%{http_code}\\n\' $M/z',
      ),
    ).toEqual([]);
    expect(problems('curl -sS http://127.0.0.1:4010/x -i')).toEqual([
      expect.stringMatching(/^p\.md line 2: an address written out/),
    ]);
    expect(problems('M=${M:-http://127.0.0.1:4010}', 'M=${M:-http://127.0.0.1:4010}')).toEqual([
      expect.stringMatching(/line 3: M is given its default again \(first at line 2\)/),
    ]);
    expect(problems('curl -sS $M/x   # 200')).toEqual([
      expect.stringMatching(/line 2: a curl shows its answer without the status/),
    ]);
    expect(problems("curl -s -w '%{http_code}' $M/x")).toEqual([
      expect.stringMatching(/line 2: curl -s hides its errors/),
    ]);
    expect(problems("curl -sS -w '%{http_code}' $M/x > s.json")).toEqual([
      expect.stringMatching(/line 2: writes s\.json into the working folder/),
    ]);
    expect(problems('npx groups-mock contract --api bold --base-url $M/bold --report contract.xml')).toEqual([
      expect.stringMatching(/writes contract\.xml/),
    ]);
    expect(problems('npx groups-mock serve --port 0 > "$TMP/mock.log" 2>&1 &')).toEqual([]);
  });
});
