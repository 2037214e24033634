/*
 * Classifier throughput against `grep -E -i -c` with the same patterns, over the same file, in
 * the same run. Not a test: it prints figures; the last line is the ratio.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventDetector, LogScanner, createClassifier } from '@safework/classifier';
import { createRe2Gate } from '../src/adapters/re2-candidate-gate';
import { ensureCorpus } from './corpus';

const LINES = Number(process.env['BENCH_LINES'] ?? 2_000_000);
const root = join(__dirname, '../../..');
const corpus = ensureCorpus(join(root, `bench/corpus/mixed-${LINES}.log`), LINES);

// The rule patterns in POSIX ERE for grep: same alternatives, ERE spelling (GNU grep keeps
// \w and \b; bracket expressions have no escapes, so they are rebuilt).
const CLASS_ESCAPES: Record<string, string> = { d: '0-9', s: '[:space:]', w: '[:alnum:]_', n: '', t: '\t' };
const ESCAPES: Record<string, string> = { d: '[0-9]', s: '[[:space:]]', S: '[^[:space:]]', D: '[^0-9]' };
function toEre(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      const e = source[++i] as string;
      out += ESCAPES[e] ?? (/[A-Za-z]/.test(e) && e !== 'b' && e !== 'w' && e !== 'W' ? e : `\\${e}`);
    } else if (c === '(' && source.startsWith('(?:', i)) {
      out += '(';
      i += 2;
    } else if (c === '[') {
      let j = i + 1;
      const negate = source[j] === '^';
      if (negate) j++;
      let members = '';
      let bracket = false;
      let dash = false;
      let open = false; // a literal "[" goes last so it cannot start "[:"
      for (; j < source.length && source[j] !== ']'; j++) {
        const m = source[j] as string;
        if (m === '\\') {
          const e = source[++j] as string;
          if (e === ']') bracket = true;
          else if (e === '-') dash = true;
          else if (e === '[') open = true;
          else members += CLASS_ESCAPES[e] ?? (e === '\\' ? '\\' : e);
        } else members += m;
      }
      i = j;
      out += members === '' && !bracket && !dash ? '.' : `[${negate ? '^' : ''}${bracket ? ']' : ''}${members}${open ? '[' : ''}${dash ? '-' : ''}]`;
    } else out += c;
  }
  return out;
}
const classifier = createClassifier();
const patternFile = join(root, 'bench/corpus/grep-patterns.txt');
writeFileSync(patternFile, `${classifier.rules.filter((r) => !r.ignore).map((r) => toEre(r.source)).join('\n')}\n`);

function timeGrep(): { seconds: number; matches: number } {
  const start = process.hrtime.bigint();
  let out = '0';
  try {
    out = execFileSync('grep', ['-E', '-i', '-c', '-f', patternFile, corpus.path], { encoding: 'utf8' });
  } catch (error) {
    out = String((error as { stdout?: string }).stdout ?? '0'); // exit 1 = no match
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, matches: Number(out.trim()) };
}

function timeClassifier(useGate: boolean): { seconds: number; lines: number; events: number; rssMb: number } {
  const detector = new EventDetector(classifier);
  const gate = useGate ? createRe2Gate(classifier.rules) : undefined;
  if (useGate && gate === undefined) throw new Error('built-in rules must compile under RE2');
  const scanner = new LogScanner(detector, { container: 'bench', stream: 'file' }, gate);
  const buf = Buffer.allocUnsafe(1024 * 1024);
  let events = 0;
  let peak = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  const fd = openSync(corpus.path, 'r');
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    events += scanner.write(buf.subarray(0, n)).length;
    peak = Math.max(peak, process.memoryUsage.rss());
  }
  events += scanner.end().length;
  closeSync(fd);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, lines: scanner.lines, events, rssMb: peak / 1024 / 1024 };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const grep = timeGrep();
const cls = timeClassifier(true);
const lines = cls.lines;
console.log(`corpus: ${corpus.path} (${fmt(lines)} lines, ${(corpus.bytes / 1e6).toFixed(0)} MB)`);
console.log(`grep -E -i -c : ${fmt(lines / grep.seconds)} lines/s (${grep.seconds.toFixed(2)} s, ${fmt(grep.matches)} matching lines)`);
console.log(`classifier    : ${fmt(lines / cls.seconds)} lines/s (${cls.seconds.toFixed(2)} s, ${fmt(cls.events)} events, peak RSS ${cls.rssMb.toFixed(0)} MB)`);
if (process.env['BENCH_NO_GATE'] === '1') {
  const slow = timeClassifier(false);
  console.log(`classifier (no gate): ${fmt(lines / slow.seconds)} lines/s (${slow.events} events)`);
}
// One RESULT line per figure: `npm run bench` tabulates them in bench/RESULTS.md.
console.log(`RESULT ${JSON.stringify({ figure: 'classifier throughput (2 M real-format lines)', value: Math.round(lines / cls.seconds), unit: 'lines/s', baseline: Math.round(lines / grep.seconds), baselineLabel: 'grep -E -i -c with the same patterns', ratio: Number((grep.seconds / cls.seconds).toFixed(2)), target: '≥ 10× grep' })}`);
console.log(`RESULT ${JSON.stringify({ figure: 'classifier peak RSS', value: Math.round(cls.rssMb), unit: 'MB', baseline: null, baselineLabel: '', ratio: null, target: '' })}`);
console.log(`classifier_vs_grep_ratio=${(grep.seconds / cls.seconds).toFixed(2)}`);
