import { gateLiterals, type CandidateGate, type CompiledRule, type GateLiteral, type Prescanned, type ScreenStore } from '@safework/classifier';
import { confirmTables } from './confirm-tables';
import { compileCached, defaultCacheDir } from './database-cache';
import type { LiteralScanBinding, NativeDatabase } from './literal-scan-binding';

const NL = 10;

/** A background scan's hits: `count` numbers of `hits`, or -1 when they did not fit. */
interface Hits extends Prescanned {
  readonly hits: Uint32Array;
  readonly count: number;
}

export interface VectorscanGateOptions {
  /** Where compiled sets are kept; `null` to compile every time. Default: `defaultCacheDir()`. */
  readonly cacheDir?: string | null;
  /** Where the rules' analysis is kept between processes (`gateLiterals`); none: made each time. */
  readonly store?: ScreenStore;
}

/**
 * The candidate gate on Vectorscan: the same literals as `LiteralGate` (chosen on a sample of
 * the input), found in one pass by Vectorscan's SIMD literal matchers instead of a byte-at-a-
 * time automaton in JavaScript. The addon steps over ANSI colour. A literal that needs the rest
 * of its clause is confirmed by the addon, which searches the hit's line for the clause's
 * strings (`confirmTables`).
 */
export class VectorscanGate implements CandidateGate {
  readonly #binding: LiteralScanBinding;
  readonly #db: NativeDatabase;
  readonly literals: readonly GateLiteral[];
  #out = new Uint32Array(1 << 14);
  #starts = new Uint32Array(1 << 16);
  /** Background scans at once: the addon's async lanes (ASYNC_LANES in native/literal_scan.h). */
  readonly prescansAhead = 2;
  /** Hits of background scans, in turn: one is read while those of the chunks ahead are written. */
  readonly #asyncOut = Array.from({ length: this.prescansAhead + 1 }, () => new Uint32Array(1 << 14));
  #turn = 0;

  private constructor(binding: LiteralScanBinding, db: NativeDatabase, literals: readonly GateLiteral[]) {
    this.#binding = binding;
    this.#db = db;
    this.literals = literals;
  }

  /** Undefined when some reporting rule has no required literal (no gate can skip lines then). */
  static forRules(binding: LiteralScanBinding, rules: readonly CompiledRule[], sample?: Buffer, options: VectorscanGateOptions = {}): VectorscanGate | undefined {
    const count = (text: Buffer, strings: readonly string[], cap: number): Uint32Array | undefined => {
      const out = new Uint32Array(strings.length);
      try {
        binding.countLiterals(text, strings, cap, out);
      } catch {
        return undefined; // LSC_ERR_MEMORY: counted in JavaScript
      }
      return out;
    };
    const literals = gateLiterals(rules, sample, options.store, count);
    if (literals === undefined) return undefined;
    const cacheDir = options.cacheDir === null ? undefined : (options.cacheDir ?? defaultCacheDir());
    return new VectorscanGate(binding, compileCached(binding, literals, cacheDir, confirmTables(literals)), literals);
  }

  candidates(buf: Buffer, end: number, prescanned?: { readonly at: number; readonly result: Prescanned }): number[] {
    const offsets: number[] = [];
    const pre = prescanned?.result as Hits | undefined;
    if (prescanned === undefined || pre === undefined || pre.count < 0) {
      this.#collect(buf, end, this.#scan(buf, end), this.#out, 0, 0, offsets);
      return offsets;
    }
    // The background scan began mid-line: the lines up to the first one wholly in the chunk are
    // scanned here, the rest taken from it.
    const { at } = prescanned;
    const nl = buf.indexOf(NL, at);
    const whole = nl === -1 || nl >= end ? end : nl + 1;
    const lineEnd = this.#collect(buf, whole, this.#scan(buf, whole), this.#out, 0, 0, offsets);
    this.#collect(buf, end, pre.count, pre.hits, at, Math.max(whole, lineEnd), offsets);
    return offsets;
  }

  prescan(chunk: Buffer): Promise<Prescanned> {
    const lane = this.#turn;
    this.#turn = (lane + 1) % this.#asyncOut.length;
    const hits = this.#asyncOut[lane] as Uint32Array;
    return new Promise((resolve, reject) => {
      this.#binding.scanAsync(this.#db, chunk, chunk.length, hits, (count) => {
        if (count === -2) return reject(Object.assign(new Error('hs_scan failed'), { code: 'LSC_ERR_SCAN' }));
        // Too many hits for the buffer: the scanner scans the chunk again, and the next gets room.
        if (count === -1) this.#asyncOut[lane] = new Uint32Array(hits.length * 4);
        const result: Hits = { length: chunk.length, hits, count };
        resolve(result);
      });
    });
  }

  #scan(buf: Buffer, end: number): number {
    let n = this.#binding.scan(this.#db, buf, end, this.#out);
    while (n < 0) {
      this.#out = new Uint32Array(this.#out.length * 4);
      n = this.#binding.scan(this.#db, buf, end, this.#out);
    }
    return n;
  }

  /**
   * Adds to `offsets` one hit per line among `count` numbers of (offset − `shift`, literal)
   * pairs in `out`, from `from` up to `end`; returns where the last line let through ends.
   */
  #collect(buf: Buffer, end: number, count: number, out: Uint32Array, shift: number, from: number, offsets: number[]): number {
    // Hits come line by line, in order; after a line is let through, its other hits are moot.
    let lineEnd = from;
    for (let k = 0; k < count; k += 2) {
      const at = (out[k] as number) + shift;
      if (at < lineEnd) continue;
      if (at >= end) break;
      offsets.push(at);
      const nl = buf.indexOf(NL, at);
      lineEnd = nl === -1 || nl >= end ? end : nl + 1;
    }
    return lineEnd;
  }

  lineStarts(buf: Buffer, end: number): Uint32Array {
    let n = this.#binding.lineStarts(buf, end, this.#starts);
    if (n < 0) {
      this.#starts = new Uint32Array(Math.max(-n, 2 * this.#starts.length));
      n = this.#binding.lineStarts(buf, end, this.#starts);
    }
    return this.#starts.subarray(0, n);
  }
}
