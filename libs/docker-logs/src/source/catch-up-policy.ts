import type { Checkpoint } from '../checkpoint/checkpoint-store';
import { compareTimes } from '../time/docker-time';

/** The `State` fields of an inspected container the policy decides on. */
export interface RunState {
  readonly Running: boolean;
  readonly StartedAt?: string;
  readonly FinishedAt?: string;
}

/** How to read one container: follow it, read it once to the end (at most `cap` lines), or leave it. */
export type ReadPlan = { readonly kind: 'follow' } | { readonly kind: 'once'; readonly cap: number | undefined } | { readonly kind: 'skip' };

/**
 * Which containers hold lines nobody has read: a running one always; a stopped one with a
 * checkpoint (it stopped while the reader was away); one seen starting; and one without a
 * checkpoint that started or finished after the reader was last sure to follow everything
 * (its last heartbeat, or when the engine connection went down), read up to a bound.
 */
export class CatchUpPolicy {
  #since: string | undefined;
  readonly #maxLines: number;

  constructor(options: { readonly resumeAfter?: string | undefined; readonly maxLines: number }) {
    this.#since = options.resumeAfter;
    this.#maxLines = options.maxLines;
  }

  plan(state: RunState, saved: Checkpoint | undefined, seenStarting: boolean): ReadPlan {
    if (state.Running) return { kind: 'follow' };
    if (saved !== undefined || seenStarting) return { kind: 'once', cap: undefined };
    return this.#ranUnfollowed(state) ? { kind: 'once', cap: this.#maxLines } : { kind: 'skip' };
  }

  /** The engine connection was lost at `at`: containers that run from then on are read when it is back. */
  lostAt(at: string): void {
    this.#since = at;
  }

  #ranUnfollowed(state: RunState): boolean {
    const since = this.#since;
    if (since === undefined) return false;
    return [state.StartedAt, state.FinishedAt].some((t) => t !== undefined && compareTimes(t, since) > 0);
  }
}
