/*
 * The parser behind the required-literal analysis (required-literals.ts): one pass over a
 * pattern's source, what each piece proves about the strings a match contains. It knows no
 * costs: where several sets would do, it says so (`bestOf`), and the caller's costs choose.
 */
import { MAX_SET, cross } from './literal-sets';
import { bestOf, unionOf, validSet, type SetExpr } from './set-expr';

/** What is known of a piece of pattern. */
export interface Info {
  /** Every string the piece can match, when that is a small finite set. */
  readonly exact: readonly string[] | undefined;
  /** A set of strings one of which every match contains; undefined when none is known. */
  readonly required: SetExpr | undefined;
  /** Of a sequence: every set it proved required (one per run and part); any two can be ANDed. */
  readonly candidates?: readonly SetExpr[];
}

const NONE: Info = { exact: undefined, required: undefined };
const EMPTY: Info = { exact: [''], required: undefined };

/** Parses one pattern (its source as RegExp takes it); `parse` says what the whole requires. */
export class Parser {
  #i = 0;
  constructor(
    private readonly src: string,
    /** How the rule matches letters: exactly, in any case, or (`unicode`: with the `u` flag) by Unicode case folding. */
    private readonly letters: 'exact' | 'caseless' | 'unicode',
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
    const required: SetExpr[] = [];
    let allRequired = true;
    for (let i = 0; i < branches.length; i++) {
      const b = branches[i] as Info;
      if (exact !== undefined && b.exact !== undefined && exact.length + b.exact.length <= MAX_SET) exact.push(...b.exact);
      else exact = undefined;
      const r = bestOf(b.required, b.exact);
      if (r === undefined) allRequired = false;
      else required.push(r);
    }
    return { exact: exact === undefined ? undefined : [...new Set(exact)], required: allRequired ? unionOf(required) : undefined };
  }

  #sequence(): Info {
    let run: readonly string[] | undefined = [''];
    let exact: readonly string[] | undefined = [''];
    let required: SetExpr | undefined;
    const candidates: SetExpr[] = [];
    const note = (set: SetExpr | undefined): void => {
      if (validSet(set)) candidates.push(set as SetExpr);
    };
    while (this.#i < this.src.length && this.src[this.#i] !== '|' && this.src[this.#i] !== ')') {
      const item = this.#quantified();
      exact = exact !== undefined && item.exact !== undefined ? cross(exact, item.exact) : undefined;
      required = bestOf(required, item.required);
      note(item.required);
      if (run !== undefined && item.exact !== undefined) {
        const joined = cross(run, item.exact);
        if (joined !== undefined) {
          run = joined;
          continue;
        }
      }
      // The run of exact pieces ends here: it is one candidate required set.
      required = bestOf(required, run);
      note(run);
      run = item.exact ?? [''];
    }
    required = bestOf(required, run);
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
    const required = min >= 1 ? bestOf(atom.required, atom.exact) : undefined;
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
        return this.#char(c);
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
      return this.#char(String.fromCharCode(parseInt(m[0], 16)));
    }
    if (c === 'p' || c === 'P' || c === 'c') throw new Error('unsupported escape');
    return this.#char(c);
  }

  /**
   * One character of the pattern. Matched in any case, it is a literal (lower-cased) only when
   * its other cases are what the screens fold: ASCII letters. "É" also matches "é", and under
   * `u` the Kelvin sign matches "k" and the long s "s": such a character is no literal at all,
   * or a line in another case would be screened out of a rule that matches it.
   */
  #char(c: string): Info {
    // One Info per character and mode, shared: a pattern's every character came here, and
    // each made two objects (a sixth of what the analysis allocated).
    const key = this.letters === 'exact' ? c : this.letters === 'caseless' ? `i${c}` : `u${c}`;
    let info = CHARS.get(key);
    if (info === undefined) {
      info = charInfo(c, this.letters);
      CHARS.set(key, info);
    }
    return info;
  }
}

const CHARS = new Map<string, Info>();

function charInfo(c: string, letters: 'exact' | 'caseless' | 'unicode'): Info {
  if (letters === 'exact') return { exact: [c], required: undefined };
  const code = c.charCodeAt(0);
  if (code < 0x80) {
    const lower = c.toLowerCase();
    return letters === 'unicode' && (lower === 'k' || lower === 's') ? NONE : { exact: [lower], required: undefined };
  }
  return code >= 0xd800 && code <= 0xdfff ? NONE : c.toLowerCase() === c.toUpperCase() ? { exact: [c], required: undefined } : NONE;
}

/** How a rule's flags make it match letters. */
export function lettersOf(caseSensitive: boolean, unicode: boolean): 'exact' | 'caseless' | 'unicode' {
  return caseSensitive ? 'exact' : unicode ? 'unicode' : 'caseless';
}

