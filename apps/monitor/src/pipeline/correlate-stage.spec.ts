import { EventDetector, createClassifier, type DetectedEvent } from '@safework/classifier';
import { CorrelateStage } from './correlate-stage';

function detect(container: string, ...lines: string[]): DetectedEvent[] {
  const detector = new EventDetector(createClassifier());
  return lines.flatMap((line, i) => detector.push({ container, stream: 'stdout' }, line, i)).concat(detector.flush());
}

const at = (s: number): Date => new Date(Date.parse('2024-05-02T10:00:00Z') + s * 1000);
const NAMED = '2024-05-02 10:00:01,000 ERROR: [CRITICAL] database_connection_error: Error 111 connecting to safework-redis:6379. Connection refused.';
const UNNAMED = '2024-05-02 10:00:02,000 ERROR: redis.exceptions.ConnectionError: Connection closed by server.';

describe('CorrelateStage', () => {
  it('gives an unnamed failure of a dependency the host last named for it, and so one fingerprint', () => {
    const stage = new CorrelateStage();
    const [named] = stage.correlate(detect('safework-app', NAMED), at(0));
    const [unnamed] = detect('safework-worker', UNNAMED);
    expect(unnamed?.dependency).toEqual({ kind: 'redis', failure: 'unreachable' });
    expect(unnamed?.fingerprint).not.toBe(named?.fingerprint);
    const [joined] = stage.correlate(unnamed ? [unnamed] : [], at(30));
    expect(joined?.dependency?.host).toBe('safework-redis');
    expect(joined?.fingerprint).toBe(named?.fingerprint);
  });

  it('leaves it alone when no host was named for that dependency lately, and passes other events through', () => {
    const stage = new CorrelateStage();
    stage.correlate(detect('safework-app', NAMED), at(0));
    const unnamed = detect('safework-app', UNNAMED);
    expect(stage.correlate(unnamed, at(11 * 60))).toEqual(unnamed);
    const other = detect('safework-app', 'Traceback (most recent call last):', '  File "/app/app.py", line 3, in boom', 'ValueError: boom');
    expect(stage.correlate(other, at(1))).toEqual(other);
  });
});
