import { HitGauge } from './hit-gauge';

describe('HitGauge', () => {
  it('keeps a cache that hits one lookup in eight or more', () => {
    const gauge = new HitGauge(16);
    for (let i = 0; i < 64; i++) {
      expect(gauge.skip()).toBe(false);
      expect(gauge.count(i % 8 === 0)).toBe(false);
    }
  });

  it('has a cache that hits less emptied, skipped for the bypass, then tried again', () => {
    const gauge = new HitGauge(16, 5);
    const verdicts = Array.from({ length: 16 }, () => gauge.count(false));
    expect(verdicts.slice(0, 15).every((v) => !v)).toBe(true);
    expect(verdicts[15]).toBe(true);
    expect(Array.from({ length: 6 }, () => gauge.skip())).toEqual([true, true, true, true, true, false]);
    expect(gauge.count(true)).toBe(false);
  });
});
