import fc from 'fast-check';
import { SampleCounter } from './sample-counter';

/** What the counter replaces: one `indexOf` pass per literal. */
function scanCount(text: string, literal: string, cap: number): number {
  let n = 0;
  for (let at = text.indexOf(literal); at !== -1 && n < cap; at = text.indexOf(literal, at + literal.length)) n++;
  return n;
}

describe('SampleCounter', () => {
  it('counts every literal as an indexOf scan does, overlaps and the cap included', () => {
    // few letters: literals overlap themselves and each other often
    const alphabet = fc.constantFrom('a', 'b', 'a', 'b', 'A', '대', '\n');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 300, size: 'max' }), fc.array(word, { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 50 }), (chars, literals, cap) => {
        const text = chars.join('');
        const counter = new SampleCounter(text);
        for (const literal of literals) expect(counter.count(literal, cap)).toBe(scanCount(text, literal, cap));
      }),
      { numRuns: 500 },
    );
  });

  it('counts in a real-sized text and on an empty one', () => {
    const text = 'GET /api/survey 200\nERROR: redis connection refused\n'.repeat(2000);
    const counter = new SampleCounter(text);
    expect(counter.count('redis', 1e5)).toBe(2000);
    expect(counter.count('survey 200\nerror', 1e5)).toBe(0);
    expect(counter.count('survey 200\nERROR', 1e5)).toBe(2000);
    expect(counter.count('aaaa', 1e5)).toBe(0);
    expect(new SampleCounter('').count('redis', 10)).toBe(0);
    // overlapping occurrences count as indexOf meets them, left to right
    expect(new SampleCounter('aaaaaaa').count('aaa', 10)).toBe(2);
    expect(new SampleCounter('xabababab').count('abab', 10)).toBe(2);
  });
});
