import { T } from './issue-texts';
import { inlineCode } from './markdown';

/** Where the "seen on" row's cell starts and ends in `body`, in whichever language it was written. */
function seenOnCell(body: string): { start: number; end: number } | undefined {
  for (const lang of ['ko', 'en'] as const) {
    const head = `| ${T[lang].seenOn} | `;
    const at = body.indexOf(head);
    if (at === -1) continue;
    const end = body.indexOf(' |\n', at + head.length);
    if (end === -1) continue;
    return { start: at + head.length, end };
  }
  return undefined;
}

/**
 * The body with its "seen on" row (hosts and containers) set to `seenOn`, in whichever language
 * it was written; unchanged when it has no such row.
 */
export function withSeenOn(body: string, seenOn: readonly string[]): string {
  const cell = seenOnCell(body);
  if (cell === undefined) return body;
  return `${body.slice(0, cell.start)}${seenOn.map(inlineCode).join(', ').replace(/\|/g, '\\|')}${body.slice(cell.end)}`;
}

/**
 * `next` (a body composed again) with the "seen on" row `current` has on GitHub: other hosts
 * add themselves to the body, and a rewrite must not drop them.
 */
export function keepSeenOn(current: string, next: string): string {
  const from = seenOnCell(current);
  const to = seenOnCell(next);
  if (from === undefined || to === undefined) return next;
  return `${next.slice(0, to.start)}${current.slice(from.start, from.end)}${next.slice(to.end)}`;
}
