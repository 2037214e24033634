import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { createClassifier } from '../index';
import { RuleScreen } from './rule-screen';

const rules = createClassifier().rules;
const screen = new RuleScreen(rules);
const fixtures = parse(readFileSync(join(__dirname, '../__fixtures__/real-logs.yaml'), 'utf8')) as { cases: Array<{ text: string }> };
const REAL = fixtures.cases.map((c) => c.text);

/** Rules whose regex matches but which the screen did not let run (must be none). */
function missed(text: string): string[] {
  const may = new Uint8Array(rules.length);
  screen.screen(text, may);
  return rules.filter((rule, r) => may[r] === 0 && rule.regex.test(text)).map((rule) => rule.id);
}

describe('RuleScreen', () => {
  it('never holds back a rule that matches a real excerpt', () => {
    for (const text of REAL) expect(missed(text)).toEqual([]);
  });

  it('holds back most rules on a benign line', () => {
    const may = new Uint8Array(rules.length);
    screen.screen('2024-05-02 10:00:00,000 INFO: survey 12 stored, 3 answers', may);
    const run = may.reduce((n, m) => n + m, 0);
    expect(run).toBeLessThan(rules.length / 4);
    expect(run).toBeGreaterThan(0);
  });

  it('never holds back a matching rule, whatever the case, Korean text or emoji around the line', () => {
    const word = fc.constantFrom('ERROR', 'error', 'Redis', 'CRITICAL', '설문', '로그인 실패', '🚨', 'ä', ' ', '\n', 'Traceback (most recent call last):', 'Connection refused', 'csrf');
    const recase = (s: string, flips: boolean[]): string => [...s].map((ch, i) => (flips[i % flips.length] === true ? ch.toUpperCase() : ch.toLowerCase())).join('');
    fc.assert(
      fc.property(fc.constantFrom(...REAL), fc.array(word, { maxLength: 6 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), fc.boolean(), (text, extra, flips, flip) => {
        const line = `${extra.join('')}${flip ? recase(text, flips) : text}${extra.reverse().join('')}`;
        expect(missed(line)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});
