import type { CompiledRule } from '../rules/rule';

/**
 * Port for a fast pre-filter over raw bytes: returns the byte offsets (ascending) of places
 * where a rule might match in `buf[0, end)`. One offset per line is enough. The classifier
 * still decides; the gate only lets the scanner skip lines that cannot be events. An adapter
 * implements it with a linear-time engine (RE2) over the combined pattern from `gateSource`.
 */
export interface CandidateGate {
  candidates(buf: Buffer, end: number): number[];
}

// SafeWork's "[SEVERITY] type:" marker makes an event whatever the rules say.
const MARKER_SOURCE = '\\[(?:CRITICAL|HIGH|MEDIUM|LOW)\\]\\s+[a-z][a-z_]*\\s*:';

/** Replaces `^` outside character classes, so a pattern still matches after a Docker timestamp. */
function unanchor(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') {
        out += '^';
        i++;
      }
    } else if (c === '^') {
      out += '(?:^|[ \\t])';
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * One combined pattern (to be compiled with the multiline flag) matching wherever any
 * reporting rule, or the severity marker, could match. Ignore rules are left out: they only
 * suppress. Each rule keeps its own case-sensitivity through an inline flag group.
 */
export function gateSource(rules: readonly CompiledRule[]): string {
  const parts = [MARKER_SOURCE];
  for (const rule of rules) {
    if (rule.ignore) continue;
    const inline = (rule.flags.includes('i') ? 'i' : '') + (rule.flags.includes('s') ? 's' : '');
    parts.push(`(?${inline}:${unanchor(rule.source)})`);
  }
  return parts.join('|');
}
