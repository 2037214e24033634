import { createClassifier } from '../index';
import { VerdictCache } from './verdict-cache';

describe('VerdictCache', () => {
  it('keeps verdicts on lines that repeat, and skips lines that start with a time or are long', () => {
    const cache = new VerdictCache();
    const key = cache.keyOf('app', 'WORKER TIMEOUT (pid:9)');
    expect(key).toBeDefined();
    cache.set(key ?? '', null);
    expect(cache.get(key ?? '')).toBeNull();
    expect(cache.keyOf('app', '2024-05-02 10:00:00,000 ERROR: boom')).toBeUndefined();
    expect(cache.keyOf('app', '[2024-05-02 10:00:00] ERROR: boom')).toBeUndefined();
    expect(cache.keyOf('app', 'x'.repeat(1025))).toBeUndefined();
  });

  it('is skipped after a run of lines that never repeat, and tried again later', () => {
    const cache = new VerdictCache();
    let skipped = 0;
    for (let i = 0; i < 4096; i++) {
      const key = cache.keyOf('app', `varied line ${i.toString(36)}x`);
      if (key === undefined) skipped++;
      else if (cache.get(key) === undefined) cache.set(key, null);
    }
    expect(skipped).toBe(0);
    // Fewer than one in eight hit: the cache is off and emptied.
    const again = cache.keyOf('app', 'varied line 0x');
    expect(again).toBeUndefined();
    let off = 1;
    while (cache.keyOf('app', 'varied line 0x') === undefined) off++;
    expect(off).toBe(16 * 4096);
    expect(cache.get(cache.keyOf('app', 'varied line 1x') ?? '')).toBeUndefined();
  });

  it('stays on while lines repeat', () => {
    const cache = new VerdictCache();
    for (let i = 0; i < 3 * 4096; i++) {
      const key = cache.keyOf('app', `repeated line ${i % 100}`);
      expect(key).toBeDefined();
      if (cache.get(key ?? '') === undefined) cache.set(key ?? '', null);
    }
  });

  it('gives the classifier the verdicts a fresh one gives, before, during and after the skip', () => {
    const kept = createClassifier();
    const lines = (i: number): string => (i % 3 === 0 ? `redis.exceptions.ConnectionError: Error 111 connecting to redis-${i}:6379. Connection refused.` : `all good, request ${i}`);
    for (let i = 0; i < 5000; i += 1) {
      const record = { lines: [{ text: lines(i), index: i }], hasTraceback: false };
      if (i % 97 === 0 || i > 4090) expect(kept.classify(record, 'safework-app')).toEqual(createClassifier().classify(record, 'safework-app'));
      else kept.classify(record, 'safework-app');
    }
  });
});
