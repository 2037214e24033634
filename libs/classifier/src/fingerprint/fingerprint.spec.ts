import fc from 'fast-check';
import { EventDetector } from '../classify/event-detector';
import { createClassifier } from '../index';
import { isLoneDigit } from '../cache/digit-shape';
import { parameterize, REPLACEMENTS } from './parameterize';

function fp(text: string, container = 'app'): string | undefined {
  const detector = new EventDetector(createClassifier());
  const key = { container, stream: 'stdout' };
  const events = text.split('\n').flatMap((line, i) => detector.push(key, line, i));
  events.push(...detector.flush());
  expect(events).toHaveLength(1);
  return events[0]?.fingerprint;
}

const tb = (exc: string, frame = 'submit_survey', line = 52): string =>
  [
    'Traceback (most recent call last):',
    `  File "/app/app.py", line ${line}, in ${frame}`,
    '    r.incr("x")',
    '  File "/usr/lib/python3/dist-packages/redis/connection.py", line 700, in connect',
    '    raise ConnectionError(self._error_message(e))',
    exc,
  ].join('\n');

describe('fingerprint', () => {
  it('is versioned: v1 keyed by message and code, v2 keyed by dependency', () => {
    expect(fp(tb('ValueError: invalid literal for int() with base 10: \'x\''))).toMatch(/^v1-[0-9a-f]{16}$/);
    expect(fp("pymysql.err.OperationalError: (1040, 'Too many connections')")).toMatch(/^v2-[0-9a-f]{16}$/);
  });

  it('is the same for one cause at another time, id or line number', () => {
    const a = fp('2024-05-01 10:00:00,000 ERROR: [CRITICAL] database_connection_error: (2003, "Can\'t connect to MySQL server on \'db1\' ([Errno 111] Connection refused)") user 42 req 6f1c2a9e-0d7b-4a0c-9a56-1f7d3c1b2e44');
    const b = fp('2024-06-09 23:59:59,999 ERROR: [CRITICAL] database_connection_error: (2003, "Can\'t connect to MySQL server on \'db1\' ([Errno 113] No route to host)") user 7 req 0b7f8c32-1111-4c22-8d33-9e4f5a6b7c8d');
    expect(a).toBe(b);
    // The value in the message and the line number vary; the cause does not.
    const v1 = (value: string, line: number): string | undefined => fp(tb(`KeyError: 'survey ${value} not found'`, 'submit_survey', line));
    expect(v1('4711', 52)).toMatch(/^v1-/);
    expect(v1('4711', 52)).toBe(v1('93', 99));
  });

  it('keys a dependency failure by the dependency, not the driver, code path, errno, line or container', () => {
    const outage = new Set([
      fp('2024-05-02 10:00:01,000 ERROR: [CRITICAL] database_connection_error: Error -2 connecting to safework-redis:6379. Name or service not known.'),
      fp(tb('redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.')),
      fp(tb('redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.', 'login')),
      fp(tb('redis.exceptions.TimeoutError: Timeout connecting to server while connecting to redis://safework-redis:6379/0')),
      fp(tb('redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.'), 'worker'),
    ]);
    expect(outage.size).toBe(1);
    const database = new Set([
      fp('sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (2003, "Can\'t connect to MySQL server on \'safework-mysql\' ([Errno 111] Connection refused)")'),
      fp('MySQLdb.OperationalError: (2005, "Unknown MySQL server host \'safework-mysql\' (-2)")'),
      fp('pymysql.err.OperationalError: (2003, "Can\'t connect to MySQL server on \'safework-mysql\' (timed out)")', 'worker'),
    ]);
    expect(database.size).toBe(1);
  });

  it('keeps different dependencies, and different failures of one dependency, apart', () => {
    const seen = new Set([
      fp("pymysql.err.OperationalError: (1040, 'Too many connections')"),
      fp("pymysql.err.OperationalError: (1045, \"Access denied for user 'a'@'b' (using password: YES)\")"),
      fp("pymysql.err.OperationalError: (2013, 'Lost connection to MySQL server during query')"),
      fp(tb('redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.')),
      fp(tb('redis.exceptions.ConnectionError: Error 111 connecting to cache.internal:6379. Connection refused.')),
      fp(tb('redis.exceptions.AuthenticationError: invalid username-password pair or user is disabled.')),
      fp(tb('ValueError: invalid literal for int()')),
      fp(tb('ValueError: invalid literal for int()', 'login')),
    ]);
    expect(seen.size).toBe(8);
  });

  it('keeps the v1 fingerprint of a dependency failure as an alias, with the type the app wrote', () => {
    const detector = new EventDetector(createClassifier());
    const [event] = detector.push({ container: 'app', stream: 'stdout' }, '2024-05-02 10:00:01,000 ERROR: [CRITICAL] database_connection_error: Error 111 connecting to safework-redis:6379. Connection refused.', 0).concat(detector.flush());
    expect(event?.type).toBe('redis_connection');
    expect(event?.dependency).toEqual({ kind: 'redis', failure: 'unreachable', host: 'safework-redis' });
    expect(event?.aliases).toHaveLength(1);
    expect(event?.aliases?.[0]).toMatch(/^v1-/);
  });

  it('tells access lines apart by method, route and status, not by client, size or time', () => {
    const line = (ip: string, at: string, request: string, status: number, size: number): string =>
      `${ip} - - [${at} +0000] "${request} HTTP/1.1" ${status} ${size} "-" "curl/7.88.1"`;
    const submit503 = fp(line('172.21.0.1', '26/Nov/2026:09:20:52', 'POST /survey/submit', 503, 30));
    expect(fp(line('10.0.0.7', '27/Nov/2026:10:00:00', 'POST /survey/submit?draft=1', 503, 33))).toBe(submit503);
    const seen = new Set([
      submit503,
      fp(line('172.21.0.1', '26/Nov/2026:09:20:53', 'GET /boom', 500, 265)),
      fp(line('127.0.0.1', '26/Nov/2026:09:21:17', 'GET /health', 503, 65)),
      fp(line('172.21.0.1', '26/Nov/2026:09:20:52', 'POST /survey/submit', 500, 30)),
    ]);
    expect(seen.size).toBe(4);
  });

  it('parameterises the variable parts Sentry does', () => {
    expect(parameterize('user bob@example.com from 10.1.2.3:5000 at 2024-01-01T10:00:00Z took 350ms id 0xdeadbeef n=12')).toBe(
      'user <email> from <ip> at <date> took <duration> id <hex> n=<int>',
    );
    expect(parameterize('(2003, "Can\'t connect") Errno 111')).toBe('(2003, <str>) Errno 111');
  });

  it('is keyed by the service: replicas share a fingerprint, other services do not', () => {
    const line = tb("KeyError: 'survey'", 'submit_survey');
    const of = (container: string, service?: string): { fingerprint: string | undefined; service: string | undefined } => {
      const detector = new EventDetector(createClassifier());
      const key = service === undefined ? { container, stream: 'stdout' } : { container, stream: 'stdout', service };
      const events = line.split('\n').flatMap((l, i) => detector.push(key, l, i)).concat(detector.flush());
      return { fingerprint: events[0]?.fingerprint, service: events[0]?.service };
    };
    const replicas = [of('safework_app_1', 'safework-app'), of('safework_app_2', 'safework-app')];
    expect(replicas[0]?.fingerprint).toBe(replicas[1]?.fingerprint);
    expect(replicas.map((r) => r.service)).toEqual(['safework-app', 'safework-app']);
    // A container that is its own service keeps the fingerprint it always had.
    expect(of('safework-app', 'safework-app')).toEqual({ fingerprint: of('safework-app').fingerprint, service: undefined });
    expect(of('worker', 'worker').fingerprint).not.toBe(replicas[0]?.fingerprint);
  });
});

describe('parameterize', () => {
  // The same passes without skipping any: what parameterize must always equal.
  const PASSES: ReadonlyArray<readonly [RegExp, string]> = [
    [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '<email>'],
    [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
    [/\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?)?/g, '<date>'],
    [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>'],
    [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, '<ip>'],
    [/\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b/gi, '<ip>'],
    [/\b[a-z][\w.-]*:\d{2,5}\b/gi, '<host:port>'],
    [/\b0x[0-9a-f]+\b/gi, '<hex>'],
    [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
    [/\b\d+(?:\.\d+)?\s?(?:ms|msec|s|sec|secs|seconds?|minutes?|mins?|h|hours?)\b/gi, '<duration>'],
    [/'[^'\n]{0,200}'|"[^"\n]{0,200}"/g, '<str>'],
    [/(?<![(\w]|Error |Errno |errno |code |\[Errno )-?\d+(?:\.\d+)?\b/g, '<int>'],
  ];
  const everyPass = (text: string): string => PASSES.reduce((out, [re, to]) => out.replace(re, to), text).replace(/\s+/g, ' ').trim();

  it('skips only passes that could not have matched', () => {
    const piece = fc.constantFrom('bob@example.com', '6f1c2a9e-0d7b-4a0c-9a56-1f7d3c1b2e44', '2024-01-01T10:00:00Z', '10:00:00', '10.1.2.3:5000', 'fe80::1:2', 'db:3306', '0xDEADbeef', 'deadbeef01', '350 ms', "'x'", '"y"', 'Error 111', '-42', ' ', 'X', ':', '.', '-', '@');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 10 }), (parts) => {
        const text = parts.join('');
        expect(parameterize(text)).toBe(everyPass(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('tells a digit from another in no pattern but a zero that starts a word before "x" (what FingerprintCache relies on)', () => {
    for (const [pattern] of REPLACEMENTS) {
      // A count ({1,3}) or the range 0-9 says nothing about a digit; "\b0x" is a zero with no
      // digit before it (a word starts there) and none after.
      const rest = pattern.source.replace(/\{\d+(?:,\d*)?\}/g, '').replace(/0-9/g, '').replace(/\\b0x/g, '');
      expect({ pattern: pattern.source, digits: /\d/.test(rest) }).toEqual({ pattern: pattern.source, digits: false });
    }
  });

  it('gives one text for messages that differ only in which digits they hold, a lone zero kept, but for the digits it keeps', () => {
    const piece = fc.constantFrom('Error 111 connecting to db:6379', '(2003, "Can\'t connect")', 'pid:20189', '10.1.2.3', 'v2.1', ' 350 ms', '2024-01-01 10:00:00', 'id=42', 'deadbeef01', '0x1f', '1x1f', '10x1f', '0', '100 ms', 'x', ' ', '-');
    const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 64, maxLength: 64 });
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), digits, (parts, pick) => {
        const text = parts.join(' ');
        let k = 0;
        // Any digit for any other, zero too, but a lone zero stays one and no lone digit becomes one.
        const other = text.replace(/\d/g, (d, at: number) => (isLoneDigit(text, at) ? (d === '0' ? d : String(Math.max(1, pick[k++ % pick.length] as number))) : String(pick[k++ % pick.length])));
        const shape = (s: string): string => s.replace(/\d/g, '1');
        expect(shape(parameterize(other))).toBe(shape(parameterize(text)));
      }),
      { numRuns: 500 },
    );
  });
});
