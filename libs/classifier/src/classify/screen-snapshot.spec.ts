import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createClassifier } from '../index';
import { RuleScreen } from './rule-screen';
import { decodeScreen, encodeScreen, loadScreen, screenKey, type ScreenStore } from './screen-snapshot';

const rules = createClassifier().rules;
const fixtures = parse(readFileSync(join(__dirname, '../__fixtures__/real-logs.yaml'), 'utf8')) as { cases: Array<{ text: string }> };
const TEXTS = [...fixtures.cases.map((c) => c.text), '2024-05-02 10:00:00,000 INFO: survey 12 stored', '설문 제출 실패: ÉCHEC'];

function screened(screen: RuleScreen, text: string): number[] {
  const may = new Uint8Array(rules.length);
  screen.screen(text, may);
  return [...may];
}

class MemoryStore implements ScreenStore {
  readonly files = new Map<string, Uint8Array>();
  loads = 0;
  load(key: string): Uint8Array | undefined {
    this.loads++;
    return this.files.get(key);
  }
  save(key: string, bytes: Uint8Array): void {
    this.files.set(key, bytes);
  }
}

describe('screen snapshots', () => {
  const built = new RuleScreen(rules);

  it('load back as a screen that lets the same rules run on every text', () => {
    const parts = decodeScreen(encodeScreen(built.parts), rules);
    expect(parts).toBeDefined();
    const loaded = new RuleScreen(rules, parts);
    for (const text of TEXTS) expect(screened(loaded, text)).toEqual(screened(built, text));
  });

  it('read the tables where they lie when the bytes are aligned, and copy them out when not', () => {
    const bytes = encodeScreen(built.parts);
    const aligned = new Uint8Array(new ArrayBuffer(bytes.length + 8), 8, bytes.length);
    aligned.set(bytes);
    const unaligned = new Uint8Array(new ArrayBuffer(bytes.length + 8), 1, bytes.length);
    unaligned.set(bytes);
    const inPlace = decodeScreen(aligned, rules);
    const copied = decodeScreen(unaligned, rules);
    expect(inPlace?.automaton.next.buffer).toBe(aligned.buffer);
    expect(copied?.automaton.next.buffer).not.toBe(unaligned.buffer);
    for (const parts of [inPlace, copied]) {
      const loaded = new RuleScreen(rules, parts);
      for (const text of TEXTS) expect(screened(loaded, text)).toEqual(screened(built, text));
    }
  });

  it('are refused when they are not one: junk, cut short, another format, or rules they do not fit', () => {
    const bytes = Buffer.from(encodeScreen(built.parts));
    expect(decodeScreen(Buffer.from('not a screen at all'), rules)).toBeUndefined();
    expect(decodeScreen(bytes.subarray(0, bytes.length - 2), rules)).toBeUndefined();
    const other = Buffer.from(bytes);
    other.writeUInt32LE(99, 4);
    expect(decodeScreen(other, rules)).toBeUndefined();
    expect(decodeScreen(bytes, rules.slice(0, 3))).toBeUndefined();
  });

  it('are kept by the store on the first load and taken from it on the next, keyed by the rules', () => {
    const store = new MemoryStore();
    const first = loadScreen(rules, store);
    expect([...store.files.keys()]).toEqual([screenKey(rules)]);
    const second = loadScreen(rules, store);
    expect(second.parts.rulesOf).toEqual(first.parts.rulesOf);
    for (const text of TEXTS) expect(screened(second, text)).toEqual(screened(built, text));
    const fewer = createClassifier([{ id: 'extra', type: 'application_error', severity: 'high', pattern: 'kaboom' }]).rules;
    expect(screenKey(fewer)).not.toBe(screenKey(rules));
  });

  it('cost only the analysis when the store fails', () => {
    const broken: ScreenStore = {
      load: () => {
        throw new Error('EIO');
      },
      save: () => {
        throw new Error('EROFS');
      },
    };
    const screen = loadScreen(rules, broken);
    for (const text of TEXTS) expect(screened(screen, text)).toEqual(screened(built, text));
    const junk: ScreenStore = { load: () => Buffer.from('junk'), save: () => undefined };
    expect(screened(loadScreen(rules, junk), TEXTS[0] as string)).toEqual(screened(built, TEXTS[0] as string));
  });
});
