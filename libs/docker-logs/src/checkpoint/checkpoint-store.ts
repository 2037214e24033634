import { compareTimes } from '../time/docker-time';

/** Where one stream was read up to: its last line's time and the lines emitted at that time. */
export interface StreamCursor {
  readonly time: string;
  /** Text of each line emitted at exactly `time`, in order (several lines can share one ns). */
  readonly boundary: readonly string[];
}

/**
 * Where a container's logs were read up to, per stream: Docker keeps order within stdout and
 * within stderr, not across them, so one cursor for both would drop lines.
 */
export interface Checkpoint {
  readonly stdout?: StreamCursor;
  readonly stderr?: StreamCursor;
}

/**
 * Port: durable checkpoints per container name. `commit` runs `work` (the consumer's handling
 * of the lines), which returns the checkpoint to save, and saves it atomically with whatever
 * `work` wrote to the same store — that is what makes delivery exactly-once across a crash.
 */
export interface CheckpointStore {
  load(container: string): Checkpoint | undefined | Promise<Checkpoint | undefined>;
  commit(container: string, work: () => Checkpoint): void | Promise<void>;
  delete(container: string): void | Promise<void>;
  /** Every container that has a checkpoint: a removed one can then be named once. */
  checkpointed(): readonly string[] | Promise<readonly string[]>;
}

/** The time of the last line a checkpoint covers, on either stream. */
export function lastReadAt(checkpoint: Checkpoint | undefined): string | undefined {
  const a = checkpoint?.stdout?.time;
  const b = checkpoint?.stderr?.time;
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareTimes(a, b) >= 0 ? a : b;
}

/** In-memory `CheckpointStore` for tests and one-shot runs. */
export class InMemoryCheckpointStore implements CheckpointStore {
  readonly #map = new Map<string, Checkpoint>();
  load(container: string): Checkpoint | undefined {
    return this.#map.get(container);
  }
  commit(container: string, work: () => Checkpoint): void {
    this.#map.set(container, work());
  }
  delete(container: string): void {
    this.#map.delete(container);
  }
  checkpointed(): string[] {
    return [...this.#map.keys()];
  }
}
