import fc from 'fast-check';
import { EventDetector, SEVERITIES, ERROR_TYPES, TracebackAssembler, createClassifier } from '@safework/classifier';
import { DockerLogsError, FrameDemuxer, LineSplitter, MAX_LINE_BYTES } from '@safework/docker-logs';
import { scrub } from '@safework/github-reporter';

/**
 * The fuzz properties: arbitrary bytes (invalid UTF-8, NUL, ANSI, very long lines, frames cut
 * anywhere) through every stage a log line crosses before it can leave the machine. Each one
 * checks more than "does not throw": nothing lost, nothing invented, memory bounded, scrubbing
 * a fixed point. Shared by the CI test (short budget) and `npm run fuzz` (a million cases).
 */
export interface FuzzProperty {
  readonly name: string;
  /** Relative share of the runs in `npm run fuzz` (the cheap properties get more). */
  readonly weight: number;
  readonly property: fc.IProperty<never> | fc.IPropertyWithHooks<never>;
}

// ── Byte material that breaks naive parsers ─────────────────────────────────────────────
const nasty = fc.constantFrom(
  Buffer.from([0]),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc3]), // a UTF-8 lead byte cut off
  Buffer.from([0xe2, 0x82]),
  Buffer.from('\x1b[31mERROR\x1b[0m'),
  Buffer.from('\r\n'),
  Buffer.from('\n'),
  Buffer.from('한글 로그 '),
  Buffer.from('Traceback (most recent call last):\n'),
  Buffer.from('  File "/app/app.py", line 1, in f\n'),
);
const bytes = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 200 }).map((u) => Buffer.from(u)) },
  { weight: 3, arbitrary: nasty },
  // Occasionally a line longer than the splitter's cap.
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 3_000 }).map((n) => Buffer.alloc(n, 0x61)) },
);
const cuts = (length: number): fc.Arbitrary<number[]> =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 12 }).map((xs) => xs.filter((x) => x < length).sort((a, b) => a - b));

function cutAt(buffer: Buffer, points: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    out.push(buffer.subarray(from, p));
    from = p;
  }
  out.push(buffer.subarray(from));
  return out;
}

function frame(stream: 1 | 2, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

// ── Frame demuxer ───────────────────────────────────────────────────────────────────────
const demuxRoundTrip = fc
  .array(fc.record({ stream: fc.constantFrom(1 as const, 2 as const), payload: bytes }), { maxLength: 20 })
  .chain((frames) => {
    const wire = Buffer.concat(frames.map((f) => frame(f.stream, f.payload)));
    return fc.tuple(fc.constant(frames), fc.constant(wire), cuts(wire.length));
  });

const demuxerKeepsEveryByte = fc.property(demuxRoundTrip, ([frames, wire, points]) => {
  const demuxer = new FrameDemuxer();
  const got: Record<'stdout' | 'stderr', Buffer[]> = { stdout: [], stderr: [] };
  let starts = 0;
  for (const chunk of cutAt(wire, points)) {
    for (const piece of demuxer.push(chunk)) {
      got[piece.stream].push(Buffer.from(piece.payload));
      if (piece.frameStart) starts++;
    }
  }
  const want = (s: 1 | 2): Buffer => Buffer.concat(frames.filter((f) => f.stream === s).map((f) => f.payload));
  if (!Buffer.concat(got.stdout).equals(want(1)) || !Buffer.concat(got.stderr).equals(want(2))) throw new Error('a stream lost or changed bytes');
  if (starts !== frames.filter((f) => f.payload.length > 0).length) throw new Error(`frame starts ${starts} for ${frames.length} frames`);
});

const demuxerRejectsGarbageCleanly = fc.property(fc.uint8Array({ maxLength: 400 }), cuts(400), (raw, points) => {
  const demuxer = new FrameDemuxer();
  try {
    for (const chunk of cutAt(Buffer.from(raw), points.filter((p) => p < raw.length))) demuxer.push(chunk);
  } catch (error) {
    // The only failure allowed is the typed one, with its stable code.
    if (!(error instanceof DockerLogsError) || error.code !== 'DLG_ERR_FRAME') throw error;
  }
});

// ── Line splitter ───────────────────────────────────────────────────────────────────────
const MAX = 256;
const splitterInput = fc.array(bytes, { maxLength: 25 }).chain((parts) => {
  const all = Buffer.concat(parts);
  return fc.tuple(fc.constant(all), cuts(all.length));
});

const splitterLosesNoLine = fc.property(splitterInput, ([all, points]) => {
  const splitter = new LineSplitter({ maxBytes: MAX });
  const out: Buffer[] = [];
  for (const chunk of cutAt(all, points)) out.push(...splitter.push(chunk));
  out.push(...splitter.end());
  const want = all.length === 0 ? [] : all.toString('latin1').split('\n');
  if (want.length > 0 && want[want.length - 1] === '') want.pop();
  if (out.length !== want.length) throw new Error(`${out.length} lines out, ${want.length} in`);
  out.forEach((line, i) => {
    const w = Buffer.from(want[i] ?? '', 'latin1');
    // A line within the cap comes back byte for byte; a longer one as its start (bounded memory).
    if (w.length <= MAX ? !line.equals(w) : !w.subarray(0, line.length).equals(line)) throw new Error(`line ${i} changed`);
    if (line.length > MAX) throw new Error(`line ${i} of ${line.length} bytes exceeds the cap`);
  });
});

// Megabyte lines at the production cap (1 MiB), cut anywhere: kept whole up to the cap, then
// cut, and the next line intact.
const hugeLines = fc.tuple(fc.integer({ min: MAX_LINE_BYTES - 64, max: 2 * MAX_LINE_BYTES }), fc.uint8Array({ minLength: 1, maxLength: 40 }), cuts(2 * MAX_LINE_BYTES));
const splitterCapsHugeLines = fc.property(hugeLines, ([size, tailBytes, points]) => {
  const tail = Buffer.from(tailBytes.map((b) => (b === 10 ? 32 : b)));
  const all = Buffer.concat([Buffer.alloc(size, 0x62), Buffer.from('\n'), tail, Buffer.from('\n')]);
  const splitter = new LineSplitter();
  const out: Buffer[] = [];
  for (const chunk of cutAt(all, points.filter((p) => p < all.length))) out.push(...splitter.push(chunk));
  out.push(...splitter.end());
  if (out.length !== 2) throw new Error(`${out.length} lines from 2`);
  if (out[0]?.length !== Math.min(size, MAX_LINE_BYTES)) throw new Error(`first line ${out[0]?.length ?? 0} bytes of ${size}`);
  if (!out[1]?.equals(tail)) throw new Error('the line after a huge one changed');
});

// ── Traceback assembler ─────────────────────────────────────────────────────────────────
const logLines = fc.array(
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      'Traceback (most recent call last):',
      '  File "/app/app.py", line 52, in submit_survey',
      '    db.session.commit()',
      '                 ^^^^^',
      'redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.',
      '',
      'During handling of the above exception, another exception occurred:',
      '2024-05-02 09:20:11,004 ERROR: [CRITICAL] database_connection_error: boom [in /app/app.py:57]',
      '  + Exception Group Traceback (most recent call last):',
      '  | ValueError: x',
      '\u0000\u001b[31m',
    ),
  ),
  { maxLength: 80 },
);

const assemblerPlacesEveryLineOnce = fc.property(logLines, fc.integer({ min: 2, max: 40 }), (lines, maxLines) => {
  const assembler = new TracebackAssembler({ maxLines });
  const seen: number[] = [];
  lines.forEach((text, index) => {
    for (const r of assembler.push({ text, index })) seen.push(...r.lines.map((l) => l.index));
    // Memory bound: never more held than one record's cap.
    if (assembler.pendingLines > maxLines) throw new Error(`${assembler.pendingLines} lines held, cap ${maxLines}`);
  });
  for (const r of assembler.flush()) seen.push(...r.lines.map((l) => l.index));
  if (seen.length !== lines.length || seen.some((v, i) => v !== i)) throw new Error('a line was lost, doubled or reordered');
});

// ── Classifier (through the event detector, as the monitor uses it) ─────────────────────
const classifier = createClassifier();
// v1 keyed by message and code, v2 by dependency.
const FINGERPRINT = /^v[12]-[0-9a-f]{16}$/;
const detectorEventsAreWellFormed = fc.property(logLines, (lines) => {
  const run = (): string => {
    const detector = new EventDetector(classifier);
    const key = { container: 'safework-app', stream: 'stderr' };
    const events = [...lines.flatMap((l, i) => detector.push(key, l, i)), ...detector.flush()];
    for (const e of events) {
      if (!SEVERITIES.includes(e.severity) || !(ERROR_TYPES as readonly string[]).includes(e.type) || !FINGERPRINT.test(e.fingerprint)) throw new Error(`bad event ${JSON.stringify(e)}`);
      if (e.firstLine < 0 || e.lastLine >= lines.length || e.firstLine > e.lastLine) throw new Error('event lines out of range');
    }
    return JSON.stringify(events.map(({ lines: _l, ...rest }) => rest));
  };
  // Pure: the same lines give the same events.
  if (run() !== run()) throw new Error('classification is not deterministic');
});

// ── Scrubber ────────────────────────────────────────────────────────────────────────────
const text = fc.oneof(fc.string({ maxLength: 120 }), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.uint8Array({ maxLength: 120 }).map((u) => Buffer.from(u).toString('latin1')));
const scrubIsAFixedPoint = fc.property(text, (s) => {
  const once = scrub(s);
  if (scrub(once) !== once) throw new Error('scrub(scrub(x)) !== scrub(x)');
});

const secret = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/);
const planted = fc.tuple(
  fc.constantFrom(
    (v: string) => `mysql+pymysql://safework:${v}@safework-mysql/db`,
    (v: string) => `password=${v}`,
    (v: string) => `Authorization: Bearer ${v}`,
    (v: string) => `api_key: "${v}"`,
    (v: string) => `Cookie: session=${v}`,
    (v: string) => `ghp_${v}${v}`,
  ),
  secret,
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);
const scrubRemovesPlantedSecrets = fc.property(planted, ([shape, value, before, after]) => {
  // Whitespace around the secret: the context may be anything, but not glued to the value.
  const out = scrub(`${before} ${shape(value)} ${after}`);
  if (out.includes(value)) throw new Error(`secret survived: ${out}`);
});

export const PROPERTIES: readonly FuzzProperty[] = [
  { name: 'frame demuxer: every byte to its stream, frames cut anywhere', weight: 3, property: demuxerKeepsEveryByte as never },
  { name: 'frame demuxer: garbage fails only with DLG_ERR_FRAME', weight: 3, property: demuxerRejectsGarbageCleanly as never },
  { name: 'line splitter: no line lost, bounded length', weight: 3, property: splitterLosesNoLine as never },
  { name: 'line splitter: 1-2 MB lines at the real 1 MiB cap', weight: 0.005, property: splitterCapsHugeLines as never },
  { name: 'traceback assembler: every line in exactly one record, bounded', weight: 2, property: assemblerPlacesEveryLineOnce as never },
  { name: 'classifier: well-formed, deterministic events on any lines', weight: 1, property: detectorEventsAreWellFormed as never },
  { name: 'scrubber: idempotent on any text', weight: 4, property: scrubIsAFixedPoint as never },
  { name: 'scrubber: planted secrets never survive', weight: 4, property: scrubRemovesPlantedSecrets as never },
];

/** Runs every property for its share of `total` runs; returns the runs per property. */
export function runAll(total: number, seed?: number, onDone?: (name: string, runs: number, ms: number) => void): number {
  const weights = PROPERTIES.reduce((a, p) => a + p.weight, 0);
  let count = 0;
  for (const p of PROPERTIES) {
    const numRuns = Math.max(1, Math.round((total * p.weight) / weights));
    const started = Date.now();
    fc.assert(p.property, { numRuns, ...(seed === undefined ? {} : { seed }) });
    count += numRuns;
    onDone?.(p.name, numRuns, Date.now() - started);
  }
  return count;
}
