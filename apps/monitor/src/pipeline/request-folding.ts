import type { DetectedEvent } from '@safework/classifier';

/** How close in time a request's records are (one handler logs them in a burst). */
const REQUEST_WINDOW_MS = 5_000;

interface Cause {
  readonly container: string;
  readonly fingerprint: string;
  /** The exception line without its module path ("ConnectionError: Error -2 …"). */
  readonly key: string;
  /** Its message alone, when long enough to be telling ("Error -2 connecting to …"). */
  readonly text: string | undefined;
  /** True once a re-logged copy of its traceback was folded in. */
  relogged: boolean;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly at: number;
}

/** "redis.exceptions.ConnectionError: x" → "ConnectionError: x". */
function exceptionKey(message: string): string {
  const first = message.split('\n')[0] ?? '';
  return first.replace(/^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+(?=:)/, (path) => path.slice(path.lastIndexOf('.') + 1));
}

/** The message of an exception line, when long enough to tell one failure from another. */
function exceptionText(key: string): string | undefined {
  const at = key.indexOf(': ');
  const text = at < 0 ? '' : key.slice(at + 2).trim();
  return text.length >= 20 ? text : undefined;
}

// ErrorMonitor logs a traceback Flask already logged again, as "<prefix> Traceback: Traceback (…):".
const RELOGGED = /\bTraceback: Traceback \(most recent call last\):\s*$/;

function pathOf(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}

/**
 * One request, one event: the records one failing request leaves — Flask's `Exception on …`
 * with its traceback, SafeWork ErrorMonitor's `[HIGH] 500_error: … (GET /path)` summary and its
 * `Traceback:` record, the 5xx access line — fold into the event with the traceback (the cause):
 * the others are evidence, and give it the route, status and client it lacks.
 */
export class RequestFolding {
  readonly #recent = new Map<string, Cause[]>();

  fold(events: DetectedEvent[], now: Date): DetectedEvent[] {
    const t = now.getTime();
    const causes = new Map<DetectedEvent, Cause>();
    const out: DetectedEvent[] = [];
    const merged = new Map<DetectedEvent, DetectedEvent>();
    for (const e of events) {
      if (e.traceback === undefined) continue;
      const key = exceptionKey(e.message);
      if (key.length < 8) continue;
      if (RELOGGED.test(e.lines[0] ?? '')) {
        // A copy of a traceback already logged: evidence of the latest cause it repeats.
        const copyOf = [...(this.#recent.get(e.container) ?? []).filter((c) => t - c.at <= REQUEST_WINDOW_MS), ...causes.values()]
          .reverse()
          .find((c) => c.fingerprint === e.fingerprint && !c.relogged);
        if (copyOf !== undefined) {
          copyOf.relogged = true;
          causes.set(e, copyOf);
          continue;
        }
      }
      causes.set(e, { container: e.container, fingerprint: e.fingerprint, key, text: exceptionText(key), relogged: false, method: e.request?.method, url: pathOf(e.request?.url), at: t });
    }
    if (causes.size === 0 && this.#recent.size === 0) return events;
    const firsts = new Map<Cause, DetectedEvent>();
    for (const [e, c] of causes) if (!firsts.has(c)) firsts.set(c, e);
    for (const e of events) {
      const own = causes.get(e);
      if (own !== undefined) {
        if (firsts.get(own) === e) out.push(e);
        continue;
      }
      const inBatch = [...firsts].find(([c]) => this.#evidenceOf(e, c));
      if (inBatch !== undefined) {
        const [, cause] = inBatch;
        const into = merged.get(cause) ?? cause;
        merged.set(cause, { ...into, request: { ...e.request, ...into.request } });
        continue;
      }
      if ((this.#recent.get(e.container) ?? []).some((c) => t - c.at <= REQUEST_WINDOW_MS && this.#evidenceOf(e, c))) continue;
      out.push(e);
    }
    for (const c of firsts.keys()) {
      const list = (this.#recent.get(c.container) ?? []).filter((r) => t - r.at <= REQUEST_WINDOW_MS && r !== c);
      list.push(c);
      this.#recent.set(c.container, list.slice(-20));
    }
    for (const [container, list] of this.#recent) if (list.every((r) => t - r.at > REQUEST_WINDOW_MS)) this.#recent.delete(container);
    return merged.size === 0 ? out : out.map((e) => merged.get(e) ?? e);
  }

  /** True when `e` (without a traceback) is another record of the cause's request. */
  #evidenceOf(e: DetectedEvent, c: Cause): boolean {
    if (e.container !== c.container || e.traceback !== undefined) return false;
    if (e.message.includes(c.key) || (c.text !== undefined && e.message.includes(c.text))) return true;
    // The access line of the same route, answered 5xx.
    const status = e.request?.status;
    return status !== undefined && status >= 500 && c.url !== undefined && pathOf(e.request?.url) === c.url && (c.method === undefined || e.request?.method === c.method);
  }
}
