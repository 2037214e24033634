import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ScreenStore } from '../classify/screen-snapshot';
import { createClassifier } from '../index';
import { gateLiterals } from './gate-literals';
import { STATIC_COST } from './required-literals';
import { analyseRules, analysisKey, analysisStrings, decodeAnalysis, encodeAnalysis, loadAnalysis, type RulesAnalysis } from './rules-analysis';

const fixtures = parse(readFileSync(join(__dirname, '../__fixtures__/real-logs.yaml'), 'utf8')) as { cases: Array<{ text: string }> };
const SAMPLE = Buffer.from(fixtures.cases.map((c) => c.text).join('\n'));

function memoryStore(): ScreenStore & { saved: Map<string, Uint8Array>; loads: number; saves: number } {
  const saved = new Map<string, Uint8Array>();
  const store = {
    saved,
    loads: 0,
    saves: 0,
    load: (key: string) => {
      store.loads++;
      return saved.get(key);
    },
    save: (key: string, bytes: Uint8Array) => {
      store.saves++;
      saved.set(key, bytes);
    },
  };
  return store;
}

describe('the gate\'s analysis of a rule set', () => {
  const rules = createClassifier([
    // no literal every match holds
    { id: 'digits', type: 'application_error', severity: 'low', pattern: '\\d+[a-z]+', flags: 'i' },
    // beyond the analysis: a Unicode property
    { id: 'letters', type: 'application_error', severity: 'low', pattern: '\\p{L}+ failed', flags: 'iu' },
  ]).rules;
  const builtin = createClassifier().rules;

  it('reads back what it wrote: ignore rules, rules beyond it, shared parts', () => {
    const analysis = analyseRules(rules);
    expect(analysis.some((a) => a === null)).toBe(true);
    expect(analysis.some((a) => a === undefined)).toBe(true);
    const decoded = decodeAnalysis(encodeAnalysis(analysis), rules);
    expect(decoded).toEqual(analysis);
    // with the strings a choice prices, as the analysis gives them
    expect(analysisStrings(decoded as RulesAnalysis)).toEqual(analysisStrings(analysis));
    const { strings, costs } = analysisStrings(analysis);
    expect(strings.length).toBeGreaterThan(0);
    expect(costs).toEqual(strings.map(STATIC_COST));
  });

  it('gives the gate the same literals loaded as made, on every sample', () => {
    const store = memoryStore();
    const samples = [undefined, SAMPLE, Buffer.from(''), SAMPLE.subarray(SAMPLE.length >> 1)];
    for (const sample of samples) {
      const fresh = gateLiterals(builtin, sample);
      expect(gateLiterals(builtin, sample, store)).toEqual(fresh);
    }
    // analysed once, loaded every time after
    expect(store.saves).toBe(1);
    expect(store.loads).toBe(samples.length);
    expect(gateLiterals(rules, SAMPLE, store)).toBeUndefined();
  });

  it('analyses again over bytes that are not its own or another rule set\'s', () => {
    const bytes = encodeAnalysis(analyseRules(builtin));
    expect(decodeAnalysis(bytes, rules)).toBeUndefined();
    expect(decodeAnalysis(Buffer.from('{"format":2,"nodes":[{"b":[7,8]}],"strings":[],"costs":[],"rules":[]}'), [])).toBeUndefined();
    // a set that requires nothing is never kept: no choice could then be made
    expect(decodeAnalysis(Buffer.from('{"format":2,"nodes":[[""]],"strings":[],"costs":[],"rules":[]}'), [])).toBeUndefined();
    expect(decodeAnalysis(Buffer.from('{"format":2,"nodes":[["a"]],"strings":["a"],"costs":[1000],"rules":[]}'), [])).toEqual([]);
    // an older format, or strings that are not strings
    expect(decodeAnalysis(Buffer.from('{"format":1,"nodes":[["a"]],"rules":[]}'), [])).toBeUndefined();
    expect(decodeAnalysis(Buffer.from('{"format":2,"nodes":[["a"]],"strings":[1],"costs":[1000],"rules":[]}'), [])).toBeUndefined();
    expect(decodeAnalysis(Buffer.from('{"format":2,"nodes":[["a"]],"strings":["a"],"costs":[],"rules":[]}'), [])).toBeUndefined();
    expect(decodeAnalysis(Buffer.from('not json'), builtin)).toBeUndefined();
    const store = memoryStore();
    store.saved.set(analysisKey(builtin), Buffer.from('garbage'));
    expect(loadAnalysis(builtin, store)).toEqual(analyseRules(builtin));
    // and keeps the good one in its place
    expect(decodeAnalysis(store.saved.get(analysisKey(builtin)) as Uint8Array, builtin)).toEqual(analyseRules(builtin));
  });

  it('is keyed by the patterns, their flags and which are ignored', () => {
    const [first] = builtin;
    const flipped = [{ ...(first as (typeof builtin)[number]), ignore: !first?.ignore }, ...builtin.slice(1)];
    expect(analysisKey(flipped)).not.toBe(analysisKey(builtin));
    expect(analysisKey(createClassifier().rules)).toBe(analysisKey(builtin));
  });
});
