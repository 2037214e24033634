/*
 * Replaces the variable parts of a message, after Sentry's parameterisation, so one root cause
 * at another time, host, port or id gives the same text. Order matters: wider shapes first.
 * The third member lists characters one of which every match of the pattern contains. No
 * pattern tells one digit from another but zero from the rest (no digit but in a count, in
 * `0-9`, or the zero of `0x`): FingerprintCache relies on it.
 */
export const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string, (readonly string[])?]> = [
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '<email>', ['@']],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>', ['-']],
  [/\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?)?/g, '<date>', ['-']],
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>', [':']],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, '<ip>', ['.']],
  [/\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b/gi, '<ip>', [':']],
  [/\b[a-z][\w.-]*:\d{2,5}\b/gi, '<host:port>', [':']],
  [/\b0x[0-9a-f]+\b/gi, '<hex>', ['x', 'X']],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  [/\b\d+(?:\.\d+)?\s?(?:ms|msec|s|sec|secs|seconds?|minutes?|mins?|h|hours?)\b/gi, '<duration>'],
  [/'[^'\n]{0,200}'|"[^"\n]{0,200}"/g, '<str>', ["'", '"']],
  // Keep error codes ("(2003, …", "Error 111", "errno 13"): they tell causes apart.
  [/(?<![(\w]|Error |Errno |errno |code |\[Errno )-?\d+(?:\.\d+)?\b/g, '<int>'],
];

/** The message with its variable parts replaced by placeholders. */
export function parameterize(message: string): string {
  let out = message;
  // A pass whose pattern needs a character the text lacks is skipped: on a long line each
  // pass is a scan, and most lines hold no '@', quote or colon.
  for (const [pattern, placeholder, needs] of REPLACEMENTS) if (needs === undefined || needs.some((c) => out.includes(c))) out = out.replace(pattern, placeholder);
  return out.replace(/\s+/g, ' ').trim();
}
