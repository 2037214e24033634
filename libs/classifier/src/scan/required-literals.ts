/*
 * Required literals of a regular expression: a set of strings such that every match of the
 * pattern contains at least one of them (lower-cased: the gate that uses them folds ASCII
 * case, which only widens it). This is what ripgrep and Hyperscan do before running a regex:
 * one multi-literal pass finds the few places worth the regex.
 *
 * The analysis is conservative. Anything it does not understand (a back-reference, a class,
 * an optional part) contributes no literal; a pattern with no literal it can prove required
 * gets `undefined`, and the gate then lets every line through.
 */

import { MAX_SET, STATIC_COST, SetRanker, cross, type LiteralCost } from './literal-sets';

export { STATIC_COST, type LiteralCost } from './literal-sets';

/** What is known of a piece of pattern. */
interface Info {
  /** Every string the piece can match, when that is a small finite set. */
  readonly exact: readonly string[] | undefined;
  /** A set of strings one of which every match contains; undefined when none is known. */
  readonly required: readonly string[] | undefined;
  /** Of a sequence: every set it proved required (one per run and part); any two can be ANDed. */
  readonly candidates?: ReadonlyArray<readonly string[]>;
}

const NONE: Info = { exact: undefined, required: undefined };
const EMPTY: Info = { exact: [''], required: undefined };

class Parser {
  #i = 0;
  constructor(
    private readonly src: string,
    private readonly fold: (s: string) => string,
    private readonly rank: SetRanker,
  ) {}

  /** The top-level branches of the pattern, and what is known of the whole. */
  branches: Info[] = [];

  parse(): Info {
    const info = this.#alternation(true);
    if (this.#i < this.src.length) throw new Error(`unexpected ${this.src[this.#i]}`);
    return info;
  }

  #alternation(top = false): Info {
    const branches = [this.#sequence()];
    while (this.src[this.#i] === '|') {
      this.#i++;
      branches.push(this.#sequence());
    }
    if (top) this.branches = branches;
    if (branches.length === 1) return branches[0] as Info;
    let exact: string[] | undefined = [];
    const required: string[] = [];
    let allRequired = true;
    for (let i = 0; i < branches.length; i++) {
      const b = branches[i] as Info;
      if (exact !== undefined && b.exact !== undefined && exact.length + b.exact.length <= MAX_SET) exact.push(...b.exact);
      else exact = undefined;
      const r = this.rank.best(b.required, b.exact);
      if (r === undefined) allRequired = false;
      else required.push(...r);
    }
    return { exact: exact === undefined ? undefined : [...new Set(exact)], required: allRequired ? [...new Set(required)] : undefined };
  }

  #sequence(): Info {
    let run: readonly string[] | undefined = [''];
    let exact: readonly string[] | undefined = [''];
    let required: readonly string[] | undefined;
    const candidates: Array<readonly string[]> = [];
    const note = (set: readonly string[] | undefined): void => {
      if (set !== undefined && this.rank.valid(set)) candidates.push(set);
    };
    while (this.#i < this.src.length && this.src[this.#i] !== '|' && this.src[this.#i] !== ')') {
      const item = this.#quantified();
      exact = exact !== undefined && item.exact !== undefined ? cross(exact, item.exact) : undefined;
      required = this.rank.best(required, item.required);
      note(item.required);
      if (run !== undefined && item.exact !== undefined) {
        const joined = cross(run, item.exact);
        if (joined !== undefined) {
          run = joined;
          continue;
        }
      }
      // The run of exact pieces ends here: it is one candidate required set.
      required = this.rank.best(required, run);
      note(run);
      run = item.exact ?? [''];
    }
    required = this.rank.best(required, run);
    note(run);
    return { exact, required, candidates };
  }

  #quantified(): Info {
    const atom = this.#atom();
    const c = this.src[this.#i];
    let min = 1;
    let max = 1;
    if (c === '*' || c === '+' || c === '?') {
      this.#i++;
      min = c === '+' ? 1 : 0;
      max = c === '?' ? 1 : Infinity;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.#i));
      if (m) {
        this.#i += m[0].length;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      }
    }
    if (this.src[this.#i] === '?' && (min !== 1 || max !== 1)) this.#i++; // lazy
    if (min === 1 && max === 1) return { exact: atom.exact, required: atom.required };
    const required = min >= 1 ? this.rank.best(atom.required, atom.exact) : undefined;
    if (min === 0 && max === 1 && atom.exact !== undefined && atom.exact.length < MAX_SET) return { exact: [...new Set(['', ...atom.exact])], required: undefined };
    return { exact: undefined, required };
  }

  #atom(): Info {
    const c = this.src[this.#i++] as string;
    switch (c) {
      case '(':
        return this.#group();
      case '[':
        this.#class();
        return NONE;
      case '.':
        return NONE;
      case '^':
      case '$':
        return EMPTY;
      case '\\':
        return this.#escape();
      default:
        return { exact: [this.fold(c)], required: undefined };
    }
  }

  #group(): Info {
    let lookaround = false;
    if (this.src[this.#i] === '?') {
      const src = this.src;
      const at = this.#i;
      if (src.startsWith('?:', at)) {
        this.#i += 2;
      } else if (src.startsWith('?=', at) || src.startsWith('?!', at)) {
        this.#i += 2;
        lookaround = true;
      } else if (src.startsWith('?<=', at) || src.startsWith('?<!', at)) {
        this.#i += 3;
        lookaround = true;
      } else {
        const named = /^\?<[A-Za-z_]\w*>/.exec(src.slice(at, src.indexOf('>', at) + 1));
        if (!named) throw new Error('unsupported group');
        this.#i += named[0].length;
      }
    }
    const inner = this.#alternation();
    if (this.src[this.#i] !== ')') throw new Error('unclosed group');
    this.#i++;
    return lookaround ? EMPTY : inner;
  }

  #class(): void {
    if (this.src[this.#i] === '^') this.#i++;
    if (this.src[this.#i] === ']') this.#i++;
    while (this.#i < this.src.length && this.src[this.#i] !== ']') this.#i += this.src[this.#i] === '\\' ? 2 : 1;
    if (this.src[this.#i] !== ']') throw new Error('unclosed class');
    this.#i++;
  }

  #escape(): Info {
    const c = this.src[this.#i++] as string;
    if (c === 'b' || c === 'B') return EMPTY;
    if ('dDwWsS'.includes(c) || /[1-9k]/.test(c)) {
      if (c === 'k') throw new Error('back-reference');
      return NONE;
    }
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };
    if (simple[c] !== undefined) return { exact: [simple[c]], required: undefined };
    if (c === 'x' || c === 'u') {
      const m = c === 'x' ? /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.#i)) : /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.#i));
      if (!m) throw new Error('bad escape');
      this.#i += m[0].length;
      return { exact: [this.fold(String.fromCharCode(parseInt(m[0], 16)))], required: undefined };
    }
    if (c === 'p' || c === 'P' || c === 'c') throw new Error('unsupported escape');
    return { exact: [this.fold(c)], required: undefined };
  }
}

/**
 * Strings one of which every match of `source` contains (lower-cased unless `caseSensitive`),
 * the cheapest such set by `literalCost`; undefined when no such set is known (or the pattern
 * is beyond this analysis).
 */
export function requiredLiterals(source: string, literalCost: LiteralCost = STATIC_COST, caseSensitive = false): string[] | undefined {
  const rank = new SetRanker(caseSensitive ? (s) => literalCost(s.toLowerCase()) : literalCost);
  try {
    const info = new Parser(source, caseSensitive ? (c) => c : (c) => c.toLowerCase(), rank).parse();
    const set = rank.best(info.required, info.exact);
    return set === undefined || !rank.valid(set) ? undefined : [...set];
  } catch {
    return undefined;
  }
}

/**
 * One way a match can look: it contains one of `any`, and (when given) one of `and` too —
 * two parts of the same sequence, both required. A pattern's clauses are one per top-level
 * branch; a line matching none of them cannot match the pattern.
 */
export interface LiteralClause {
  readonly any: readonly string[];
  readonly and?: readonly string[];
}

/**
 * The pattern as clauses (see `LiteralClause`), each branch's two cheapest required sets by
 * `literalCost`; undefined when a branch has none.
 */
export function requiredClauses(source: string, literalCost: LiteralCost = STATIC_COST, caseSensitive = false): LiteralClause[] | undefined {
  const rank = new SetRanker(caseSensitive ? (s) => literalCost(s.toLowerCase()) : literalCost);
  try {
    const parser = new Parser(source, caseSensitive ? (c) => c : (c) => c.toLowerCase(), rank);
    const whole = parser.parse();
    const clauses: LiteralClause[] = [];
    for (const branch of parser.branches) {
      const sets = [...(branch.candidates ?? [])];
      const own = rank.best(branch.required, branch.exact);
      if (own !== undefined) sets.push(own);
      const unique = new Map(sets.filter((set) => rank.valid(set)).map((set) => [[...set].sort().join('\u0000'), set] as const));
      const ranked = [...unique.values()].sort((a, b) => rank.costOf(a) - rank.costOf(b));
      const [first, second] = ranked;
      if (first === undefined) {
        // A branch with nothing required: the whole pattern's set, if any, still holds.
        const all = rank.best(whole.required, whole.exact);
        return all === undefined ? undefined : [{ any: [...all] }];
      }
      clauses.push(second === undefined ? { any: [...first] } : { any: [...first], and: [...second] });
    }
    return clauses;
  } catch {
    return undefined;
  }
}
