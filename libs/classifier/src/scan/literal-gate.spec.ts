import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { EventDetector } from '../classify/event-detector';
import { createClassifier } from '../index';
import { LiteralGate } from './literal-gate';
import { LogScanner } from './log-scanner';
import { requiredClauses, requiredLiterals } from './required-literals';

const classifier = createClassifier();
const fixtures = parse(readFileSync(join(__dirname, '../__fixtures__/real-logs.yaml'), 'utf8')) as { cases: Array<{ text: string }> };
const REAL = [...fixtures.cases.map((c) => c.text), readFileSync(join(__dirname, '../__fixtures__/error-monitor-format.log'), 'utf8')];
const BENIGN = [
  '172.18.0.4 - - [02/May/2024:10:00:00 +0000] "GET /api/error-report HTTP/1.1" 200 512 "-" "curl/7.88"\n',
  '2024-05-02 10:00:00,000 INFO: survey 12 stored, 3 answers\n',
  '1:M 02 May 2024 10:00:00.000 * 100 changes in 300 seconds. Saving...\n',
];

function events(text: string, gate: LiteralGate | undefined, size: number): string[] {
  const scanner = new LogScanner(new EventDetector(classifier), { container: 'safework-app', stream: 'file' }, gate);
  const bytes = Buffer.from(text);
  const out = [];
  for (let i = 0; i < bytes.length; i += size) out.push(...scanner.write(bytes.subarray(i, i + size)));
  out.push(...scanner.end());
  return out.map((e) => `${e.firstLine}-${e.lastLine} ${e.type} ${e.severity} ${e.fingerprint}`);
}

describe('requiredLiterals', () => {
  it('finds what every match must contain', () => {
    expect(requiredLiterals('WORKER TIMEOUT|Worker with pid \\d+ was terminated')?.sort()).toEqual(['worker timeout', 'worker with pid ']);
    expect(requiredLiterals("Can'?t connect to (?:MySQL|MariaDB) server")?.sort()).toEqual(["can't connect to mariadb server", "can't connect to mysql server", 'cant connect to mariadb server', 'cant connect to mysql server']);
    expect(requiredLiterals('ERROR(?:[\\]:\\s]| in |$)', undefined, true)).toEqual(['ERROR']);
  });

  it('takes no letter that a caseless rule matches in a case beyond ASCII', () => {
    expect(requiredLiterals('échec total')).toEqual(['chec total']);
    expect(requiredLiterals('Échec total', undefined, true)).toEqual(['Échec total']);
    // With the u flag, the Kelvin sign matches "k" and the long s matches "s".
    expect(requiredLiterals('kaput now', undefined, false, true)).toEqual(['aput now']);
  });

  it('gives up where nothing is provably required, or the syntax is beyond it', () => {
    expect(requiredLiterals('\\d+[a-z]+')).toBeUndefined();
    expect(requiredLiterals('\\p{L}+x')).toBeUndefined();
    expect(requiredLiterals('x?y?')).toBeUndefined();
  });

  it('chooses, per branch, the parts that occur least in the input, and ANDs the two cheapest', () => {
    const common = (s: string): number => (s === 'survey' ? 1000 : 1);
    expect(requiredClauses('\\bsurvey\\b[^\\n]{0,60}\\b(?:failed|error)', common)).toEqual([{ any: ['failed', 'error'], and: ['survey'] }]);
  });
});

describe('LiteralGate', () => {
  const gate = LiteralGate.forRules(classifier.rules, Buffer.from(REAL.join('\n') + BENIGN.join('')));

  it('exists for the built-in rules', () => {
    expect(gate).toBeDefined();
  });

  it('skips benign lines, a case-sensitive literal in the wrong case included, and sees through colour', () => {
    const g = gate as LiteralGate;
    const text = Buffer.from(`${BENIGN.join('')}2024-05-02 10:00:00,000 \x1b[31mER\x1b[0mROR: [\x1b[1mCRITICAL\x1b[0m] redis_connection_error: x\n`);
    const hits = g.candidates(text, text.length);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toBeGreaterThan(text.indexOf('ER'));
  });

  it('lets through, and the classifier matches, a line in a case the screens do not fold', () => {
    const rules = createClassifier([
      { id: 'fr-caseless', type: 'application_error', severity: 'high', pattern: 'échec total' },
      { id: 'fr-exact', type: 'application_error', severity: 'high', pattern: 'Échec partiel', flags: '' },
      { id: 'kelvin', type: 'application_error', severity: 'high', pattern: 'kaput now', flags: 'iu' },
    ]);
    const lines = ['ÉCHEC TOTAL du lot 7', 'Échec partiel du lot 8', 'échec partiel du lot 9', '\u212Aaput now'].map((l) => `2024-05-02 10:00:00,000 ERROR: ${l}`);
    const text = `${BENIGN.join('')}${lines.join('\n')}\n${BENIGN.join('')}`;
    const literal = LiteralGate.forRules(rules.rules, Buffer.from(text)) as LiteralGate;
    const scan = (g?: LiteralGate): string[] => {
      const scanner = new LogScanner(new EventDetector(rules), { container: 'safework-app', stream: 'file' }, g);
      return [...scanner.write(Buffer.from(text)), ...scanner.end()].map((e) => `${e.firstLine} ${e.ruleId}`);
    };
    const at = BENIGN.length;
    // The case-sensitive rule does not take "échec partiel": only its ERROR level makes it an event.
    expect(scan(undefined)).toEqual([`${at} fr-caseless`, `${at + 1} fr-exact`, `${at + 2} log-level-error`, `${at + 3} kelvin`]);
    expect(scan(literal)).toEqual(scan(undefined));
  });

  it('classifies only the records that hold a line it flags, not the benign line after the first event', () => {
    const counting = createClassifier();
    const classify = jest.spyOn(counting, 'classify');
    const line = '2024-05-02 10:00:00,000 ERROR: [CRITICAL] redis_connection_error: Error 111 connecting to r:6379. Connection refused.\n';
    const text = `${BENIGN.join('').repeat(40)}${line}${BENIGN.join('').repeat(40)}${line}`;
    const scanner = new LogScanner(new EventDetector(counting), { container: 'safework-app', stream: 'file' }, gate);
    const found = [...scanner.write(Buffer.from(text)), ...scanner.end()];
    expect(found.map((e) => e.type)).toEqual(['redis_connection', 'redis_connection']);
    expect(classify).toHaveBeenCalledTimes(2);
  });

  it('gives the same events as no gate on real excerpts, however the bytes are chunked', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...REAL, ...BENIGN, ...BENIGN], { minLength: 1 }), fc.integer({ min: 7, max: 5000 }), (parts, size) => {
        const text = parts.map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join('');
        expect(events(text, gate, size)).toEqual(events(text, undefined, size));
      }),
      { numRuns: 60 },
    );
  });

  it('starts records where no gate does, whatever stands before a traceback (a log time, brackets, the time Docker adds, colour)', () => {
    const traceback = ['Traceback (most recent call last):', '  File "/app/db.py", line 9, in connect', 'redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.'];
    const heads = ['2024-05-02 10:00:00,000 ERROR in app: boom', '[2024-05-02 10:00:00 +0000] [7] [ERROR] Exception in worker', '2024-05-02 10:00:00,000 INFO: survey 12 stored', '\x1b[31m2024-05-02 10:00:00\x1b[0m ERROR x'];
    const docker = (line: string): string => `2024-05-02T10:00:00.123456789Z ${line}`;
    const record = fc.tuple(fc.constantFrom(...heads), fc.boolean(), fc.boolean()).map(([head, withTraceback, prefixed]) => {
      const lines = withTraceback ? [head, ...traceback] : [head];
      return `${(prefixed ? lines.map(docker) : lines).join('\n')}\n`;
    });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 12 }), fc.integer({ min: 7, max: 400 }), (records, size) => {
        const text = records.join('');
        expect(events(text, gate, size)).toEqual(events(text, undefined, size));
      }),
      { numRuns: 100 },
    );
  });
});
