/** RFC 3339 with nanoseconds (Docker's `timestamps=true` form) → `since` form "seconds.nanos". */
export function toSince(time: string): string {
  const match = /^(.*?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  const seconds = Math.floor(Date.parse(`${match?.[1] ?? time}${match?.[3] ?? 'Z'}`) / 1000);
  return `${seconds}.${(match?.[2] ?? '').padEnd(9, '0')}`;
}

const Z = 0x5a;
const DOT = 0x2e;
const ZERO = 0x30;

/** Orders two of Docker's UTC timestamps at nanosecond precision (string compare would not). */
export function compareTimes(a: string, b: string): number {
  // Docker's own form ("2024-05-02T10:00:00.123456789Z", trailing zeros of the fraction
  // trimmed): seconds as text, then the fraction digit by digit, missing digits as zeros.
  if (a.charCodeAt(a.length - 1) === Z && b.charCodeAt(b.length - 1) === Z && a.length >= 20 && b.length >= 20) {
    // As long as each other, with a fraction or without: the text orders them (the common case
    // of a stream's consecutive lines, compared in native code).
    if (a.length === b.length && (a.length === 20 || (a.charCodeAt(19) === DOT && b.charCodeAt(19) === DOT))) return a === b ? 0 : a < b ? -1 : 1;
    for (let i = 0; i < 19; i++) {
      const d = a.charCodeAt(i) - b.charCodeAt(i);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    const fa = a.charCodeAt(19) === DOT ? a.length - 21 : 0;
    const fb = b.charCodeAt(19) === DOT ? b.length - 21 : 0;
    for (let k = 0; k < 9; k++) {
      const da = k < fa ? a.charCodeAt(20 + k) : ZERO;
      const db = k < fb ? b.charCodeAt(20 + k) : ZERO;
      if (da !== db) return da < db ? -1 : 1;
    }
    return 0;
  }
  const [sa = '', fa = ''] = a.replace(/Z$/, '').split('.');
  const [sb = '', fb = ''] = b.replace(/Z$/, '').split('.');
  if (sa !== sb) return sa < sb ? -1 : 1;
  const na = fa.padEnd(9, '0');
  const nb = fb.padEnd(9, '0');
  return na === nb ? 0 : na < nb ? -1 : 1;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z) /;

/** Splits Docker's timestamp prefix off a log line; undefined when there is none. */
export function splitTimestamp(raw: string): { time: string; text: string } | undefined {
  const match = TIMESTAMP.exec(raw);
  return match?.[1] === undefined ? undefined : { time: match[1], text: raw.slice(match[0].length) };
}
