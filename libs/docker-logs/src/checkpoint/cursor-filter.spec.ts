import { CursorFilter } from './cursor-filter';

describe('CursorFilter', () => {
  it('drops lines before the checkpoint and the boundary lines already emitted', () => {
    const filter = new CursorFilter({ time: '2024-01-01T00:00:01.5Z', boundary: ['stdout\u0000a'] });
    expect(filter.accept('2024-01-01T00:00:01.000000001Z', 'stdout', 'old')).toBe(false);
    expect(filter.accept('2024-01-01T00:00:01.500000000Z', 'stdout', 'a')).toBe(false);
    expect(filter.accept('2024-01-01T00:00:01.500000000Z', 'stdout', 'b')).toBe(true);
    expect(filter.checkpoint).toEqual({ time: '2024-01-01T00:00:01.5Z', boundary: ['stdout\u0000a', 'stdout\u0000b'] });
    expect(filter.accept('2024-01-01T00:00:02Z', 'stderr', 'c')).toBe(true);
    expect(filter.checkpoint).toEqual({ time: '2024-01-01T00:00:02Z', boundary: ['stderr\u0000c'] });
  });

  it('lets a repeated identical line through once more than the boundary holds', () => {
    const filter = new CursorFilter({ time: '2024-01-01T00:00:01Z', boundary: ['stdout\u0000x'] });
    expect(filter.accept('2024-01-01T00:00:01Z', 'stdout', 'x')).toBe(false);
    expect(filter.accept('2024-01-01T00:00:01Z', 'stdout', 'x')).toBe(true);
  });

  it('accepts everything without a checkpoint', () => {
    const filter = new CursorFilter(undefined);
    expect(filter.accept('2024-01-01T00:00:01Z', 'stdout', 'x')).toBe(true);
    expect(filter.accept('2024-01-01T00:00:01Z', 'stdout', 'x')).toBe(true);
  });
});
