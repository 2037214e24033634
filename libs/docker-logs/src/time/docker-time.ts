/** RFC 3339 with nanoseconds (Docker's `timestamps=true` form) → `since` form "seconds.nanos". */
export function toSince(time: string): string {
  const match = /^(.*?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  const seconds = Math.floor(Date.parse(`${match?.[1] ?? time}${match?.[3] ?? 'Z'}`) / 1000);
  return `${seconds}.${(match?.[2] ?? '').padEnd(9, '0')}`;
}

/** Orders two of Docker's UTC timestamps at nanosecond precision (string compare would not). */
export function compareTimes(a: string, b: string): number {
  // Same length, and '.' (or 'Z') in the same place: the digits line up, a string compare is exact.
  if (a.length === b.length && a.charCodeAt(19) === b.charCodeAt(19) && a.endsWith('Z') && b.endsWith('Z')) return a === b ? 0 : a < b ? -1 : 1;
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
