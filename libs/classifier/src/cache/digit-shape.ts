/** An ASCII digit's code (NaN and any other code are not). */
export const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** True when `a` and `b` differ at most in which digits they hold (one time against another). */
export function sameDigitShape(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && !(isDigit(x) && isDigit(y))) return false;
  }
  return true;
}

/**
 * Whether the digit at `i` of `text` stands alone (no digit either side): the one place
 * `parameterize` tells a zero from other digits ("0x1f" is hex, "1x1f" is not; in "10x1f" no
 * word starts at the zero).
 */
export function isLoneDigit(text: string, i: number): boolean {
  return !isDigit(text.charCodeAt(i - 1)) && !isDigit(text.charCodeAt(i + 1));
}

/**
 * True when `a` and `b` differ at most in which digits they hold, but for a lone zero (see
 * `isLoneDigit`), which must stand in both: what `parameterize` cannot tell apart.
 */
export function sameLoneZeroShape(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (!isDigit(x) || !isDigit(y)) return false;
    // Digits stand at the same places in both, so `a` says whether this one is alone.
    if ((x === 0x30 || y === 0x30) && isLoneDigit(a, i)) return false;
  }
  return true;
}

/** A hash of the shape `sameLoneZeroShape` compares: every digit read as a one but a lone zero. */
export function loneZeroShapeHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (isDigit(c) && !(c === 0x30 && isLoneDigit(text, i))) c = 0x31;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h;
}
