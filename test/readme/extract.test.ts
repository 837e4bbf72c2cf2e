/** The README parsing the snippet test relies on: which blocks run, where a comment starts, what a command announces. */
import { describe, expect, it } from 'vitest';
import { bashBlocks, buildScript, commandsOf, commentStart } from './extract.js';

const MD = [
  '# title', // 1
  '```sh', // 2
  'npm start', // 3
  '```', // 4
  '```bash', // 5
  'M=http://127.0.0.1:4010', // 6
  '# a comment line: 404 is not announced by it', // 7
  'curl -s -d \'{"a":"#1"}\' $M/x \\', // 8
  '  -H "X: y"   # 404 not found', // 9
  'curl -s $P/api/groups   # 201 grp-125, apiUsage 6', // 10
  '```', // 11
].join('\n');

describe('README extraction', () => {
  it('runs bash blocks only, with their README line numbers', () => {
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

  it('replaces the port and maps script lines back to README lines', () => {
    const { script, readmeLineOf } = buildScript(bashBlocks(MD), 5555);
    const lines = script.split('\n');
    const at = lines.indexOf('M=http://127.0.0.1:5555') + 1;
    expect(at).toBeGreaterThan(0);
    expect(readmeLineOf(at)).toBe(6);
    expect(readmeLineOf(1)).toBeUndefined();
  });

  it('refuses a block that is never closed', () => {
    expect(() => bashBlocks('```bash\ncurl x\n')).toThrow(/line 1/);
  });
});
