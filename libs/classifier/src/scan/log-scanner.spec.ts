import fc from 'fast-check';
import { EventDetector } from '../classify/event-detector';
import { createClassifier } from '../index';
import { LogScanner, MAX_RAW_LINE_BYTES } from './log-scanner';
import { TracebackAssembler } from '../traceback/traceback-assembler';

const classifier = createClassifier();

function scan(chunks: Uint8Array[]): { lines: number; events: number } {
  const scanner = new LogScanner(new EventDetector(classifier), { container: 'c', stream: 's' });
  let events = 0;
  for (const chunk of chunks) events += scanner.write(Buffer.from(chunk)).length;
  events += scanner.end().length;
  return { lines: scanner.lines, events };
}

function expectedLines(bytes: Uint8Array): number {
  const nl = bytes.filter((b) => b === 10).length;
  return nl + (bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? 1 : 0);
}

// Bytes that look like logs: fragments of real lines mixed with arbitrary bytes.
const fragment = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.constantFrom(
    'Traceback (most recent call last):\n',
    '  File "/app/a.py", line 1, in f\n',
    'redis.exceptions.ConnectionError: Error 111 connecting to r:6379. Connection refused.\n',
    '2024-01-01 10:00:00,000 ERROR: [CRITICAL] database_connection_error: x\n',
    '\n',
    '\x1b[31m',
    '\u0000',
    '설문 제출 실패\n',
    '\n\nDuring handling of the above exception, another exception occurred:\n\n',
  ).map((s) => new Uint8Array(Buffer.from(s))),
);

describe('LogScanner', () => {
  it('never throws and accounts for every line, whatever the bytes and chunking', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), fc.integer({ min: 1, max: 50 }), (parts, size) => {
        const bytes = Buffer.concat(parts.map((p) => Buffer.from(p)));
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
        expect(scan(chunks).lines).toBe(expectedLines(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('finds the same events when it may put its carried lines in the room before each chunk', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), fc.integer({ min: 1, max: 50 }), (parts, size) => {
        const bytes = Buffer.concat(parts.map((p) => Buffer.from(p)));
        const copied = new LogScanner(new EventDetector(classifier), { container: 'c', stream: 's' });
        const inPlace = new LogScanner(new EventDetector(classifier), { container: 'c', stream: 's' });
        const room = 4096;
        const a: unknown[] = [];
        const b: unknown[] = [];
        for (let i = 0; i < bytes.length; i += size) {
          const chunk = bytes.subarray(i, i + size);
          a.push(...copied.write(Buffer.from(chunk)));
          // The chunk behind a room of garbage, as the CLI's reader hands it over.
          const slab = Buffer.alloc(room + chunk.length, 0x78);
          chunk.copy(slab, room);
          b.push(...inPlace.write(slab.subarray(room), room));
        }
        a.push(...copied.end());
        b.push(...inPlace.end());
        expect(b).toEqual(a);
        expect(inPlace.lines).toBe(copied.lines);
      }),
      { numRuns: 200 },
    );
  });

  it('counts an oversized line once and carries on', () => {
    const big = Buffer.alloc(MAX_RAW_LINE_BYTES + 100, 0x61);
    const tail = Buffer.from('\nredis.exceptions.ConnectionError: Error 111 connecting to r:6379. Connection refused.\n');
    const scanner = new LogScanner(new EventDetector(classifier), { container: 'c', stream: 's' });
    const events = [...scanner.write(big.subarray(0, 600_000)), ...scanner.write(big.subarray(600_000)), ...scanner.write(tail), ...scanner.end()];
    expect(scanner.lines).toBe(2);
    expect(scanner.oversizedLines).toBe(1);
    expect(events.map((e) => e.firstLine)).toEqual([1]);
  });
});

describe('TracebackAssembler accounting', () => {
  it('puts every line into exactly one record', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('Traceback (most recent call last):', '  File "a", line 1, in f', 'KeyError: 1', '', 'The above exception was the direct cause of the following exception:')), { maxLength: 60 }), (lines) => {
        const assembler = new TracebackAssembler({ maxLines: 7 });
        const seen: number[] = [];
        lines.forEach((text, index) => assembler.push({ text, index }).forEach((r) => seen.push(...r.lines.map((l) => l.index))));
        assembler.flush().forEach((r) => seen.push(...r.lines.map((l) => l.index)));
        expect(seen).toEqual(lines.map((_, i) => i));
      }),
      { numRuns: 500 },
    );
  });
});
