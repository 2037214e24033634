import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { createClassifier } from '../index';
import { EventDetector } from './event-detector';
import type { DetectedEvent } from './detected-event';
import { LogScanner } from '../scan/log-scanner';

interface Case {
  name: string;
  source: string;
  container: string;
  text: string;
  expect?: Array<{ type: string; severity: string }>;
}
const fixtures = parse(readFileSync(join(__dirname, '../__fixtures__/real-logs.yaml'), 'utf8')) as {
  cases: Case[];
  benign: Case[];
};

function detectLines(text: string, container: string): DetectedEvent[] {
  const detector = new EventDetector(createClassifier());
  const key = { container, stream: 'stdout' };
  const events: DetectedEvent[] = [];
  text.replace(/\n$/, '').split('\n').forEach((line, i) => events.push(...detector.push(key, line, i)));
  events.push(...detector.flush());
  return events;
}

function detectBytes(text: string, container: string, chunkSize: number): DetectedEvent[] {
  const scanner = new LogScanner(new EventDetector(createClassifier()), { container, stream: 'stdin' });
  const bytes = Buffer.from(text);
  const events: DetectedEvent[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) events.push(...scanner.write(bytes.subarray(i, i + chunkSize)));
  events.push(...scanner.end());
  return events;
}

describe('Classifier on real log excerpts', () => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const events = detectLines(c.text, c.container);
    expect(events.map((e) => ({ type: e.type, severity: e.severity }))).toEqual(c.expect);
  });

  it.each(fixtures.benign.map((c) => [c.name, c] as const))('stays quiet: %s', (_name, c) => {
    expect(detectLines(c.text, c.container)).toEqual([]);
  });

  it('gives the same events whether fed by lines or by bytes in odd-sized chunks', () => {
    const all = [...fixtures.cases, ...fixtures.benign].map((c) => c.text).join('');
    const byLines = detectLines(all, 'app').map((e) => [e.firstLine, e.lastLine, e.type, e.severity]);
    for (const size of [1, 7, 64, 4096]) {
      expect(detectBytes(all, 'app', size).map((e) => [e.firstLine, e.lastLine, e.type, e.severity])).toEqual(byLines);
    }
  });
});

describe('Classifier verdict cache', () => {
  it('gives a repeated line the verdict a fresh classifier gives it, whether the line was kept or not', () => {
    const texts = [
      'redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.',
      '2024-05-02 10:00:00,000 ERROR: [HIGH] application_error: checkout failed',
      '[2024-05-02 10:00:00 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:9)',
      '10.0.0.7 - - [02/May/2024:10:00:00 +0000] "POST /survey/submit HTTP/1.1" 503 12 "-" "curl"',
      'WORKER TIMEOUT (pid:9)',
      'all good here',
    ];
    const kept = createClassifier();
    for (let round = 0; round < 3; round++) {
      texts.forEach((text, i) => {
        const record = { lines: [{ text, index: round * 10 + i, ...(round === 2 ? { time: '2024-05-02T10:00:09.000Z' } : {}) }], hasTraceback: false };
        expect(kept.classify(record, 'safework-app')).toEqual(createClassifier().classify(record, 'safework-app'));
      });
    }
  });
});

describe('Classifier verdict cache on lines that start with their time', () => {
  // Messages as loggers write them after the time: the fixtures' first lines without their own
  // time, a benign one, and one that quotes its time again (that verdict must not be kept).
  const bodies = [
    ...fixtures.cases.map((c) => (c.text.split('\n')[0] ?? '').replace(/^\[?\d{4}-\d{2}-\d{2}[ T][\d:.,]+(?:Z|[+-]\d{2}:?\d{2})?\]? ?/, '')),
    'INFO saved answer set 12',
    'ERROR [cache] redis.exceptions.TimeoutError: Timeout reading from socket',
  ];
  const times = ['$ ', '[$ +0000] [7] ', '$.123456Z ', '[$]: ', '$', '$,123 ERROR retry scheduled for $: '];
  const pad = (n: number): string => String(n).padStart(2, '0');

  it('does not keep a verdict that quotes the time: the next line would get the old time', () => {
    const kept = createClassifier();
    // `]:` is no prefix the message loses, so the message keeps the time.
    const line = (t: string): string => `[${t}]: redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.`;
    for (const [i, t] of ['2024-05-02 10:00:00', '2024-05-02 10:00:05'].entries()) {
      const record = { lines: [{ text: line(t), index: i }], hasTraceback: false };
      const event = kept.classify(record, 'safework-app');
      expect(event?.message).toContain(t);
      expect(event).toEqual(createClassifier().classify(record, 'safework-app'));
    }
  });

  it('gives each line the verdict a fresh classifier gives it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ body: fc.constantFrom(...bodies), shape: fc.constantFrom(...times), h: fc.nat(23), m: fc.nat(59), day: fc.integer({ min: 1, max: 28 }) }), { minLength: 1, maxLength: 12 }),
        (lines) => {
          const kept = createClassifier();
          lines.forEach(({ body, shape, h, m, day }, i) => {
            const text = shape.replaceAll('$', `2024-05-${pad(day)} ${pad(h)}:${pad(m)}:0${i % 10}`) + body;
            const record = { lines: [{ text, index: i }], hasTraceback: false };
            expect(kept.classify(record, 'safework-app')).toEqual(createClassifier().classify(record, 'safework-app'));
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('DetectedEvent details', () => {
  it('spans the logging line, its continuation and the whole chained traceback', () => {
    const c = fixtures.cases.find((x) => x.name.startsWith('SafeWork ErrorMonitor marker'));
    const [event] = detectLines(c?.text ?? '', 'safework-app');
    expect(event).toMatchObject({
      firstLine: 0,
      lastLine: 15,
      ruleId: 'mysql-cannot-connect',
      time: '2024-05-02 09:20:11,004',
    });
    expect(event?.message).toMatch(/^sqlalchemy\.exc\.OperationalError: .*2003/);
    expect(event?.traceback).toContain('During handling of the above exception');
  });

  it('marks symptoms that must not escalate, and only those', () => {
    const [access] = detectLines('172.18.0.1 - - [02/May/2024:10:32:00 +0000] "POST /survey/submit HTTP/1.1" 503 30 "-" "curl/7.88.1"', 'app');
    expect(access).toMatchObject({ severity: 'medium', ruleId: 'http-server-error-status', escalate: false });
    const [boot] = detectLines('[2026-11-26 09:21:29 +0000] [1] [INFO] Reason: Worker failed to boot.', 'app');
    expect(boot).toMatchObject({ ruleId: 'gunicorn-worker-boot-failed', escalate: false });
    const [slow] = detectLines('2024-05-02 10:00:00,000 WARNING: slow request to /survey/submit took 3.2 s', 'app');
    expect(slow?.severity).toBe('medium');
    expect(slow && 'escalate' in slow).toBe(false);
  });

  it('extracts the request from Flask and access lines', () => {
    const [flask] = detectLines(
      fixtures.cases.find((x) => x.name.startsWith('Flask unhandled'))?.text ?? '',
      'app',
    );
    expect(flask?.request).toEqual({ method: 'GET', url: '/boom' });
    const [access] = detectLines(fixtures.cases.find((x) => x.name === 'HTTP 500 access line')?.text ?? '', 'app');
    expect(access?.request).toEqual({ method: 'POST', url: '/survey/submit', clientIp: '172.18.0.1', status: 500 });
  });

  it('extracts the user where the line carries one', () => {
    const [login] = detectLines(fixtures.cases.find((x) => x.name === 'failed login')?.text ?? '', 'app');
    expect(login?.user).toEqual({ name: 'kim' });
    expect(login?.request?.clientIp).toBe('172.18.0.1');
  });

  it('takes the time from the Docker timestamp prefix when present', () => {
    const [event] = detectLines('2024-05-02T10:00:00.123456789Z pymysql.err.OperationalError: (1040, \'Too many connections\')', 'db');
    expect(event?.time).toBe('2024-05-02T10:00:00.123456789Z');
    expect(event?.message).toBe("pymysql.err.OperationalError: (1040, 'Too many connections')");
  });

  it('matches the seed\'s patterns as regular expressions, not substrings', () => {
    const classifier = createClassifier([
      { id: 'seed-mysql', type: 'database_connection', severity: 'critical', pattern: 'mysql.*Connection.*failed', priority: 200 },
    ]);
    const detector = new EventDetector(classifier);
    const events = [...detector.push({ container: 'a', stream: 'o' }, 'mysql: Connection to primary failed', 0), ...detector.flush()];
    expect(events.map((e) => e.ruleId)).toEqual(['seed-mysql']);
  });

  it('applies a rule only to the containers it names', () => {
    const classifier = createClassifier([
      { id: 'only-worker', type: 'application_error', severity: 'high', pattern: 'job lost', containers: ['worker-*'] },
    ]);
    const detect = (container: string): string[] => {
      const d = new EventDetector(classifier);
      return [...d.push({ container, stream: 'o' }, 'job lost', 0), ...d.flush()].map((e) => e.ruleId);
    };
    expect(detect('worker-1')).toEqual(['only-worker']);
    expect(detect('web')).toEqual([]);
  });
});
