import fc from 'fast-check';
import { fingerprint, type FingerprintInput } from './fingerprint';
import { FingerprintCache } from './fingerprint-cache';

const line = (message: string, request?: FingerprintInput['request']): FingerprintInput => ({ container: 'app', type: 'application_error', frames: [], message, ...(request === undefined ? {} : { request }) });
const traceback = (exception: string, paths: readonly string[]): FingerprintInput => ({
  container: 'app',
  type: 'application_error',
  frames: paths.map((path, i) => ({ path, func: `f${i % 2}` })),
  message: 'ERROR in app',
  exception,
});

describe('FingerprintCache', () => {
  const inputs: FingerprintInput[] = [
    line('WORKER TIMEOUT (pid:20189)'),
    line('WORKER TIMEOUT (pid:31337)'),
    line('WORKER TIMEOUT (pid:8990)'),
    // One shape, other error codes: parameterize keeps them, so must the cache.
    line('redis.exceptions.ConnectionError: Error 111 connecting to cache:6379. Connection refused.'),
    line('redis.exceptions.ConnectionError: Error 113 connecting to cache:6379. Connection refused.'),
    line('(2003, "Can\'t connect to MySQL server")'),
    line('(2005, "Can\'t connect to MySQL server")'),
    // Zero is not like the other digits: "0x1f" is hex, "1x1f" is not.
    line('bad value 0x1f'),
    line('bad value 1x1f'),
    // In a longer run it is: no word starts at "0" in "10x1f".
    line('bad value 10x1f'),
    line('bad value 20x1f'),
    line('retry in 100 ms (pid:20)'),
    line('retry in 250 ms (pid:31)'),
    line('10.0.0.7 - - "POST /surveys/64/answers HTTP/1.1" 502 0', { method: 'POST', url: '/surveys/64/answers', status: 502 }),
    line('10.0.0.8 - - "POST /surveys/71/answers HTTP/1.1" 503 0', { method: 'POST', url: '/surveys/71/answers', status: 503 }),
    traceback("KeyError: 'respondent_230'", ['/srv/app/views.py', '/usr/lib/python3/dist-packages/flask/app.py']),
    traceback("KeyError: 'respondent_231'", ['/usr/lib/python3/dist-packages/flask/app.py', '/srv/app/views.py', '/srv/app/store.py']),
    traceback('ValueError: 12 is not 13', ['/usr/local/lib/python3.12/site-packages/x.py']),
    traceback('ValueError: 14 is not 15', ['/usr/local/lib/python3.12/site-packages/x.py']),
  ];

  it('gives what fingerprint gives, whatever came before', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: inputs.length - 1 }), { maxLength: 40 }), (order) => {
        const cache = new FingerprintCache();
        for (const i of order) {
          const input = inputs[i] as FingerprintInput;
          expect(cache.of(input)).toBe(fingerprint(input));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('tells error codes apart in messages of one shape, and joins what differs only in ids', () => {
    const cache = new FingerprintCache();
    const [a, b, c] = [inputs[0], inputs[1], inputs[2]].map((input) => cache.of(input as FingerprintInput));
    expect(new Set([a, b, c]).size).toBe(1);
    expect(cache.of(inputs[3] as FingerprintInput)).not.toBe(cache.of(inputs[4] as FingerprintInput));
    expect(cache.of(inputs[5] as FingerprintInput)).not.toBe(cache.of(inputs[6] as FingerprintInput));
  });

  it('stays right past its bounds (maps emptied when full, the memo skipped when it does not pay)', () => {
    const cache = new FingerprintCache();
    for (let i = 0; i < 5000; i++) {
      // Each message its own shape (the letters vary): no hits, so the shape memo stands aside.
      const input = line(`failure ${'ab'.repeat(1 + (i % 50))}${String.fromCharCode(97 + (i % 26))} ${i}`);
      expect(cache.of(input)).toBe(fingerprint(input));
    }
  });
});
