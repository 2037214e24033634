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

describe('buildAutomaton', () => {
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
