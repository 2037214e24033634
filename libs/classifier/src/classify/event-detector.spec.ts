import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../index';
import { EventDetector } from './event-detector';

const LINES = [
  '2024-05-02T10:00:01.000000001Z \x1b[31m2024-05-02 10:00:01,000 ERROR: [CRITICAL] redis_connection_error: Error 111 connecting to safework-redis:6379. Connection refused.\x1b[0m\r',
  '2024-05-02T10:00:01.000000002Z Traceback (most recent call last):',
  '2024-05-02T10:00:01.000000003Z   File "/app/app.py", line 40, in submit_survey',
  '2024-05-02T10:00:01.000000004Z redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.',
  '2024-05-02T10:00:02.000000000Z 172.18.0.1 - - [02/May/2024 10:00:02] "GET /health HTTP/1.1" 200 -',
];

describe('EventDetector', () => {
  it('finds the same events in lines with their time split off (pushLine) as in raw lines (push)', () => {
    const key = { container: 'safework-app', stream: 'stdout' };
    const raw = new EventDetector(createClassifier());
    const split = new EventDetector(createClassifier());
    const fromRaw = LINES.flatMap((line, i) => raw.push(key, line, i)).concat(raw.flush());
    const fromSplit = LINES.flatMap((line, i) => split.pushLine(key, { time: line.slice(0, 30), text: line.slice(31) }, i)).concat(split.flush());
    expect(fromRaw.length).toBeGreaterThan(0);
    expect(fromSplit).toEqual(fromRaw);
    expect(fromSplit[0]?.time).toBe('2024-05-02T10:00:01.000000001Z');
    expect(fromSplit[0]?.message).not.toContain('\x1b');
    expect(split.stats).toEqual(raw.stats);
  });

  it('drops an open record on discard: it is counted, never classified, and the next line starts afresh', () => {
    const key = { container: 'safework-app', stream: 'stdout' };
    const detector = new EventDetector(createClassifier());
    expect(LINES.slice(0, 3).flatMap((line, i) => detector.push(key, line, i))).toEqual([]);
    detector.discard(key);
    expect(detector.hasPending(key)).toBe(false);
    expect(detector.flush()).toEqual([]);
    expect(detector.stats).toMatchObject({ records: 1, events: 0 });
    const after = [detector.push(key, LINES[0] as string, 3), detector.flush()].flat();
    expect(after.map((e) => [e.type, e.firstLine, e.lastLine])).toEqual([['redis_connection', 3, 3]]);
  });
});

describe("SafeWork's ErrorMonitor format", () => {
  // One unhandled /boom (Flask's record, ErrorMonitor's summary and its "Traceback:" record, the
  // access line), then a Redis failure as ErrorMonitor reports it, and a failed health check.
  const text = readFileSync(join(__dirname, '../__fixtures__/error-monitor-format.log'), 'utf8').trimEnd().split('\n');
  const detector = new EventDetector(createClassifier());
  const key = { container: 'safework-app', stream: 'stderr' };
  const events = text.flatMap((line, i) => detector.push(key, line, i)).concat(detector.flush());

  it('reads a "Traceback:" record as the traceback it holds: the same key as Flask\'s record of it', () => {
    const tracebacks = events.filter((e) => e.traceback !== undefined);
    expect(tracebacks.map((e) => [e.type, e.message])).toEqual([
      ['application_error', 'ZeroDivisionError: division by zero'],
      ['application_error', 'ZeroDivisionError: division by zero'],
      ['redis_connection', 'redis.exceptions.ConnectionError: Error -2 connecting to safework-redis:6379. Name or service not known.'],
    ]);
    expect(tracebacks[0]?.fingerprint).toBe(tracebacks[1]?.fingerprint);
    expect(tracebacks[2]?.traceback).toMatch(/^Traceback \(most recent call last\):\n {2}File/);
  });

  it('takes the request from "(METHOD /path)" without the bracket', () => {
    expect(events.filter((e) => e.message.includes('500_error')).map((e) => e.request?.url)).toEqual(['/boom', '/survey/submit']);
  });

  it('keeps a failed health check logged as a warning at medium, below the default threshold, keyed to its outage', () => {
    const health = events.find((e) => e.message.startsWith('Health check failed'));
    expect([health?.type, health?.severity]).toEqual(['redis_connection', 'medium']);
    const outage = events.filter((e) => e.dependency !== undefined);
    expect(outage.map((e) => e.severity)).toEqual(['critical', 'critical', 'critical', 'medium']);
    expect(new Set(outage.map((e) => e.fingerprint)).size).toBe(1);
  });
});
