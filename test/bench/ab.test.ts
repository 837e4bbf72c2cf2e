/**
 * The A/B read's verdict on the 5 % rule (bench/ab.ts) and the bench's command line (bench/args.ts):
 * a cost is called a cost only when every round says so, and rounds too spread out judge nothing.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../bench/ab.js';
import { benchConfig } from '../../bench/args.js';

describe('the A/B verdict', () => {
  it('within the rule when every round is', () => {
    expect(verdictOf([0.99, 1.01, 0.97])).toMatch(/^within the 5 % rule \(median -1\.0 %\)$/);
  });
  it('a cost when every round is over the rule', () => {
    expect(verdictOf([0.9, 0.92, 0.88])).toMatch(/^COSTS the read -10\.0 %/);
  });
  it('undecided when the rounds disagree, and no verdict when they spread wide', () => {
    expect(verdictOf([0.96, 0.94, 0.97])).toMatch(/a round fell below: rerun/);
    expect(verdictOf([0.93, 0.96, 0.94])).toMatch(/^over the 5 % rule at the median .* a round was within/);
    expect(verdictOf([0.98, 1.63, 1.63])).toMatch(/^too noisy to judge \(the rounds' ratios span 0\.98–1\.63\)/);
  });
});

describe('the bench command line', () => {
  it('flags override the environment; side is read and scenarios', () => {
    const c = benchConfig({ BENCH_SECONDS: '4', BENCH_PARTS: 'side' }, [
      '--vendor',
      'kazoo',
      '--rounds=5',
      '--duration',
      '2',
    ]);
    if (c === 'help') throw new Error('help');
    expect([...c.parts]).toEqual(['read', 'scenarios']);
    expect([...c.apis!]).toEqual(['kazoo']);
    expect(c.readRounds).toBe(5);
    expect(c.seconds).toBe(2);
    expect(c.baseline).toBeUndefined();
    const ab = benchConfig({ BENCH_BASELINE: 'main' }, ['--part', 'read']);
    expect(ab !== 'help' && ab.baseline).toBe('main');
  });
  it('refuses what it does not know, naming it', () => {
    expect(() => benchConfig({}, ['--part', 'reed'])).toThrow(/unknown part "reed"/);
    expect(() => benchConfig({}, ['--fast'])).toThrow(/unknown argument "--fast"/);
    expect(() => benchConfig({}, ['--rounds', '-1'])).toThrow(/--rounds must be a number ≥ 0, not -1/);
    expect(benchConfig({}, ['--help'])).toBe('help');
  });
});
