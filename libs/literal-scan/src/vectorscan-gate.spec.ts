import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { EventDetector, LiteralGate, LogScanner, createClassifier, gateLiterals, type CandidateGate } from '@safework/classifier';
import { confirmTables, LiteralKind } from './confirm-tables';
import { loadLiteralScan, type LiteralScanBinding } from './literal-scan-binding';
import { VectorscanGate } from './vectorscan-gate';

const loaded = loadLiteralScan({});
// A machine with Vectorscan's headers builds the addon (nx build literal-scan, which test
// depends on): there it must be present.
const buildable = existsSync('/usr/include/hs/hs.h');
const describeNative = 'binding' in loaded || buildable ? describe : describe.skip;
if (!('binding' in loaded) && !buildable) console.warn(`VectorscanGate specs skipped: ${loaded.reason}`);

const classifier = createClassifier();
const fixtureDir = join(__dirname, '../../classifier/src/__fixtures__');
const fixtures = parse(readFileSync(join(fixtureDir, 'real-logs.yaml'), 'utf8')) as { cases: Array<{ text: string }> };
const REAL = [...fixtures.cases.map((c) => c.text), readFileSync(join(fixtureDir, 'error-monitor-format.log'), 'utf8')];
const BENIGN = [
  '172.18.0.4 - - [02/May/2024:10:00:00 +0000] "GET /api/error-report HTTP/1.1" 200 512 "-" "curl/7.88"\n',
  '2024-05-02 10:00:00,000 INFO: survey 12 stored, 3 answers, form saved\n',
  '\x1b[32m2024-05-02 10:00:00,000 INFO\x1b[0m: 설문 응답 저장 완료 (user 42)\n',
  '1:M 02 May 2024 10:00:00.000 * 100 changes in 300 seconds. Saving...\n',
];

function events(text: string, gate: CandidateGate | undefined, size: number): string[] {
  const scanner = new LogScanner(new EventDetector(classifier), { container: 'safework-app', stream: 'file' }, gate);
  const bytes = Buffer.from(text);
  const out = [];
  for (let i = 0; i < bytes.length; i += size) out.push(...scanner.write(bytes.subarray(i, i + size)));
  out.push(...scanner.end());
  return out.map((e) => `${e.firstLine}-${e.lastLine} ${e.type} ${e.severity} ${e.fingerprint}`);
}

/** Line numbers of the offsets a gate returns. */
function lines(text: Buffer, offsets: number[]): number[] {
  return offsets.map((o) => text.subarray(0, o).toString('latin1').split('\n').length - 1);
}

describeNative('VectorscanGate', () => {
  const binding = (loaded as { binding: LiteralScanBinding }).binding;
  const sample = Buffer.from(REAL.join('\n') + BENIGN.join(''));
  let cacheDir: string;
  beforeAll(() => {
    expect('binding' in loaded ? '' : loaded.reason).toBe('');
    cacheDir = mkdtempSync(join(tmpdir(), 'literal-scan-'));
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('lets through the same lines as LiteralGate, colour inside a literal and case included', () => {
    const gate = VectorscanGate.forRules(binding, classifier.rules, sample, { cacheDir: null }) as VectorscanGate;
    const js = LiteralGate.forRules(classifier.rules, sample) as LiteralGate;
    const text = Buffer.from(
      `${BENIGN.join('')}2024-05-02 10:00:00,000 \x1b[31mER\x1b[0mROR: [\x1b[1mCRITICAL\x1b[0m] redis_connection_error: x\n` +
        `error-report error error\n${REAL.join('\n')}\nlast line without newline: Traceback (most recent call last):`,
    );
    const native = gate.candidates(text, text.length);
    expect(native.length).toBeGreaterThan(10);
    expect(lines(text, native)).toEqual(lines(text, js.candidates(text, text.length)));
    // the colour-split ERROR is found, on its line; the lower-case "error-report" line is not
    expect(lines(text, native)).toContain(BENIGN.length);
    expect(lines(text, native)).not.toContain(BENIGN.length + 1);
  });

  it('gives the same events as no gate on real excerpts, however the bytes are chunked', () => {
    const gate = VectorscanGate.forRules(binding, classifier.rules, sample, { cacheDir: null });
    fc.assert(
      fc.property(fc.shuffledSubarray([...REAL, ...BENIGN, ...BENIGN], { minLength: 1 }), fc.integer({ min: 7, max: 5000 }), (parts, size) => {
        const text = parts.map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join('');
        expect(events(text, gate, size)).toEqual(events(text, undefined, size));
      }),
      { numRuns: 60 },
    );
  });

  it('grows its buffers when a chunk has more hits or lines than they hold, and takes an empty chunk', () => {
    const gate = VectorscanGate.forRules(binding, classifier.rules, sample, { cacheDir: null }) as VectorscanGate;
    const text = Buffer.from('ERROR: x\n'.repeat(40_000));
    expect(gate.candidates(text, text.length)).toHaveLength(40_000);
    expect(Array.from(gate.lineStarts(text, text.length)).slice(0, 3)).toEqual([0, 9, 18]);
    expect(gate.lineStarts(text, text.length)).toHaveLength(40_000);
    expect(gate.candidates(Buffer.alloc(0), 0)).toEqual([]);
    expect(gate.lineStarts(Buffer.alloc(0), 0)).toHaveLength(0);
  });

  it('finds every line start as a newline-by-newline search does, at any length and alignment', () => {
    const gate = VectorscanGate.forRules(binding, classifier.rules, sample, { cacheDir: null }) as VectorscanGate;
    const reference = (buf: Buffer, end: number): number[] => {
      const starts: number[] = [];
      for (let at = 0, nl = buf.indexOf(10, 0); nl !== -1 && nl < end; at = nl + 1, nl = buf.indexOf(10, at)) starts.push(at);
      return starts;
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(10, 32, 65, 0x1b, 0xea, 0), { maxLength: 300, size: 'max' }), fc.nat(16), fc.nat(300), (bytes, skip, cut) => {
        // `skip`: a view that does not start on a 16-byte boundary; `cut`: an end short of the view's
        const whole = Buffer.from([...Array<number>(skip).fill(65), ...bytes]);
        const view = whole.subarray(skip);
        const end = Math.min(cut, view.length);
        expect(Array.from(gate.lineStarts(view, end))).toEqual(reference(view, end));
      }),
      { numRuns: 500 },
    );
    // More lines than the gate's first output array holds: counted past it, then written again.
    const many = Buffer.from('a\n'.repeat(100_000) + 'bc\n' + 'x'.repeat(70) + '\n');
    expect(Array.from(gate.lineStarts(many, many.length))).toEqual(reference(many, many.length));
  });

  it('counts literals in a sample as a search from the left does, and so gives the gate the literals the JavaScript count does', () => {
    const search = (text: string, literal: string): number => {
      let n = 0;
      if (literal !== '') for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + literal.length)) n++;
      return n;
    };
    const piece = fc.constantFrom('error', 'err', 'or', 'rr', 'ab', 'aba', '설문', '오류', ' ', '\n', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.array(piece, { minLength: 1, maxLength: 6 }), (parts, literals) => {
        const text = parts.join('');
        const out = new Uint32Array(literals.length);
        binding.countLiterals(Buffer.from(text), literals, 100_000, out);
        expect([...out]).toEqual(literals.map((l) => search(text, l)));
      }),
      { numRuns: 500 },
    );
    const count = (text: Buffer, strings: readonly string[], cap: number): Uint32Array => {
      const out = new Uint32Array(strings.length);
      binding.countLiterals(text, strings, cap, out);
      return out;
    };
    for (const text of [Buffer.from(`${BENIGN.join('')}${REAL.join('\n')}\n`), Buffer.from(REAL.join('\n').repeat(20)), Buffer.from(BENIGN.join('').repeat(500)), sample]) {
      expect(gateLiterals(classifier.rules, text, undefined, count)).toEqual(gateLiterals(classifier.rules, text));
    }
  });

  it('scans a chunk big enough to be split between two threads as it scans a small one', () => {
    const gate = VectorscanGate.forRules(binding, classifier.rules, sample, { cacheDir: null }) as VectorscanGate;
    const js = LiteralGate.forRules(classifier.rules, sample) as LiteralGate;
    const unit = `${BENIGN.join('')}\x1b[31mERROR\x1b[0m: [HIGH] application_error: x\n${REAL.join('\n')}\n`;
    const text = Buffer.from(unit.repeat(Math.ceil((3 << 20) / Buffer.byteLength(unit))));
    const lineOf = (offsets: number[]): number[] => {
      const starts = Array.from(gate.lineStarts(text, text.length));
      let line = 0;
      return offsets.map((o) => {
        while (line + 1 < starts.length && (starts[line + 1] as number) <= o) line++;
        return line;
      });
    };
    const native = gate.candidates(text, text.length);
    // more hits than its first output buffer holds: the retry with room goes through the split too
    expect(native.length).toBeGreaterThan(1 << 14);
    expect(lineOf(native)).toEqual(lineOf(js.candidates(text, text.length)));
    // in one piece and in small chunks alike
    const small: number[] = [];
    for (let at = 0; at < text.length; ) {
      const nl = text.indexOf(10, Math.min(at + 64 * 1024, text.length - 1));
      const stop = nl === -1 ? text.length : nl + 1;
      small.push(...gate.candidates(text.subarray(at, stop), stop - at).map((o) => o + at));
      at = stop;
    }
    expect(native).toEqual(small);
  });

  it('takes a chunk scanned in the background as it scans the whole buffer, wherever the chunk starts', async () => {
    const gate = VectorscanGate.forRules(binding, classifier.rules, sample, { cacheDir: null }) as VectorscanGate;
    const unit = `${BENIGN.join('')}\x1b[31mERROR\x1b[0m: [HIGH] application_error: 설문 저장 실패\n${REAL.join('\n')}\n`;
    const text = Buffer.from(unit.repeat(3));
    await fc.assert(
      fc.asyncProperty(fc.nat(text.length), fc.nat(text.length), async (a, b) => {
        // bytes [0, at) were carried over from the last chunk; the chunk is [at, end), cut anywhere
        const [at, stop] = a <= b ? [a, b] : [b, a];
        const buf = text.subarray(0, stop);
        const end = buf.lastIndexOf(10) + 1;
        const result = await gate.prescan(buf.subarray(at));
        expect(gate.candidates(buf, end, { at, result })).toEqual(gate.candidates(buf, end));
      }),
      { numRuns: 300 },
    );
  });

  it('scans again a background chunk whose hits did not fit, and gives the next one room', async () => {
    const gate = VectorscanGate.forRules(binding, classifier.rules, sample, { cacheDir: null }) as VectorscanGate;
    const text = Buffer.from('ERROR: x\n'.repeat(40_000));
    const counts: number[] = [];
    for (let i = 0; i < 9; i++) {
      const result = await gate.prescan(text);
      counts.push((result as unknown as { count: number }).count);
      expect(gate.candidates(text, text.length, { at: 0, result })).toHaveLength(40_000);
    }
    // three buffers in turn, each four times larger after it overflowed: 16 Ki, 64 Ki, 256 Ki numbers
    expect(counts).toEqual([-1, -1, -1, -1, -1, -1, 80_000, 80_000, 80_000]);
  });

  it('confirms a literal with its clause on the line of its hit: one hit per line, the clause anywhere on it, colour stepped over', () => {
    // "failed" needs "survey" or "form" on its line; "error" needs nothing; "oops" is left to the caller.
    const confirm = { needs: [[0], [], []], sets: [{ strings: ['survey', 'form'], caseless: true }] };
    const db = binding.compile(['failed', 'error', 'oops'], [true, true, false], [LiteralKind.Confirm, LiteralKind.Free, LiteralKind.Report], confirm);
    const text = Buffer.from(
      ['survey x failed failed', 'failed alone', 'FAILED, then the SURVEY', 'sur\x1b[1mvey failed', 'form failed error', 'oops oops failed', 'Survey ok'].join('\n') + '\n',
    );
    const out = new Uint32Array(64);
    const n = binding.scan(db, text, text.length, out);
    const hits = [...out.subarray(0, n)];
    const pairs = hits.flatMap((v, i) => (i % 2 === 0 ? [[lines(text, [v])[0], hits[i + 1]]] : []));
    expect(pairs).toEqual([
      [0, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 2],
      [5, 2],
    ]);
    // The same set again from its bytes, with its tables: the same hits.
    const again = binding.deserialize(binding.serialize(db), [LiteralKind.Confirm, LiteralKind.Free, LiteralKind.Report], confirm);
    expect(binding.scan(again, text, text.length, out)).toBe(n);
    expect(() => binding.compile(['failed'], [true], [LiteralKind.Confirm], { needs: [[3]], sets: [] })).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
    expect(() => binding.compile(['failed'], [true], [7 as LiteralKind])).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
  });

  it('confirms exactly the lines that hold a clause string, in any ASCII case, wherever it stands', () => {
    const piece = fc.constantFrom('x', 'X', 'ok', 'Ok', ': ', 'fail', 'FAIL', 'ed', 'survey', 'SurVey', 'sur', 'vey', ' db', 'DB', 'd', '설문', 'b: e', '\x1b[1m');
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 12 }), { minLength: 1, maxLength: 8 }), (rows) => {
        const sets = [
          { strings: ['survey', 'b: e'], caseless: true },
          { strings: ['DB'], caseless: false },
        ];
        const db = binding.compile(['fail'], [true], [LiteralKind.Confirm], { needs: [[0, 1]], sets });
        const text = rows.map((r) => r.join('')).join('\n') + '\n';
        const buf = Buffer.from(text);
        const out = new Uint32Array(1024);
        const n = binding.scan(db, buf, buf.length, out);
        const found = [...out.subarray(0, n)].filter((_, i) => i % 2 === 0).map((o) => lines(buf, [o])[0]);
        // What the gate's JavaScript check says, on each line without its colour.
        const expected = rows.flatMap((r, i) => {
          const line = r.join('').split('\x1b[1m').join('');
          const lower = line.toLowerCase();
          return lower.includes('fail') && (lower.includes('survey') || lower.includes('b: e') || line.includes('DB')) ? [i] : [];
        });
        expect(found).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('lets every hit through of a literal whose clause has a letter the addon cannot fold, and finds the same events as no gate', () => {
    const literals = [
      { text: 'échec', caseSensitive: false, also: [{ any: ['sondage'], caseSensitive: false }], free: false },
      { text: 'failed', caseSensitive: false, also: [{ any: ['élément'], caseSensitive: false }], free: false },
      { text: 'survey', caseSensitive: false, also: [{ any: ['failed', '설문'], caseSensitive: false }], free: false },
    ];
    expect(confirmTables(literals).kinds).toEqual([LiteralKind.Confirm, LiteralKind.Free, LiteralKind.Confirm]);
    // Hand-made literals aside, the analysis takes no such letter from a caseless rule: a rule
    // with "élément" in both branches is screened on "lément", and "ÉLÉMENT" is an event.
    const rules = createClassifier([{ id: 'element-failed', type: 'application_error', severity: 'high', pattern: 'élément[^\\n]{0,40}failed|failed[^\\n]{0,40}élément' }]);
    const gate = VectorscanGate.forRules(binding, rules.rules, Buffer.from('failed failed failed élément\n'), { cacheDir: null }) as VectorscanGate;
    const text = Buffer.from(`${BENIGN.join('')}2024-05-02 10:00:00,000 WARNING: save failed: ÉLÉMENT 7\n2024-05-02 10:00:00,000 WARNING: save failed: nothing else\n${BENIGN.join('')}`);
    const scan = (g?: CandidateGate): string[] => {
      const scanner = new LogScanner(new EventDetector(rules), { container: 'safework-app', stream: 'file' }, g);
      return [...scanner.write(text), ...scanner.end()].map((e) => `${e.firstLine} ${e.ruleId}`);
    };
    expect(scan(gate)).toEqual(scan(undefined));
    expect(scan(gate)).toEqual([`${BENIGN.length} element-failed`]);
  });

  it('runs as many background scans at once as it says, and refuses a done that is no function', async () => {
    const db = binding.compile(['error'], [true], [LiteralKind.Free]);
    const text = Buffer.from('an error\n'.repeat(100_000));
    const gate = VectorscanGate.forRules(binding, classifier.rules, sample, { cacheDir: null }) as VectorscanGate;
    const running = Array.from({ length: gate.prescansAhead }, () => new Promise<number>((resolve) => binding.scanAsync(db, text, text.length, new Uint32Array(1 << 18), resolve)));
    expect(() => binding.scanAsync(db, text, text.length, new Uint32Array(8), () => undefined)).toThrow(expect.objectContaining({ code: 'LSC_ERR_BUSY' }));
    expect(await Promise.all(running)).toEqual(running.map(() => 200_000));
    expect(() => binding.scanAsync(db, text, text.length, new Uint32Array(8), 'no' as unknown as () => void)).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
    // over once it has called back: the next one is taken
    expect(await new Promise<number>((resolve) => binding.scanAsync(db, text, 9, new Uint32Array(8), resolve))).toBe(2);
  });

  it('keeps a compiled set, loads it next time, and compiles again over a damaged file', () => {
    const first = VectorscanGate.forRules(binding, classifier.rules, sample, { cacheDir }) as VectorscanGate;
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    const text = Buffer.from(`${BENIGN.join('')}${REAL.join('\n')}\n`);
    const again = VectorscanGate.forRules(binding, classifier.rules, sample, { cacheDir }) as VectorscanGate;
    expect(again.candidates(text, text.length)).toEqual(first.candidates(text, text.length));
    writeFileSync(join(cacheDir, files[0] as string), 'not a database');
    const rebuilt = VectorscanGate.forRules(binding, classifier.rules, sample, { cacheDir }) as VectorscanGate;
    expect(rebuilt.candidates(text, text.length)).toEqual(first.candidates(text, text.length));
  });

  it('throws a coded error for bad input rather than crashing', () => {
    expect(() => binding.compile([], [], [])).toThrow(expect.objectContaining({ code: 'LSC_ERR_EMPTY' }));
    expect(() => binding.compile([''], [true], [LiteralKind.Free])).toThrow(expect.objectContaining({ code: 'LSC_ERR_COMPILE' }));
    expect(() => binding.deserialize(Buffer.from('junk'), [LiteralKind.Free])).toThrow(expect.objectContaining({ code: 'LSC_ERR_DESERIALIZE' }));
    const db = binding.compile(['error'], [true], [LiteralKind.Free]);
    const text = Buffer.from('an error\n');
    // The results array must be a Uint32Array: anything else is refused, never written into.
    expect(() => binding.scan(db, text, text.length, new Float64Array(8) as unknown as Uint32Array)).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
    expect(() => binding.lineStarts(text, text.length, new Int8Array(8) as unknown as Uint32Array)).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
    expect(() => binding.scan(db, 'not a buffer' as unknown as Buffer, 3, new Uint32Array(8))).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
    const notADatabase = {} as unknown as typeof db;
    expect(() => binding.scan(notADatabase, text, text.length, new Uint32Array(8))).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
    expect(() => binding.scanAsync(notADatabase, text, text.length, new Uint32Array(8), () => undefined)).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
    const counts = new Uint32Array(1);
    expect(() => binding.countLiterals(text, 'error' as unknown as string[], 10, counts)).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
    expect(() => binding.countLiterals(text, ['error', 'x'], 10, counts)).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
    expect(() => binding.countLiterals(text, [7 as unknown as string], 10, counts)).toThrow(expect.objectContaining({ code: 'LSC_ERR_ARGUMENT' }));
    const out = new Uint32Array(8);
    expect(binding.scan(db, text, text.length, out)).toBe(2);
    expect([...out.subarray(0, 2)]).toEqual([7, 0]);
  });
});

describe('the addon\'s error codes', () => {
  it('are documented in docs/errors.md, code for code', () => {
    const native = join(__dirname, '../native');
    const sources = [...readdirSync(native).filter((f) => f.endsWith('.c')).map((f) => join(native, f)), join(__dirname, 'vectorscan-gate.ts'), join(__dirname, 'file-windows.ts')];
    const used = new Set(sources.flatMap((f) => readFileSync(f, 'utf8').match(/LSC_ERR_[A-Z_]+/g) ?? []));
    const doc = readFileSync(join(__dirname, '../../../docs/errors.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## `@safework/literal-scan`'));
    const documented = new Set(section.slice(0, section.indexOf('\n## ', 3) === -1 ? undefined : section.indexOf('\n## ', 3)).match(/`LSC_ERR_[A-Z_]+`/g)?.map((c) => c.slice(1, -1)));
    expect([...documented].sort()).toEqual([...used].sort());
  });
});

describe('loadLiteralScan', () => {
  it('says why there is no addon', () => {
    expect(loadLiteralScan({ LITERAL_SCAN_ADDON: 'off' })).toEqual({ reason: 'LITERAL_SCAN_ADDON=off' });
    expect(loadLiteralScan({ LITERAL_SCAN_ADDON: '/nonexistent/literal_scan.node' })).toEqual({ reason: expect.stringContaining('is not built') });
  });
});
