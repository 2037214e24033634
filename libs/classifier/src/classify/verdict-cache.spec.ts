import { createClassifier } from '../index';
import type { DetectedEvent } from './detected-event';
import { VerdictCache } from './verdict-cache';

const verdict = { message: 'boom', lines: ['x'] } as unknown as DetectedEvent;

describe('VerdictCache', () => {
  it('keeps verdicts on lines that repeat, finds a line that starts with a time by its rest and the time\'s shape, and skips addresses and long lines', () => {
    const cache = new VerdictCache();
    expect(cache.find('app', 'WORKER TIMEOUT (pid:9)')).toBeUndefined();
    cache.keep(null, 'WORKER TIMEOUT (pid:9)');
    expect(cache.find('app', 'WORKER TIMEOUT (pid:9)')).toBeNull();
    expect(cache.find('other', 'WORKER TIMEOUT (pid:9)')).toBeUndefined();

    expect(cache.find('app', '2024-05-02 10:00:00,000 ERROR: boom')).toBeUndefined();
    cache.keep(verdict, '2024-05-02 10:00:00,000 ERROR: boom');
    expect(cache.find('app', '2025-11-28 23:59:07,191 ERROR: boom')).toBe(verdict);
    // another shape of time, another rest: not the same line
    expect(cache.find('app', '2025-11-28 23:59:07,19 ERROR: boom')).toBeUndefined();
    expect(cache.find('app', '2025-11-28T23:59:07,191 ERROR: boom')).toBeUndefined();
    expect(cache.find('app', '2025-11-28 23:59:07,191 ERROR: boom 2')).toBeUndefined();
    expect(cache.find('app', '[2024-05-02 10:00:00] ERROR: boom')).toBeUndefined();
    // the last `find` found nothing: `keep` replaces the line's verdict with this shape's
    cache.keep(null, '[2024-05-02 10:00:00] ERROR: boom');
    expect(cache.find('app', '[2024-05-02 11:11:11] ERROR: boom')).toBeNull();

    expect(cache.find('app', '10.0.0.7 - - [02/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 500 1')).toBeUndefined();
    cache.keep(null, '10.0.0.7 - - [02/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 500 1');
    expect(cache.find('app', '10.0.0.7 - - [02/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 500 1')).toBeUndefined();
    expect(cache.find('app', 'x'.repeat(1025))).toBeUndefined();
    cache.keep(null, 'x'.repeat(1025));
    expect(cache.find('app', 'x'.repeat(1025))).toBeUndefined();
  });

  it('keeps only after a find that found nothing, and no verdict that quotes the line\'s time', () => {
    const cache = new VerdictCache();
    cache.keep(null, 'never looked up');
    expect(cache.find('app', 'never looked up')).toBeUndefined();
    const line = '2024-05-02 10:00:00 failed at 2024-05-02 10:00:00';
    expect(cache.find('app', line)).toBeUndefined();
    cache.keep({ message: 'failed at 2024-05-02 10:00:00', lines: [line] } as unknown as DetectedEvent, line);
    expect(cache.find('app', line)).toBeUndefined();
  });

  it('is skipped after a run of lines that never repeat, and tried again later', () => {
    const cache = new VerdictCache();
    for (let i = 0; i < 4096; i++) {
      const text = `varied line ${i.toString(36)}x`;
      expect(cache.find('app', text)).toBeUndefined();
      cache.keep(null, text);
    }
    // Fewer than one in eight hit: the cache is off and emptied.
    let off = 0;
    while (cache.find('app', 'varied line 0x') === undefined) {
      cache.keep(null, 'varied line 0x');
      off++;
    }
    // 16 × 4096 lookups skipped, then one that kept the line, then the hit
    expect(off).toBe(16 * 4096 + 1);
    expect(cache.find('app', 'varied line 1x')).toBeUndefined();
  });

  it('stays on while lines repeat, across more lines than it holds', () => {
    const cache = new VerdictCache();
    let hits = 0;
    for (let i = 0; i < 3 * 4096; i++) {
      const text = `repeated line ${i % 100}`;
      if (cache.find('app', text) === null) hits++;
      else cache.keep(null, text);
    }
    expect(hits).toBe(3 * 4096 - 100);
    // a cache holds 2048 lines: the 2049th empties it
    for (let i = 0; i < 2049; i++) {
      cache.find('app', `line ${i}`);
      cache.keep(null, `line ${i}`);
    }
    expect(cache.find('app', 'line 0')).toBeUndefined();
    expect(cache.find('app', 'line 2048')).toBeNull();
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
