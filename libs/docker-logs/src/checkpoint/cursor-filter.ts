import type { StreamName } from '../demux/frame-demuxer';
import { compareTimes } from '../time/docker-time';
import type { Checkpoint, StreamCursor } from './checkpoint-store';

interface Tracked {
  time: string;
  boundary: string[];
  /** Boundary lines from the previous run still expected once in the replay. */
  replay: string[];
  /**
   * The lines accepted since the last checkpoint handed out, so the next one can stop short of
   * lines still held open. What that checkpoint covers is dropped: its boundary stands for the
   * lines at its time. (Kept for the last thousand lines, every line of a flood outlived two
   * young-generation collections and was copied twice: most of the monitor's GC time.)
   */
  history: Array<{ time: string; text: string }>;
  /** The last checkpoint handed out for saving. */
  durable?: StreamCursor;
}

/** Lines of history kept per stream: more than a record (a traceback) can hold open. */
const HISTORY = 1000;

/**
 * Decides, per stream, what a resumed log stream must not emit again: lines before the stream's
 * cursor, and lines at its exact time that were already emitted. Tracks the checkpoint that
 * covers the lines it let through.
 */
export class CursorFilter {
  readonly #streams: Partial<Record<StreamName, Tracked>> = {};

  constructor(start: Checkpoint | undefined) {
    for (const stream of ['stdout', 'stderr'] as const) {
      const cursor = start?.[stream];
      if (cursor) this.#streams[stream] = { time: cursor.time, boundary: [...cursor.boundary], replay: [...cursor.boundary], history: [], durable: cursor };
    }
  }

  /**
   * The `since` to ask Docker for: the earlier of the two cursors; none unless both streams
   * have one (a stream never read from may have lines before the other's cursor).
   */
  static since(checkpoint: Checkpoint | undefined): string | undefined {
    const a = checkpoint?.stdout?.time;
    const b = checkpoint?.stderr?.time;
    if (a === undefined || b === undefined) return undefined;
    return compareTimes(a, b) <= 0 ? a : b;
  }

  /** True when the line is new and should be emitted. */
  accept(time: string, stream: StreamName, text: string): boolean {
    const tracked = this.#streams[stream];
    if (tracked === undefined) {
      this.#streams[stream] = { time, boundary: [text], replay: [], history: [{ time, text }] };
      return true;
    }
    const order = compareTimes(time, tracked.time);
    if (order < 0) return false;
    if (order === 0) {
      const seen = tracked.replay.indexOf(text);
      if (seen !== -1) {
        tracked.replay.splice(seen, 1);
        return false;
      }
      tracked.boundary.push(text);
    } else {
      tracked.time = time;
      tracked.boundary = [text];
      tracked.replay = [];
    }
    tracked.history.push({ time, text });
    if (tracked.history.length > HISTORY * 2) tracked.history.splice(0, tracked.history.length - HISTORY);
    return true;
  }

  /**
   * The checkpoint to save when the last `held[stream]` lines of each stream are still held
   * open by the consumer (an unfinished traceback): it stops before them, so after a crash they
   * are read again and nothing is lost. Never goes back past the previous saved checkpoint.
   */
  durableCheckpoint(held: Partial<Record<StreamName, number>> = {}): Checkpoint {
    const out: { stdout?: StreamCursor; stderr?: StreamCursor } = {};
    for (const stream of ['stdout', 'stderr'] as const) {
      const t = this.#streams[stream];
      if (!t) continue;
      const k = held[stream] ?? 0;
      let cursor: StreamCursor | undefined;
      if (k <= 0) {
        cursor = { time: t.time, boundary: [...t.boundary] };
        t.history = [];
      } else {
        const idx = t.history.length - 1 - k;
        const at = t.history[idx];
        if (at !== undefined) {
          const boundary: string[] = [];
          let j = idx;
          while (j >= 0 && t.history[j]?.time === at.time) boundary.unshift(t.history[j--]?.text ?? '');
          if (j < 0 && t.durable?.time === at.time) boundary.unshift(...t.durable.boundary);
          cursor = { time: at.time, boundary };
          t.history.splice(0, idx + 1);
        } else {
          cursor = t.durable;
        }
      }
      if (cursor) {
        t.durable = cursor;
        out[stream] = cursor;
      }
    }
    return out;
  }

  /** Before reading the same log again from `since`: lines at each cursor are expected once more. */
  rewind(): void {
    for (const tracked of Object.values(this.#streams)) tracked.replay = [...tracked.boundary];
  }

  /** The checkpoint covering every line accepted so far. */
  get checkpoint(): Checkpoint {
    const out: { stdout?: StreamCursor; stderr?: StreamCursor } = {};
    for (const stream of ['stdout', 'stderr'] as const) {
      const t = this.#streams[stream];
      if (t) out[stream] = { time: t.time, boundary: [...t.boundary] };
    }
    return out;
  }
}
