import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EventDetector, createClassifier, type DetectedEvent } from '@safework/classifier';
import { scrub } from '@safework/github-reporter';

// The pipeline classifies raw lines and scrubs only what leaves the process. This holds the
// scrubber to not changing a verdict either: the real excerpts classify the same, type and
// severity, when every line is scrubbed first.
const fixtures = parse(readFileSync(join(__dirname, '../../../../libs/classifier/src/__fixtures__/real-logs.yaml'), 'utf8')) as {
  cases: Array<{ name: string; container: string; text: string }>;
};

function detect(text: string, container: string, prepare: (line: string) => string): Array<Pick<DetectedEvent, 'type' | 'severity'>> {
  const detector = new EventDetector(createClassifier());
  const key = { container, stream: 'stdout' };
  const events: DetectedEvent[] = [];
  text.replace(/\n$/, '').split('\n').forEach((line, i) => events.push(...detector.push(key, prepare(line), i)));
  events.push(...detector.flush());
  return events.map((e) => ({ type: e.type, severity: e.severity }));
}

describe('scrubbing never changes a classification', () => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(detect(c.text, c.container, (l) => scrub(l))).toEqual(detect(c.text, c.container, (l) => l));
  });
});
