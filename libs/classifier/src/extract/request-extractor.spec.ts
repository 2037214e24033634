import fc from 'fast-check';
import { ANY_KEY, KEYED_PATTERNS, extractRequest, extractUser } from './request-extractor';

describe('ANY_KEY', () => {
  it('matches every text one of the key=value patterns matches', () => {
    const junk = fc.array(fc.constantFrom('x', ' ', '_', '-', '.', '@', '"', '=', ':', 'a1', '사용자', 'ERROR: '), { maxLength: 4 }).map((p) => p.join(''));
    const key = fc
      .constantFrom('method', 'request_method', 'url', 'path', 'request_url', 'request_path', 'endpoint', 'uri', 'ip', 'client_ip', 'remote_addr', 'remote_ip', 'client', 'x-forwarded-for', 'status', 'status_code', 'user_id', 'userid', 'uid', 'user', 'username', 'login', 'stat', 'id', 'logins')
      .chain((k) => fc.array(fc.boolean(), { minLength: k.length, maxLength: k.length }).map((up) => [...k].map((c, i) => (up[i] ? c.toUpperCase() : c)).join('')));
    const value = fc.constantFrom('GET', 'post', '/api/x', 'https://a.b/c', '10.0.0.7', '::1', 'fe80::1', '500', '404', 'kim', 'a.b@c', '');
    const quote = fc.constantFrom('', '"', "'");
    const space = fc.constantFrom('', ' ', '  ', '\t');
    const sep = fc.constantFrom('=', ':', ' ', '-');
    fc.assert(
      fc.property(fc.tuple(junk, key, quote, space, sep, space, quote, value, junk), (parts) => {
        const text = parts.join('');
        if (KEYED_PATTERNS.some((re) => re.test(text))) expect(ANY_KEY.test(text)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('extractRequest and extractUser', () => {
  it('find keyed fields, and none where no key is named', () => {
    expect(extractRequest('failed: method=post url=/api/survey client_ip=10.0.0.7 status=502')).toEqual({ method: 'POST', url: '/api/survey', clientIp: '10.0.0.7', status: 502 });
    expect(extractUser('login failed user_id=42 username="kim.s@example.com"')).toEqual({ id: '42', name: 'kim.s@example.com' });
    expect(extractUser('2024-05-02 10:00:00,001 ERROR: 사용자 ID: park01 로그인 실패')).toEqual({ name: 'park01' });
    expect(extractRequest('2024-05-02 10:00:00,001 ERROR: checkout failed in step three')).toBeUndefined();
    expect(extractUser('2024-05-02 10:00:00,001 ERROR: checkout failed in step three')).toBeUndefined();
  });
});
