import { gateLiterals, holdsRest, type CandidateGate, type CompiledRule, type GateLiteral } from '@safework/classifier';
import { compileCached, defaultCacheDir } from './database-cache';
import type { LiteralScanBinding, NativeDatabase } from './literal-scan-binding';

const NL = 10;

export interface VectorscanGateOptions {
  /** Where compiled sets are kept; `null` to compile every time. Default: `defaultCacheDir()`. */
  readonly cacheDir?: string | null;
}

/**
 * The candidate gate on Vectorscan: the same literals as `LiteralGate` (chosen on a sample of
 * the input), found in one pass by Vectorscan's SIMD literal matchers instead of a byte-at-a-
 * time automaton in JavaScript. The addon steps over ANSI colour. A literal that needs the rest
 * of its clause is confirmed here on its decoded line, as `LiteralGate` does.
 */
export class VectorscanGate implements CandidateGate {
  readonly #binding: LiteralScanBinding;
  readonly #db: NativeDatabase;
  readonly literals: readonly GateLiteral[];
  #out = new Uint32Array(1 << 14);
  #starts = new Uint32Array(1 << 16);

  private constructor(binding: LiteralScanBinding, db: NativeDatabase, literals: readonly GateLiteral[]) {
    this.#binding = binding;
    this.#db = db;
    this.literals = literals;
  }

  /** Undefined when some reporting rule has no required literal (no gate can skip lines then). */
  static forRules(binding: LiteralScanBinding, rules: readonly CompiledRule[], sample?: Buffer, options: VectorscanGateOptions = {}): VectorscanGate | undefined {
    const literals = gateLiterals(rules, sample);
    if (literals === undefined) return undefined;
    const cacheDir = options.cacheDir === null ? undefined : (options.cacheDir ?? defaultCacheDir());
    return new VectorscanGate(binding, compileCached(binding, literals, cacheDir), literals);
  }

  candidates(buf: Buffer, end: number): number[] {
    let n = this.#binding.scan(this.#db, buf, end, this.#out);
    while (n < 0) {
      this.#out = new Uint32Array(this.#out.length * 4);
      n = this.#binding.scan(this.#db, buf, end, this.#out);
    }
    const out = this.#out;
    const offsets: number[] = [];
    // Hits come in order of their end; after a line is let through, its other hits are moot.
    let lineEnd = 0;
    for (let k = 0; k < n; k += 2) {
      const at = out[k] as number;
      if (at < lineEnd) continue;
      const lit = this.literals[out[k + 1] as number] as GateLiteral;
      if (!lit.free && !this.#confirmed(lit, buf, at, end)) continue;
      offsets.push(at);
      const nl = buf.indexOf(NL, at);
      lineEnd = nl === -1 || nl >= end ? end : nl + 1;
    }
    return offsets;
  }

  lineStarts(buf: Buffer, end: number): Uint32Array {
    let n = this.#binding.lineStarts(buf, end, this.#starts);
    if (n < 0) {
      this.#starts = new Uint32Array(Math.max(-n, 2 * this.#starts.length));
      n = this.#binding.lineStarts(buf, end, this.#starts);
    }
    return this.#starts.subarray(0, n);
  }

  #confirmed(lit: GateLiteral, buf: Buffer, at: number, end: number): boolean {
    const start = buf.lastIndexOf(NL, at) + 1;
    const nl = buf.indexOf(NL, at);
    const line = buf.toString('utf8', start, nl === -1 || nl > end ? end : nl);
    return holdsRest(lit, line, line.toLowerCase());
  }
}
