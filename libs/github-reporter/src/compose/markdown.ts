/*
 * Markdown that log text cannot break out of. GitHub links @mentions and #refs in text (not in
 * code), renders some raw HTML, and closes a fence at the first run of as many backticks.
 */

function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function codeBlock(text: string, lang = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}

/** Inline code for one-line values (newlines folded). */
export function inlineCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const ticks = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

// U+2060 WORD JOINER: invisible, and it stops GitHub from seeing a mention or a reference.
const JOIN = '\u2060';

/** Plain text made safe for Markdown: no HTML, no mentions, no cross-links, no formatting. */
export function safeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/@(?=[A-Za-z0-9])/g, `@${JOIN}`)
    .replace(/#(?=\d)/g, `#${JOIN}`)
    .replace(/\b([\w.-]+\/[\w.-]+)#(?=\d)/g, `$1#${JOIN}`)
    .replace(/[\r\n]+/g, ' ');
}

/**
 * Shortens a long text by cutting lines from its middle, keeping the head (where it started)
 * and the tail (the exception), so it fits `maxChars`.
 */
export function elideMiddle(text: string, maxChars: number, note: (lines: number) => string): string {
  if (text.length <= maxChars) return text;
  const lines = text.split('\n');
  let head = Math.ceil(lines.length * 0.4);
  let tail = Math.ceil(lines.length * 0.4);
  for (;;) {
    const kept = [...lines.slice(0, head), note(lines.length - head - tail), ...lines.slice(lines.length - tail)].join('\n');
    if (kept.length <= maxChars || (head <= 1 && tail <= 1)) {
      return kept.length <= maxChars ? kept : `${kept.slice(0, Math.floor(maxChars / 2))}\n${note(0)}\n${kept.slice(-Math.floor(maxChars / 2) + 40)}`;
    }
    head = Math.max(1, Math.floor(head * 0.7));
    tail = Math.max(1, Math.floor(tail * 0.7));
  }
}
