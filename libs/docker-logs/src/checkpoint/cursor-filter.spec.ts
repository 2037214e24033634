import fc from 'fast-check';
import { CursorFilter } from './cursor-filter';

describe('CursorFilter', () => {
  it('drops lines before the stream\'s cursor and the boundary lines already emitted', () => {
    const filter = new CursorFilter({ stdout: { time: '2024-01-01T00:00:01.5Z', boundary: ['a'] } });
    expect(filter.accept('2024-01-01T00:00:01.000000001Z', 'stdout', 'old')).toBe(false);
    expect(filter.accept('2024-01-01T00:00:01.500000000Z', 'stdout', 'a')).toBe(false);
    expect(filter.accept('2024-01-01T00:00:01.500000000Z', 'stdout', 'b')).toBe(true);
    expect(filter.checkpoint).toEqual({ stdout: { time: '2024-01-01T00:00:01.5Z', boundary: ['a', 'b'] } });
    expect(filter.accept('2024-01-01T00:00:02Z', 'stdout', 'c')).toBe(true);
    expect(filter.checkpoint.stdout).toEqual({ time: '2024-01-01T00:00:02Z', boundary: ['c'] });
  });

  it('keeps the streams apart: an earlier stderr line after a later stdout line is not lost', () => {
    const filter = new CursorFilter(undefined);
    expect(filter.accept('2024-01-01T00:00:02Z', 'stdout', 'out')).toBe(true);
    expect(filter.accept('2024-01-01T00:00:01Z', 'stderr', 'err')).toBe(true);
    expect(CursorFilter.since(filter.checkpoint)).toBe('2024-01-01T00:00:01Z');
  });

  it('asks for everything unless both streams have a cursor', () => {
    expect(CursorFilter.since({ stdout: { time: '2024-01-01T00:00:01Z', boundary: [] } })).toBeUndefined();
    expect(CursorFilter.since(undefined)).toBeUndefined();
  });

  it('lets a repeated identical line through once more than the boundary holds', () => {
    const filter = new CursorFilter({ stderr: { time: '2024-01-01T00:00:01Z', boundary: ['x'] } });
    expect(filter.accept('2024-01-01T00:00:01Z', 'stderr', 'x')).toBe(false);
    expect(filter.accept('2024-01-01T00:00:01Z', 'stderr', 'x')).toBe(true);
  });

  it('drops the boundary lines of this session too when the log is read again', () => {
    const filter = new CursorFilter(undefined);
    expect(filter.accept('2024-01-01T00:00:01Z', 'stdout', 'a')).toBe(true);
    expect(filter.accept('2024-01-01T00:00:02Z', 'stdout', 'b')).toBe(true);
    filter.rewind();
    expect(filter.accept('2024-01-01T00:00:01Z', 'stdout', 'a')).toBe(false);
    expect(filter.accept('2024-01-01T00:00:02Z', 'stdout', 'b')).toBe(false);
    expect(filter.accept('2024-01-01T00:00:03Z', 'stdout', 'c')).toBe(true);
  });

  it('stops the saved checkpoint before lines still held open, and never goes back past it', () => {
    const filter = new CursorFilter({ stdout: { time: '2024-01-01T00:00:00Z', boundary: ['old'] } });
    for (const [t, text] of [['01', 'a'], ['02', 'b'], ['02', 'c'], ['03', 'd']] as const) filter.accept(`2024-01-01T00:00:${t}Z`, 'stdout', text);
    // Two lines held open (c, d): the checkpoint stops after b.
    expect(filter.durableCheckpoint({ stdout: 2 })).toEqual({ stdout: { time: '2024-01-01T00:00:02Z', boundary: ['b'] } });
    // Nothing held: everything is covered.
    expect(filter.durableCheckpoint({})).toEqual({ stdout: { time: '2024-01-01T00:00:03Z', boundary: ['d'] } });
    // More held than this run read: the previous saved checkpoint stands.
    expect(filter.durableCheckpoint({ stdout: 99 })).toEqual({ stdout: { time: '2024-01-01T00:00:03Z', boundary: ['d'] } });
  });

  it('hands out, batch after batch, the checkpoint the whole history of lines gives', () => {
    // The model: every line accepted, in order; a checkpoint with k lines held stops before the
    // last k, and its boundary is every line at its time up to there (the start's included).
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b', 'c')), { maxLength: 8 }), fc.nat(10)), { maxLength: 12 }),
        (batches) => {
          const start = { time: '2024-01-01T00:00:00Z', boundary: ['s'] };
          const filter = new CursorFilter({ stdout: start });
          const all: Array<{ time: string; text: string }> = [{ time: start.time, text: 's' }];
          let second = 0;
          let cut = 0;
          let saved: { time: string; boundary: string[] } = start;
          for (const [lines, heldWish] of batches) {
            for (const [step, text] of lines) {
              second += step;
              const time = `2024-01-01T00:00:${String(second).padStart(2, '0')}Z`;
              if (filter.accept(time, 'stdout', text)) all.push({ time, text });
            }
            // What a consumer holds is an unfinished record: it began after the last cut.
            const held = Math.min(heldWish, all.length - 1 - cut);
            const at = all.length - 1 - held;
            if (at >= cut) {
              cut = at;
              const time = all[at]?.time ?? '';
              saved = { time, boundary: all.slice(0, at + 1).filter((l) => l.time === time).map((l) => l.text) };
            }
            expect(filter.durableCheckpoint({ stdout: held }).stdout).toEqual(saved);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
