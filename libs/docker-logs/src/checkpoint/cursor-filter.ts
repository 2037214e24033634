import { compareTimes } from '../time/docker-time';
import type { Checkpoint } from './checkpoint-store';

/**
 * Decides, line by line, what a resumed stream must not emit again: lines before the
 * checkpoint, and lines at the checkpoint's exact time that were already emitted. Tracks the
 * checkpoint to save after the lines it let through.
 */
export class CursorFilter {
  #time: string | undefined;
  #boundary: string[];
  /** Boundary lines from the previous run still expected once in the replay. */
  #replay: string[];

  constructor(start: Checkpoint | undefined) {
    this.#time = start?.time;
    this.#boundary = [...(start?.boundary ?? [])];
    this.#replay = [...(start?.boundary ?? [])];
  }

  /** True when the line is new and should be emitted. */
  accept(time: string, stream: string, text: string): boolean {
    const key = `${stream}\u0000${text}`;
    if (this.#time === undefined) {
      this.#time = time;
      this.#boundary = [key];
      return true;
    }
    const order = compareTimes(time, this.#time);
    if (order < 0) return false;
    if (order === 0) {
      const seen = this.#replay.indexOf(key);
      if (seen !== -1) {
        this.#replay.splice(seen, 1);
        return false;
      }
      this.#boundary.push(key);
      return true;
    }
    this.#time = time;
    this.#boundary = [key];
    this.#replay = [];
    return true;
  }

  /** The checkpoint covering every line accepted so far. */
  get checkpoint(): Checkpoint | undefined {
    return this.#time === undefined ? undefined : { time: this.#time, boundary: [...this.#boundary] };
  }
}
