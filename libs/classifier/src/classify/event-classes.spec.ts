import { createClassifier } from '../index';
import { EventDetector } from './event-detector';

// One line per class of event that was missed or mistyped on held-out logs, in this project's
// own wording (the held-out sets stay unseen): what an on-call engineer expects of each.
const CASES: ReadonlyArray<readonly [string, string, string] | readonly [string, null, null]> = [
  ['2026-11-27 10:00:00,001 INFO: 400 Bad Request: The CSRF token has expired.', 'authentication', 'low'],
  ['2026-11-27 10:00:02,001 WARNING: Forbidden (Origin checking failed - https://a.example does not match any trusted origins.): /survey/submit', 'authentication', 'low'],
  ['2026-11-27 10:00:03,001 WARNING: Forbidden (CSRF cookie not set.): /login', 'authentication', 'low'],
  ['2026-11-27 10:00:05,001 INFO: Unauthorized access to /admin/dashboard: login required', 'authentication', 'low'],
  ['2026-11-27 10:00:07,001 INFO: Session invalid for user 42, forcing logout', 'authentication', 'low'],
  ['2026-11-27 10:00:08,001 WARNING: Survey submission failed: missing field q3 (POST /survey/submit)', 'survey_system', 'high'],
  ['2026-11-27 10:00:09,001 WARNING: 설문 제출 실패: 필수 항목 누락', 'survey_system', 'high'],
  ["2026-11-27 10:00:10,001 ERROR: Invalid form data in survey 001: {'age': ['Not a valid integer.']}", 'survey_system', 'medium'],
  ['2026-11-27 10:00:11,001 ERROR: Survey 12 saved but notification email failed: SMTPServerDisconnected', 'survey_system', 'low'],
  ['2026-11-27 10:00:12,001 WARNING: 설문 저장 후 알림 전송 실패: timeout', 'survey_system', 'low'],
  ['2026-11-27 10:00:13,001 INFO: Waiting for database at safework-mysql:3306... (attempt 3/30)', 'database_connection', 'medium'],
  ['2026-11-27 10:00:15,001 WARNING: Redis not available, waiting 5s before next attempt', 'redis_connection', 'medium'],
  ['2026-11-27 10:00:16,001 WARNING: Connection pool is full, discarding connection: safework-api', null, null],
  ["2026-11-27 10:00:17,001 WARNING: Retrying (Retry(total=2, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError': /hook", null, null],
  ['2026-11-27 10:00:18,001 ERROR: Admin access granted to admin from 10.0.0.5', null, null],
  ['2026-11-27 10:00:20,001 ERROR: psycopg2.pool.PoolError: connection pool exhausted', 'database_connection', 'high'],
  ['2026-11-27 10:00:21,001 ERROR: Timed out waiting for a free connection from the database pool', 'database_connection', 'high'],
  ["2026-11-27 10:00:22,001 ERROR: redis.exceptions.ReadOnlyError: You can't write against a read only replica.", 'redis_connection', 'critical'],
  ['2026-11-27 10:00:23,001 ERROR: consumer: Cannot connect to amqp://guest:**@rabbitmq:5672//: [Errno 111] Connection refused.', 'application_error', 'critical'],
  ['*** HARAKIRI ON WORKER 2 (pid: 1234, try: 1) ***', 'application_error', 'high'],
  ['DAMN ! worker 2 (pid: 1234) died, killed by signal 9 :( trying respawn ...', 'application_error', 'high'],
  ['2026-11-27 10:00:27,001 WARNING: Deadlock found when trying to get lock; try restarting transaction (retrying, attempt 1/3)', 'database_connection', 'medium'],
  ["2026-11-27 10:00:28,001 ERROR: (pymysql.err.OperationalError) (1213, 'Deadlock found when trying to get lock; try restarting transaction')", 'database_connection', 'high'],
];

describe('event classes seen missed or mistyped on held-out logs', () => {
  it.each(CASES)('%s → %s %s', (line, type, severity) => {
    const detector = new EventDetector(createClassifier());
    const key = { container: 'safework-app', stream: 'stderr' };
    const events = [...detector.push(key, line, 0), ...detector.flush()];
    if (type === null) {
      expect(events).toEqual([]);
    } else {
      expect(events.map((e) => [e.type, e.severity])).toEqual([[type, severity]]);
    }
  });

  it('reads a traceback cut at its top as a traceback, typed by its exception', () => {
    const detector = new EventDetector(createClassifier());
    const key = { container: 'safework-app', stream: 'stderr' };
    const lines = ['  File "/app/views.py", line 88, in submit', '    db.session.commit()', 'sqlalchemy.exc.IntegrityError: (pymysql.err.IntegrityError) (1062, "Duplicate entry")'];
    const events = [...lines.flatMap((l, i) => detector.push(key, l, i)), ...detector.flush()];
    expect(events.map((e) => [e.type, e.severity, e.message.slice(0, 30), e.traceback?.split('\n').length])).toEqual([['application_error', 'high', 'sqlalchemy.exc.IntegrityError:', 3]]);
  });
});

describe('a flood of one line', () => {
  it('is decided once and still gives each event its own index and time', () => {
    const detector = new EventDetector(createClassifier());
    const key = { container: 'safework-app', stream: 'stderr' };
    const line = (s: number): string => `2024-05-02T10:00:0${s}.000000000Z 2024-05-02 10:00:00,000 ERROR: [HIGH] application_error: checkout failed`;
    const events = [0, 1, 2].flatMap((s) => detector.push(key, line(s), s)).concat(detector.flush());
    expect(events.map((e) => [e.firstLine, e.lastLine, e.time, e.severity])).toEqual([
      [0, 0, '2024-05-02T10:00:00.000000000Z', 'high'],
      [1, 1, '2024-05-02T10:00:01.000000000Z', 'high'],
      [2, 2, '2024-05-02T10:00:02.000000000Z', 'high'],
    ]);
    expect(new Set(events.map((e) => e.fingerprint)).size).toBe(1);
    const benign = new EventDetector(createClassifier());
    expect([0, 1].flatMap((s) => benign.push(key, `2024-05-02T10:00:0${s}.000000000Z INFO: survey stored`, s)).concat(benign.flush())).toEqual([]);
  });
});
