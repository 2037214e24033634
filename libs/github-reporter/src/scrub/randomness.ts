/**
 * Whether a token looks machine-generated (a key, a token, a signature) rather than written by
 * a person (a word, an identifier, a path). Catalogues know the secrets that have a shape;
 * this catches the ones that do not, and the kinds nobody has catalogued yet.
 *
 * Two measures, both cheap: the Shannon entropy of the characters, and how often consecutive
 * letters and digits change class (upper, lower, digit). Random base64 changes class on about
 * 60 % of its characters and random hex on about 47 %; identifiers such as
 * `SafeWorkSurvey2024Handler` or `database_connection_error` change once per word.
 */

/** Bits per character of the token's own character distribution. */
export function shannonEntropy(token: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / token.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const enum Kind {
  Other,
  Upper,
  Lower,
  Digit,
}

function kindOf(c: number): Kind {
  if (c >= 65 && c <= 90) return Kind.Upper;
  if (c >= 97 && c <= 122) return Kind.Lower;
  if (c >= 48 && c <= 57) return Kind.Digit;
  return Kind.Other;
}

interface Shape {
  readonly alnum: number;
  readonly kinds: number;
  /** Class changes between consecutive letters and digits, per letter or digit. */
  readonly changeRate: number;
  /** The longest run of letters without a vowel (y counts as one): words have short ones. */
  readonly consonantRun: number;
  /** Runs of digits between letters: random lower-case or base32 text scatters them. */
  readonly digitRuns: number;
}

function shape(token: string): Shape {
  let alnum = 0;
  let changes = 0;
  let prev = Kind.Other;
  let seen = 0;
  let run = 0;
  let consonantRun = 0;
  let digitRuns = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    const k = kindOf(c);
    if (k === Kind.Other) continue;
    alnum++;
    seen |= 1 << k;
    if (prev !== Kind.Other && k !== prev) changes++;
    if (k === Kind.Digit && prev !== Kind.Digit) digitRuns++;
    prev = k;
    if (k === Kind.Digit) {
      run = 0;
      continue;
    }
    const lower = c | 32;
    const vowel = lower === 97 || lower === 101 || lower === 105 || lower === 111 || lower === 117 || lower === 121;
    run = vowel ? 0 : run + 1;
    if (run > consonantRun) consonantRun = run;
  }
  const kinds = ((seen >> Kind.Upper) & 1) + ((seen >> Kind.Lower) & 1) + ((seen >> Kind.Digit) & 1);
  return { alnum, kinds, changeRate: alnum > 1 ? changes / (alnum - 1) : 0, consonantRun, digitRuns };
}


/** Words in an identifier: `HTTPPasswordMgr` → HTTP, Password, Mgr; `load_v2` → load, v, 2. */
const SEGMENT = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g;
const VOWEL = /[aeiouy]/i;
const ACRONYM = /^[A-Z]+$/;
const CONSONANTS = /[^aeiouy\d]{5,}/i;

/**
 * The share of letters that sit in pronounceable words of three letters or more (a vowel, no
 * five consonants in a row): high for `DoubleLongLeftRightArrow`, low for `Drmhze6EPcv0fN`.
 */
function wordiness(token: string): number {
  const mixedCase = /[a-z]/.test(token);
  let letters = 0;
  let inWords = 0;
  for (const [seg] of token.matchAll(SEGMENT)) {
    if (seg.charCodeAt(0) <= 57) continue;
    letters += seg.length;
    // Acronyms in camel case (`XMLRPCHandler`) count as words; in an all-capitals token
    // (base32) a capital run is no sign of a word.
    const acronym = mixedCase && seg.length >= 3 && seg.length <= 10 && ACRONYM.test(seg);
    if (acronym || (seg.length >= 3 && VOWEL.test(seg) && !CONSONANTS.test(seg))) inWords += seg.length;
  }
  return letters === 0 ? 0 : inWords / letters;
}

/** Hex keys, digests and auth tokens: random from 32 digits on (MD5, Twilio, Datadog keys). */
const HEX = /^[0-9a-f]+$/i;
/** The canonical UUID form: request and trace ids, kept so that on-call can search for them. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A free-standing token (no key names it) that is machine-generated: at least 20 letters and
 * digits, of two classes or more, with a high entropy and frequent class changes or long
 * consonant runs.
 */
export function looksRandom(token: string): boolean {
  if (token.length < 20 || UUID.test(token)) return false;
  const s = shape(token);
  if (s.alnum < 20 || s.kinds < 2) return false;
  // Paths, dotted names and identifiers stop here, before the costlier measures.
  if (s.changeRate < 0.2 && s.digitRuns < 3) return false;
  const h = shannonEntropy(token);
  if (HEX.test(token)) return token.length >= 32 && h >= 3.2 && s.changeRate >= 0.3;
  if (wordiness(token) >= 0.7) return false;
  if (h >= 4.2) return s.changeRate >= 0.2;
  if (h < 3.5) return false;
  return s.changeRate >= 0.36 || (s.consonantRun >= 6 && s.changeRate >= 0.2) || s.digitRuns >= 3;
}

/**
 * The value of a key that names a secret (`webhook_secret=…`, `"x-api-key": …`): a much lower
 * bar, since the key already says what it is. Words such as `none`, `true` or `redacted` stay.
 */
export function looksLikeSecretValue(value: string): boolean {
  if (value.length < 8) return false;
  const s = shape(value);
  if (s.alnum < 6) return false;
  if (s.kinds >= 2 && s.changeRate > 0) return true;
  return shannonEntropy(value) >= 3.0 && s.consonantRun >= 4;
}
