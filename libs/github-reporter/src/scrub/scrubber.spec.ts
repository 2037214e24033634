import fc from 'fast-check';
import { scrub } from './scrubber';
import { CATALOGUE_SAMPLES, UNCATALOGUED_SAMPLES } from './secret-samples';

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
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789 used', 'ghp_abcdefghij', 'token [REDACTED:github] used'],
    ['pat github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github_pat_11', '[GITHUB_TOKEN]'],
    ['aws AKIAIOSFODNN7EXAMPLE key', 'AKIAIOSFODNN7EXAMPLE', '[AWS_KEY]'],
    ['user kim.minsu@example.co.kr failed', 'kim.minsu@example.co.kr', '[EMAIL]'],
    ['연락처 010-1234-5678 로 회신', '010-1234-5678', '[PHONE]'],
    ['대표번호 02-3456-7890', '02-3456-7890', '[PHONE]'],
    ['phone +82 10 9876 5432', '9876', '[PHONE]'],
    ['주민등록번호 900101-1234567 확인', '900101-1234567', '[RRN]'],
    ['card 4111 1111 1111 1111 charged', '4111 1111 1111 1111', '[CARD]'],
    ['client 203.0.113.57 blocked', '203.0.113.57', '203.0.113.x'],
    ['connect failed password="correct horse battery" host=db', 'horse battery', 'password="[REDACTED]" host=db'],
    ['PGPASSWORD=xyz12 psql -h db', 'xyz12', 'PGPASSWORD=[REDACTED]'],
    ['{"db_password": "hunter2", "user": "kim"}', 'hunter2', '"db_password": "[REDACTED]", "user": "kim"'],
    ["config {'SECRET_KEY': 'dev', 'MAIL_PASSWORD': 'p4ss'}", 'p4ss', "'MAIL_PASSWORD': '[REDACTED]'"],
    ['GET /f?sv=2021-08-06&sr=b&sig=Xk3kq8Lw%2BZp9r7Yd2%2FqvTfA0nUZ3hQk%3D HTTP/1.1', 'Xk3kq8Lw', 'sig=[REDACTED] HTTP/1.1'],
    ['mysql -u root -phunter2 safework_db', 'hunter2', '-p[REDACTED] safework_db'],
    ['redis AUTH s3cr3tpass failed', 's3cr3tpass', 'AUTH [REDACTED]'],
    ['client 2001:db8:85a3::8a2e:370:7334 blocked', '8a2e:370:7334', '2001:db8:85a3::x'],
    ['환불 계좌번호: 110-123-456789 실패', '110-123-456789', '계좌번호: [ACCOUNT]'],
    ['여권번호 M12345678 확인', 'M12345678', '[PASSPORT]'],
    ['면허 11-12-345678-90 조회', '11-12-345678-90', '[LICENCE]'],
    ['ssn 123-45-6789 stored', '123-45-6789', '[SSN]'],
    ['payment cvv=123 pin: 4321', '4321', 'cvv=[REDACTED] pin: [REDACTED]'],
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

describe('scrub: secrets of many kinds', () => {
  it.each(CATALOGUE_SAMPLES.map((s) => [s.kind, s] as const))('%s: found by the catalogue, gone', (_kind, s) => {
    const out = scrub(s.line);
    expect(out).toContain(`[REDACTED:${s.rule}]`);
    for (const part of s.value.split(/[\n/]/).filter((p) => p.length >= 12 && !p.startsWith('-----'))) expect(out).not.toContain(part);
  });

  it.each(UNCATALOGUED_SAMPLES.map((s) => [s.kind, s] as const))('%s: no catalogue has it, still gone', (_kind, s) => {
    const out = scrub(s.line);
    for (const part of s.value.split(/[@/]/).filter((p) => p.length >= 12)) expect(out).not.toContain(part);
  });

  it('keeps what on-call needs to read', () => {
    const lines = [
      'sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (2003, "Can\'t connect to MySQL server on \'safework-mysql\' ([Errno 111] Connection refused)")',
      'redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.',
      '  File "/usr/local/lib/python3.11/site-packages/sqlalchemy/engine/base.py", line 3280, in _wrap_pool_connect',
      'werkzeug.exceptions.InternalServerError: 500 Internal Server Error: SurveyResponseSerializer2024 failed',
      "KeyError: 'survey_response_id'",
      'request 550e8400-e29b-41d4-a716-446655440000 took 1532 ms in DocCGIXMLRPCRequestHandler.handle_request',
      'jinja2.exceptions.TemplateNotFound: survey/health_checkup_results_summary.html',
      'mysqld: [Warning] InnoDB: page_cleaner: 1000ms intended loop took 4231ms. The settings might not be optimal.',
      '2024-05-02 10:00:00,000 ERROR: [HIGH] 500_error: Internal Server Error (POST /api/v1/surveys/musculoskeletal_symptom_form)',
    ];
    for (const line of lines) expect(scrub(line, { ip: 'keep' })).toBe(line);
    expect(scrub('password=None auth=required user_id=42')).toBe('password=None auth=required user_id=42');
    expect(scrub('at 10:00:00, mac 00:1a:2b:3c:4d:5e, std::vector<int>::iterator, build 2024-05-02')).toBe('at 10:00:00, mac 00:1a:2b:3c:4d:5e, std::vector<int>::iterator, build 2024-05-02');
    expect(scrub('mysql+pymysql://safework:Pw1234abcd@safework-mysql:3306/safework_db')).toBe('mysql+pymysql://safework:[REDACTED]@safework-mysql:3306/safework_db');
  });
});
