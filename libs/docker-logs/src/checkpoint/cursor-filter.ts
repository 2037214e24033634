import type { StreamName } from '../demux/frame-demuxer';
import { compareTimes } from '../time/docker-time';
import type { Checkpoint, StreamCursor } from './checkpoint-store';

interface Tracked {
  time: string;
  boundary: string[];
  /** Boundary lines from the previous run still expected once in the replay. */
  replay: string[];
}

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
      if (cursor) this.#streams[stream] = { time: cursor.time, boundary: [...cursor.boundary], replay: [...cursor.boundary] };
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
      this.#streams[stream] = { time, boundary: [text], replay: [] };
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
      return true;
    }
    tracked.time = time;
    tracked.boundary = [text];
    tracked.replay = [];
    return true;
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
