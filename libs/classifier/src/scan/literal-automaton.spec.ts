import fc from 'fast-check';
import { buildAutomaton } from './literal-automaton';

/** Indexes of the literals that end somewhere in `text`, by walking the automaton. */
function found(literals: string[], text: Buffer, escape: boolean): number[] {
  const { classes, shift, next, outputs, escapeState } = buildAutomaton(literals, escape);
  const seen = new Set<number>();
  let state = 0;
  for (const byte of text) {
    state = next[(state << shift) | (classes[byte] as number)] as number;
    if (escape && state === escapeState) state = 0;
    for (const i of outputs[state] ?? []) seen.add(i);
  }
  return [...seen].sort((a, b) => a - b);
}

/** The same over a string's UTF-16 code units (the automaton built over `chars`). */
function foundInChars(literals: string[], text: string): number[] {
  const { classes, shift, next, outputs } = buildAutomaton(literals, false, 'chars');
  const seen = new Set<number>();
  let state = 0;
  for (let i = 0; i < text.length; i++) {
    state = next[(state << shift) | (classes[text.charCodeAt(i)] as number)] as number;
    for (const k of outputs[state] ?? []) seen.add(k);
  }
  return [...seen].sort((a, b) => a - b);
}

describe('buildAutomaton', () => {
  it('over UTF-16 code units, finds exactly the literals a string contains, surrogate pairs included', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', 'B', 'c', '대', '기', '😀', ' ');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 12, selector: (w) => w.toLowerCase() }), fc.array(alphabet, { maxLength: 40 }), (literals, chars) => {
        const text = chars.join('');
        const expected = literals.flatMap((l, i) => (text.toLowerCase().includes(l.toLowerCase()) ? [i] : []));
        expect(foundInChars(literals, text)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('over UTF-16 code units, keeps a class per unit when literals hold more than 255 of them', () => {
    const literals = Array.from({ length: 300 }, (_, i) => String.fromCharCode(0xac00 + i));
    const text = `xx${String.fromCharCode(0xac00 + 299)}yy`;
    expect(foundInChars(literals, text)).toEqual([299]);
  });

  it('finds exactly the literals a text contains, ASCII case folded, overlapping ones included', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', 'B', 'c', '대', '기', ' ');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 12, selector: (w) => w.toLowerCase() }), fc.array(alphabet, { maxLength: 40 }), (literals, chars) => {
        const text = chars.join('');
        const expected = literals.flatMap((l, i) => (text.toLowerCase().includes(l.toLowerCase()) ? [i] : []));
        expect(found(literals, Buffer.from(text), false)).toEqual(expected);
        expect(found(literals, Buffer.from(text), true)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
