/**
 * True when `a` and `b` differ at most in which digits they hold, the digits from `lowest` up
 * read alike: '0' (0x30) for one time against another, '1' (0x31) where zero must stay apart
 * ("0x1f" is hex, "1x1f" is not).
 */
export function sameDigitShape(a: string, b: string, lowest = 0x30): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && !(x >= lowest && x <= 0x39 && y >= lowest && y <= 0x39)) return false;
  }
  return true;
}
