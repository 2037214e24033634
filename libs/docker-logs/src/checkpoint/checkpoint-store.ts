/**
 * Where a container's log stream was read up to: the time of the last line emitted, and the
 * lines already emitted at exactly that time (Docker's `since` is inclusive, and several lines
 * can share one nanosecond).
 */
export interface Checkpoint {
  readonly time: string;
  /** `stream + "\0" + text` of each line emitted at `time`, in order. */
  readonly boundary: readonly string[];
}

/**
 * Port: durable checkpoints per container name. `commit` runs `work` (the consumer's handling
 * of the lines) and saves the checkpoint atomically with whatever `work` wrote to the same
 * store — that is what makes delivery exactly-once across a crash.
 */
export interface CheckpointStore {
  load(container: string): Checkpoint | undefined | Promise<Checkpoint | undefined>;
  commit(container: string, checkpoint: Checkpoint, work: () => void): void | Promise<void>;
  delete(container: string): void | Promise<void>;
}

/** In-memory `CheckpointStore` for tests and one-shot runs. */
export class InMemoryCheckpointStore implements CheckpointStore {
  readonly #map = new Map<string, Checkpoint>();
  load(container: string): Checkpoint | undefined {
    return this.#map.get(container);
  }
  commit(container: string, checkpoint: Checkpoint, work: () => void): void {
    work();
    this.#map.set(container, checkpoint);
  }
  delete(container: string): void {
    this.#map.delete(container);
  }
}
