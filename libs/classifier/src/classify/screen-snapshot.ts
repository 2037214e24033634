import type { CompiledRule } from '../rules/rule';
import { rulesDigest } from '../rules/rules-digest';
import { RuleScreen, screenParts, type ScreenParts } from './rule-screen';

/**
 * Port: where a short-lived process keeps the rule screen it built and the gate's analysis of
 * the rules (rules-analysis.ts), to load them next time instead of analysing the rules again
 * (a tenth of `classify`'s start each). Keys are content hashes of the rules; a store must not
 * outlive the code that wrote to it (the CLI's file store keys its files by the bundle they
 * were written by). A store that fails just misses.
 */
export interface ScreenStore {
  load(key: string): Uint8Array | undefined;
  save(key: string, bytes: Uint8Array): void;
}

const MAGIC = 0x53525753; // "SWRS"
const FORMAT = 1;

/** The key of the screen of `rules` (`rulesDigest`). */
export function screenKey(rules: readonly CompiledRule[]): string {
  return `v${FORMAT}-${rulesDigest(rules)}`;
}

interface Header {
  readonly shift: number;
  readonly escapeState: number;
  readonly states: number;
  readonly wideClasses: boolean;
  readonly wideNext: boolean;
  readonly outputs: ReadonlyArray<readonly [number, readonly number[]]>;
  readonly rulesOf: ReadonlyArray<readonly number[]>;
  readonly always: readonly number[];
}

const align = (n: number): number => (n + 3) & ~3;

/** The parts as bytes: a header (JSON) and the automaton's two tables as they lie in memory. */
export function encodeScreen(parts: ScreenParts): Uint8Array {
  const { classes, shift, next, outputs, escapeState } = parts.automaton;
  const header: Header = {
    shift,
    escapeState,
    states: outputs.length,
    wideClasses: classes instanceof Uint16Array,
    wideNext: next instanceof Int32Array,
    outputs: outputs.flatMap((o, s) => (o.length > 0 ? [[s, o] as const] : [])),
    rulesOf: parts.rulesOf,
    always: parts.always,
  };
  const json = Buffer.from(JSON.stringify(header));
  const at = align(12 + json.length);
  const nextAt = align(at + classes.byteLength);
  const out = Buffer.alloc(nextAt + next.byteLength);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(FORMAT, 4);
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 12);
  Buffer.from(classes.buffer, classes.byteOffset, classes.byteLength).copy(out, at);
  Buffer.from(next.buffer, next.byteOffset, next.byteLength).copy(out, nextAt);
  return out;
}

/** The parts `encodeScreen` wrote for `rules`, or undefined when the bytes are not such. */
export function decodeScreen(bytes: Uint8Array, rules: readonly CompiledRule[]): ScreenParts | undefined {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== FORMAT) return undefined;
    const jsonLength = buf.readUInt32LE(8);
    const h = JSON.parse(buf.toString('utf8', 12, 12 + jsonLength)) as Header;
    const at = align(12 + jsonLength);
    const classesLength = h.wideClasses ? 2 * 65_536 : 65_536;
    const nextAt = align(at + classesLength);
    const width = 1 << h.shift;
    const nextLength = h.states * width * (h.wideNext ? 4 : 2);
    if (buf.length !== nextAt + nextLength) return undefined;
    // Read where they lie when the bytes are aligned for them (a store that keeps the tables
    // aligned spares copying a megabyte), else copied out.
    const aligned = (buf.byteOffset & 3) === 0;
    const table = (from: number, length: number): [ArrayBufferLike, number] =>
      aligned ? [buf.buffer, buf.byteOffset + from] : [buf.buffer.slice(buf.byteOffset + from, buf.byteOffset + from + length), 0];
    const [classesBuffer, classesAt] = table(at, classesLength);
    const [nextBuffer, nextOffset] = table(nextAt, nextLength);
    const classes = h.wideClasses ? new Uint16Array(classesBuffer, classesAt, classesLength / 2) : new Uint8Array(classesBuffer, classesAt, classesLength);
    const next = h.wideNext ? new Int32Array(nextBuffer, nextOffset, nextLength / 4) : new Uint16Array(nextBuffer, nextOffset, nextLength / 2);
    const none: readonly number[] = [];
    const outputs = new Array<readonly number[]>(h.states).fill(none);
    for (const [state, literals] of h.outputs) {
      if (state >= h.states || literals.some((l) => l >= h.rulesOf.length)) return undefined;
      outputs[state] = literals;
    }
    if ([...h.rulesOf.flat(), ...h.always].some((r) => r >= rules.length)) return undefined;
    // The tables are not checked entry by entry (that took longer than building them): the
    // store writes whole files, renamed into place, and a file of another length is refused.
    return { automaton: { classes, shift: h.shift, next, outputs, escapeState: h.escapeState }, rulesOf: h.rulesOf, always: h.always };
  } catch {
    return undefined;
  }
}

/**
 * What `store` keeps under `key`, decoded; else made (and kept there). A store that fails to
 * load or save, or bytes that do not decode, cost making it again, nothing else.
 */
export function keptOrMade<T>(store: ScreenStore, key: string, decode: (bytes: Uint8Array) => T | undefined, make: () => T, encode: (value: T) => Uint8Array): T {
  let bytes: Uint8Array | undefined;
  try {
    bytes = store.load(key);
  } catch {
    bytes = undefined;
  }
  const kept = bytes === undefined ? undefined : decode(bytes);
  if (kept !== undefined) return kept;
  const made = make();
  try {
    store.save(key, encode(made));
  } catch {
    // a store that cannot keep it costs the analysis next time, nothing else
  }
  return made;
}

/** The screen of `rules`: loaded from `store` when it has it, else built (and kept there). */
export function loadScreen(rules: readonly CompiledRule[], store?: ScreenStore): RuleScreen {
  if (store === undefined) return new RuleScreen(rules);
  return new RuleScreen(rules, keptOrMade(store, screenKey(rules), (bytes) => decodeScreen(bytes, rules), () => screenParts(rules), encodeScreen));
}
