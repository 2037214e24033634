import { createClassifier } from '../index';
import { VerdictCache } from './verdict-cache';

describe('VerdictCache', () => {
  it('keeps verdicts on lines that repeat, keys a line that starts with a time by its shape, and skips addresses and long lines', () => {
    const cache = new VerdictCache();
    const key = cache.keyOf('app', 'WORKER TIMEOUT (pid:9)');
    expect(key).toBeDefined();
    cache.set(key ?? '', null, 'WORKER TIMEOUT (pid:9)');
    expect(cache.get(key ?? '')).toBeNull();
    const stamped = cache.keyOf('app', '2024-05-02 10:00:00,000 ERROR: boom');
    expect(stamped).toBeDefined();
    expect(cache.keyOf('app', '2025-11-28 23:59:07,191 ERROR: boom')).toBe(stamped);
    expect(cache.keyOf('app', '2025-11-28 23:59:07,19 ERROR: boom')).not.toBe(stamped);
    expect(cache.keyOf('app', '2025-11-28 23:59:07,191 ERROR: boom 2')).not.toBe(stamped);
    expect(cache.keyOf('app', '[2024-05-02 10:00:00] ERROR: boom')).not.toBe(stamped);
    expect(cache.keyOf('app', '10.0.0.7 - - [02/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 500 1')).toBeUndefined();
    expect(cache.keyOf('app', '404 not found')).toBeUndefined();
    expect(cache.keyOf('app', 'x'.repeat(1025))).toBeUndefined();
  });

  it('is skipped after a run of lines that never repeat, and tried again later', () => {
    const cache = new VerdictCache();
    let skipped = 0;
    for (let i = 0; i < 4096; i++) {
      const key = cache.keyOf('app', `varied line ${i.toString(36)}x`);
      if (key === undefined) skipped++;
      else if (cache.get(key) === undefined) cache.set(key, null, '');
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
      if (cache.get(key ?? '') === undefined) cache.set(key ?? '', null, '');
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
