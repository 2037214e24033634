import { ScrubCache } from './scrub-cache';
import { scrub } from './scrubber';

describe('ScrubCache', () => {
  const secret = 'login failed for admin@example.com password=hunter2hunter2 from 203.0.113.7';

  it('gives what scrub gives, for short and long texts alike', () => {
    const cache = new ScrubCache({ ip: 'mask24' });
    const long = `${secret}\n${'  File "/app/app.py", line 1, in x\n'.repeat(200)}`;
    expect(cache.scrub(secret)).toBe(scrub(secret, { ip: 'mask24' }));
    expect(cache.scrub(secret)).toBe(scrub(secret, { ip: 'mask24' }));
    expect(cache.scrub(long)).toBe(scrub(long, { ip: 'mask24' }));
    expect(cache.scrub(secret)).not.toContain('hunter2');
    expect(JSON.parse(cache.json(secret))).toBe(scrub(secret, { ip: 'mask24' }));
  });

  it('keeps its options and stays bounded', () => {
    const keep = new ScrubCache({ ip: 'keep' }, 2);
    for (let i = 0; i < 10; i++) keep.scrub(`${secret} ${i}`);
    expect(keep.size).toBeLessThanOrEqual(2);
    expect(keep.scrub(secret)).toContain('203.0.113.7');
    expect(new ScrubCache({ ip: 'remove' }).scrub(secret)).not.toContain('203.0.113');
  });
});
