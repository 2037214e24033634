import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  ClassifierError,
  EventDetector,
  LiteralGate,
  LogScanner,
  GATE_SAMPLE_BYTES,
  createClassifier,
  parseRulesText,
  type CandidateGate,
  type Prescanned,
  type CompiledRule,
  type DetectedEvent,
  type RuleDefinition,
  type ScreenStore,
} from '@safework/classifier';
import { VectorscanGate, loadLiteralScan, type BindingLoad, type LiteralScanBinding } from '@safework/literal-scan';

/** Exit codes: 64 (EX_USAGE) for bad arguments, 78 (EX_CONFIG) for a bad rules file. */
export const EXIT_USAGE = 64;
export const EXIT_CONFIG = 78;

const USAGE = `usage: classify --container <name> [--rules <file>] [--summary] [--gate auto|vectorscan|literal|none] [--no-gate]
  Reads log text on stdin; prints one JSON object per detected event.
  --gate: how lines that cannot be events are skipped: Vectorscan (the native addon), the
  JavaScript literal gate, or none (every line through every rule). auto: Vectorscan when built.`;

const GATES = ['auto', 'vectorscan', 'literal', 'none'] as const;
type GateChoice = (typeof GATES)[number];

/** The gate the choice gives, with literals chosen on `sample` (`binding`: the loaded addon, for auto and vectorscan). */
function makeGate(choice: GateChoice, binding: LiteralScanBinding | undefined, rules: readonly CompiledRule[], sample: Buffer, store?: ScreenStore): { gate?: CandidateGate; name: string } {
  if (choice === 'none') return { name: 'none' };
  const gate = binding !== undefined && choice !== 'literal' ? VectorscanGate.forRules(binding, rules, sample, store === undefined ? {} : { store }) : LiteralGate.forRules(rules, sample, store);
  if (gate === undefined) return { name: 'none (a rule has no required literal)' };
  return { gate, name: gate instanceof VectorscanGate ? 'vectorscan' : 'literal' };
}

export interface CommandIo {
  /** The input; a chunk may be reused for the next one, so what is kept is copied. */
  readonly stdin: AsyncIterable<Buffer | string>;
  /** Bytes before each stdin chunk, in its buffer, that may be overwritten (`LogScanner.write`). */
  readonly room?: number;
  /**
   * How many of the latest stdin chunks stay as they are (1: a chunk may be reused as soon as
   * the next is asked for). From 2, the gate scans chunks in the background (as many as it can
   * at once, up to one fewer than this) while the one before them is classified.
   */
  readonly chunksKept?: number;
  /**
   * What the gate chooses its literals on, when the input offers better than its head: a
   * file's pieces from all over it. Undefined: the first `GATE_SAMPLE_BYTES` of the input.
   */
  sample?(): Buffer | undefined;
  /** Where the classifier keeps its rule screen between runs; none: it analyses the rules each time. */
  readonly screenStore?: ScreenStore;
  /** The addon as the caller loaded it (to map stdin with); absent: loaded here when the gate wants it. */
  readonly literalScan?: BindingLoad;
  write(text: string): void;
  error(text: string): void;
}

/** The event as the CLI contract prints it (the full line list stays internal). */
function toJson(event: DetectedEvent): string {
  const { lines: _lines, ...rest } = event;
  return JSON.stringify(rest);
}

/** `classify`: stdin → JSONL events (or a summary table). Returns the exit code. */
export async function classifyCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let values: { container?: string; rules?: string; summary?: boolean; gate?: string; 'no-gate'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        container: { type: 'string' },
        rules: { type: 'string' },
        summary: { type: 'boolean' },
        gate: { type: 'string' },
        'no-gate': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.error(`classify: ${(error as Error).message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (values.help === true) {
    io.write(`${USAGE}\n`);
    return 0;
  }
  if (values.container === undefined || values.container.trim() === '') {
    io.error(`classify: --container <name> is required\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const choice = values['no-gate'] === true ? 'none' : (values.gate ?? 'auto');
  if (!(GATES as readonly string[]).includes(choice)) {
    io.error(`classify: --gate must be one of ${GATES.join(', ')}, not "${choice}"\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  let userRules: RuleDefinition[] = [];
  if (values.rules !== undefined) {
    try {
      userRules = parseRulesText(readFileSync(values.rules, 'utf8'), values.rules);
    } catch (error) {
      if (error instanceof ClassifierError) {
        io.error(`classify: ${error.code}: ${error.message}\n`);
        return EXIT_CONFIG;
      }
      io.error(`classify: cannot read rules file ${values.rules}: ${(error as Error).message}\n`);
      return EXIT_CONFIG;
    }
  }
  // The addon is loaded before any input is read: `--gate vectorscan` without it is a usage error.
  const load = choice === 'auto' || choice === 'vectorscan' ? (io.literalScan ?? loadLiteralScan()) : undefined;
  if (choice === 'vectorscan' && load !== undefined && !('binding' in load)) {
    io.error(`classify: --gate vectorscan: ${load.reason}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const binding = load !== undefined && 'binding' in load ? load.binding : undefined;
  const classifier = createClassifier(userRules, io.screenStore === undefined ? {} : { screenStore: io.screenStore });
  const detector = new EventDetector(classifier);
  const key = { container: values.container, stream: 'stdin' };
  let scanner: LogScanner | undefined;
  let gate: CandidateGate | undefined;
  let gateName = '';
  // The gate picks its literals on what the input looks like: `io.sample`, else its first
  // 256 KiB (read here before the gate exists).
  let sample: Buffer[] = [];
  let sampled = 0;
  // `first`: a chunk that holds the whole sample by itself, scanned where it lies; copying it
  // (twice, with the join) cost more in fresh pages than the gate's choice.
  const start = (first?: { chunk: Buffer; room: number }): LogScanner => {
    const head = first?.chunk ?? Buffer.concat(sample);
    const made = makeGate(choice as GateChoice, binding, classifier.rules, io.sample?.() ?? head, io.screenStore);
    gateName = made.name;
    gate = made.gate;
    const s = new LogScanner(detector, key, made.gate);
    sample = [];
    emit(s.write(head, first?.room ?? 0));
    return s;
  };
  const summary = new Map<string, { type: string; severity: string; count: number; message: string }>();
  const emit = (events: DetectedEvent[]): void => {
    // One write per chunk's events: stdout is written with a system call each time.
    let text = '';
    for (const event of events) {
      if (values.summary === true) {
        const row = summary.get(event.fingerprint);
        if (row) row.count++;
        else summary.set(event.fingerprint, { type: event.type, severity: event.severity, count: 1, message: event.message });
      } else {
        text += `${toJson(event)}\n`;
      }
    }
    if (text !== '') io.write(text);
  };
  // The chunks the gate is scanning in the background, oldest first: the oldest is classified
  // once the queue is full and the next one is in.
  const held: Array<{ chunk: Buffer; room: number; scan: Promise<Prescanned | undefined> }> = [];
  const pipelined = (io.chunksKept ?? 1) >= 2;
  for await (const raw of io.stdin) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : (raw as Buffer);
    const room = typeof raw === 'string' ? 0 : (io.room ?? 0);
    if (scanner === undefined) {
      if (sampled === 0 && chunk.length >= GATE_SAMPLE_BYTES) {
        scanner = start({ chunk, room });
        continue;
      }
      sample.push(Buffer.from(chunk));
      sampled += chunk.length;
      if (sampled >= GATE_SAMPLE_BYTES) scanner = start();
    } else if (!pipelined || typeof raw === 'string' || gate?.prescan === undefined) {
      emit(scanner.write(chunk, room));
    } else {
      // Up to `ahead` chunks in the background (the stdin keeps that many and the one
      // classified); a new scan starts once the oldest one's is over, and takes its lane.
      const ahead = Math.min(gate.prescansAhead ?? 1, (io.chunksKept ?? 1) - 1);
      const oldest = held.length >= ahead ? held.shift() : undefined;
      const found = oldest === undefined ? undefined : await oldest.scan;
      held.push({ chunk, room, scan: gate.prescan(chunk).catch(() => undefined) });
      if (oldest !== undefined) emit(scanner.write(oldest.chunk, oldest.room, found));
    }
  }
  if (scanner !== undefined) for (const h of held.splice(0)) emit(scanner.write(h.chunk, h.room, await h.scan));
  scanner ??= start();
  emit(scanner.end());
  if (values.summary === true) io.write(formatSummary(scanner.lines, [...summary.entries()], gateName));
  return 0;
}

function formatSummary(
  lines: number,
  rows: Array<[string, { type: string; severity: string; count: number; message: string }]>,
  gate: string,
): string {
  rows.sort((a, b) => b[1].count - a[1].count);
  const out = [`${lines} lines, ${rows.reduce((n, [, r]) => n + r.count, 0)} events, ${rows.length} fingerprints (gate: ${gate})`];
  if (rows.length > 0) {
    out.push('count  severity  type                 fingerprint          message');
    for (const [fp, r] of rows) {
      const message = r.message.split('\n')[0]?.slice(0, 80) ?? '';
      out.push(`${String(r.count).padStart(5)}  ${r.severity.padEnd(8)}  ${r.type.padEnd(19)}  ${fp}  ${message}`);
    }
  }
  return `${out.join('\n')}\n`;
}
