import fc from 'fast-check';
import { scrub } from './scrubber';

describe('scrub', () => {
  it.each([
    ["sqlalchemy.exc.OperationalError: mysql+pymysql://safework:S3cr3t!pw@safework-mysql:3306/safework", 'S3cr3t!pw', 'mysql+pymysql://safework:[REDACTED]@safework-mysql:3306/safework'],
    ['REDIS_URL=redis://:hunter2@safework-redis:6379/0', 'hunter2', 'redis://:[REDACTED]@safework-redis'],
    ['login payload {"username": "kim", "password": "p@ssw0rd!"}', 'p@ssw0rd!', '"password": "[REDACTED]"'],
    ['connect(host=db, passwd=qwerty123, db=app)', 'qwerty123', 'passwd=[REDACTED]'],
    ['GET /api?api_key=AbCdEf123456&x=1', 'AbCdEf123456', 'api_key=[REDACTED]'],
    ['headers: Authorization: Bearer abc.def.ghi-123456', 'abc.def.ghi-123456', 'Authorization: [REDACTED]'],
    ['Cookie: session=eyJhbGciOi; csrftoken=zzz', 'csrftoken=zzz', 'Cookie: [REDACTED]'],
    ['Set-Cookie: session=abcdef123; HttpOnly', 'abcdef123', 'Set-Cookie: [REDACTED]'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U seen', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'jwt [JWT] seen'],
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789 used', 'ghp_abcdefghij', '[GITHUB_TOKEN]'],
    ['pat github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github_pat_11', '[GITHUB_TOKEN]'],
    ['aws AKIAIOSFODNN7EXAMPLE key', 'AKIAIOSFODNN7EXAMPLE', '[AWS_KEY]'],
    ['user kim.minsu@example.co.kr failed', 'kim.minsu@example.co.kr', '[EMAIL]'],
    ['연락처 010-1234-5678 로 회신', '010-1234-5678', '[PHONE]'],
    ['대표번호 02-3456-7890', '02-3456-7890', '[PHONE]'],
    ['phone +82 10 9876 5432', '9876', '[PHONE]'],
    ['주민등록번호 900101-1234567 확인', '900101-1234567', '[RRN]'],
    ['card 4111 1111 1111 1111 charged', '4111 1111 1111 1111', '[CARD]'],
    ['client 203.0.113.57 blocked', '203.0.113.57', '203.0.113.x'],
  ])('%s', (input, secret, expected) => {
    const out = scrub(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(expected);
  });

  it('leaves ordinary text, versions, timestamps and non-Luhn numbers alone', () => {
    const line = '2024-05-02 10:00:00,123 INFO MariaDB 10.11.6 ready; order 1234567890123 total=42 timeout=30';
    expect(scrub(line)).toBe(line);
  });

  it('keeps or removes IPs when configured', () => {
    expect(scrub('from 10.1.2.3', { ip: 'keep' })).toBe('from 10.1.2.3');
    expect(scrub('from 10.1.2.3', { ip: 'remove' })).toBe('from [IP]');
  });

  it('is idempotent', () => {
    const samples = [
      'mysql://u:p@h/db password=x token=y Authorization: Bearer abcdefghij Cookie: a=b 010-1234-5678 a@b.co 4111111111111111 1.2.3.4',
    ];
    for (const s of samples) expect(scrub(scrub(s))).toBe(scrub(s));
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => scrub(scrub(s)) === scrub(s)), { numRuns: 2000 });
    fc.assert(
      fc.property(fc.array(fc.constantFrom('password=', 'a@b.com', ' ', '010-', '1234', '.', 'Bearer ', 'x', ':', '@', '//', '5555555555554444'), { maxLength: 30 }), (parts) => {
        const s = parts.join('');
        return scrub(scrub(s)) === scrub(s);
      }),
      { numRuns: 3000 },
    );
  });
});
