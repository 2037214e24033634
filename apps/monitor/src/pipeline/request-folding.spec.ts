import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventDetector, createClassifier, type DetectedEvent } from '@safework/classifier';
import { RequestFolding } from './request-folding';

const FIXTURE = readFileSync(join(__dirname, '../../../../libs/classifier/src/__fixtures__/error-monitor-format.log'), 'utf8').trimEnd().split('\n');

function detect(lines: readonly string[]): DetectedEvent[] {
  const detector = new EventDetector(createClassifier());
  return lines.flatMap((line, i) => detector.push({ container: 'safework-app', stream: 'stderr' }, line, i)).concat(detector.flush());
}

const at = (s: number): Date => new Date(Date.parse('2026-11-27T19:40:00Z') + s * 1000);

describe('RequestFolding', () => {
  it('folds the records of one failing request into the event with its traceback', () => {
    const boom = detect(FIXTURE.slice(0, 20));
    expect(boom.length).toBe(4);
    const folded = new RequestFolding().fold(boom, at(1));
    // ErrorMonitor's summary, its "Traceback:" copy of Flask's traceback and the 500 access
    // line are evidence: one event, with the route, status and client.
    expect(folded.map((e) => [e.message, e.request])).toEqual([['ZeroDivisionError: division by zero', { method: 'GET', url: '/boom', clientIp: '172.18.0.1', status: 500 }]]);
  });

  it('gives a dependency failure the route of its summary line', () => {
    const redis = detect(FIXTURE.slice(20));
    const folded = new RequestFolding().fold(redis, at(5));
    const cause = folded.find((e) => e.traceback !== undefined);
    expect(cause?.request).toEqual({ method: 'POST', url: '/survey/submit' });
    expect(folded.map((e) => e.message.slice(0, 30))).toEqual(['redis.exceptions.ConnectionErro', 'Health check failed: redis: Err'].map((m) => m.slice(0, 30)));
  });

  it('keeps two requests that failed the same way apart, each with its copy folded in', () => {
    const boom = detect([...FIXTURE.slice(0, 20), ...FIXTURE.slice(0, 20)]);
    expect(new RequestFolding().fold(boom, at(1))).toHaveLength(2);
  });

  it('drops evidence that comes in a later batch within seconds, and keeps it after the window', () => {
    const events = detect(FIXTURE.slice(0, 20));
    const folding = new RequestFolding();
    folding.fold(events.slice(0, 1), at(1));
    expect(folding.fold(events.slice(3), at(2))).toEqual([]);
    expect(folding.fold(events.slice(3), at(30))).toHaveLength(1);
  });
});
