import fc from 'fast-check';
import { holdsRest, type GateLiteral } from './gate-literals';
import { RestBytes } from './rest-bytes';

const lit = (also: GateLiteral['also']): GateLiteral => ({ text: '대기', caseSensitive: false, also, free: false });

describe('RestBytes', () => {
  const korean = lit([{ any: ['데이터베이스', 'db'], caseSensitive: false }]);
  const mixed = lit([
    { any: ['Redis'], caseSensitive: true },
    { any: ['timeout', '재시도'], caseSensitive: false },
  ]);

  it('says what holdsRest says, on bytes, whatever the line', () => {
    const word = fc.constantFrom('DB', 'db', 'dB', '데이터베이스', '메일 대기열', 'Redis', 'REDIS', 'redis', 'TimeOut', '재시도', '\x1b[31m', 'x', ' ', '\u00ff');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.string({ maxLength: 8 }), (words, noise) => {
        const line = words.join('') + noise;
        const buf = Buffer.from(`head\n${line}\ntail`);
        const start = 5;
        const end = start + Buffer.byteLength(line);
        for (const l of [korean, mixed]) {
          expect((RestBytes.of(l) as RestBytes).holds(buf, start, end)).toBe(holdsRest(l, line, line.toLowerCase()));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('stays within the line', () => {
    const buf = Buffer.from('DB\n메일 대기열에 추가했습니다\nDB');
    expect((RestBytes.of(korean) as RestBytes).holds(buf, 3, buf.length - 3)).toBe(false);
  });

  it('declines a rest with cased letters beyond ASCII, which only decoding folds right', () => {
    expect(RestBytes.of(lit([{ any: ['échec'], caseSensitive: false }]))).toBeUndefined();
    expect(RestBytes.of(korean)).toBeDefined();
  });
});
