import fc from 'fast-check';
import { compareTimes, splitTimestamp, toSince } from './docker-time';

describe('docker time', () => {
  it('converts RFC 3339 nanos to since form', () => {
    expect(toSince('2024-01-01T00:00:01.000000123Z')).toBe('1704067201.000000123');
    expect(toSince('2024-01-01T00:00:01Z')).toBe('1704067201.000000000');
  });
  it('compares at nanosecond precision whatever the digit count', () => {
    expect(compareTimes('2024-01-01T00:00:01.5Z', '2024-01-01T00:00:01.499999999Z')).toBe(1);
    expect(compareTimes('2024-01-01T00:00:01.50Z', '2024-01-01T00:00:01.5Z')).toBe(0);
    expect(compareTimes('2024-01-01T00:00:01Z', '2024-01-01T00:00:01.000000001Z')).toBe(-1);
    expect(compareTimes('2024-01-01T00:00:02Z', '2024-01-01T00:00:01.999999999Z')).toBe(1);
    expect(compareTimes('2023-12-31T23:59:59.9Z', '2024-01-01T00:00:00Z')).toBe(-1);
    // Not Docker's form (an offset): still ordered by the general path.
    expect(compareTimes('2024-01-01T00:00:01.5+00:00', '2024-01-01T00:00:01.4+00:00')).toBe(1);
  });
  it('orders any two of Docker\'s timestamps as their nanoseconds do', () => {
    const stamp = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 9 })).map(([s, nanos, digits]) => {
      // Docker's form: the fraction without trailing zeros, none at all when it is zero.
      const fraction = String(nanos).padStart(9, '0').slice(0, digits).replace(/0+$/, '');
      return { text: `2024-01-01T00:00:0${s}${fraction === '' ? '' : `.${fraction}`}Z`, ns: BigInt(s) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0') || '0') };
    });
    fc.assert(
      fc.property(stamp, stamp, (a, b) => {
        expect(compareTimes(a.text, b.text)).toBe(a.ns === b.ns ? 0 : a.ns < b.ns ? -1 : 1);
      }),
      { numRuns: 3000 },
    );
  });
  it('splits the timestamp prefix', () => {
    expect(splitTimestamp('2024-01-01T00:00:01.1Z hello world')).toEqual({ time: '2024-01-01T00:00:01.1Z', text: 'hello world' });
    expect(splitTimestamp('no prefix')).toBeUndefined();
  });
});
