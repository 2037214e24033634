import type { OutboxOp, ReporterStore, TrackedIssue } from './ports';

const clone = <T>(value: T): T => structuredClone(value);

/** `ReporterStore` in memory, for tests and dry runs. */
export class InMemoryReporterStore implements ReporterStore {
  readonly #tracked = new Map<string, TrackedIssue>();
  readonly #ops = new Map<number, OutboxOp>();
  #nextId = 1;
  #indexBuiltAt: string | undefined;

  getTracked(fingerprint: string): TrackedIssue | undefined {
    const t = this.#tracked.get(fingerprint);
    return t && clone(t);
  }
  putTracked(tracked: TrackedIssue): void {
    this.#tracked.set(tracked.fingerprint, clone(tracked));
  }
  deleteTracked(fingerprint: string): void {
    this.#tracked.delete(fingerprint);
  }
  listTracked(): TrackedIssue[] {
    return [...this.#tracked.values()].map(clone);
  }
  enqueue(op: Omit<OutboxOp, 'id'>): OutboxOp {
    const full = { ...clone(op), id: this.#nextId++ } as OutboxOp;
    this.#ops.set(full.id, full);
    return clone(full);
  }
  head(): OutboxOp | undefined {
    const first = [...this.#ops.keys()].sort((a, b) => a - b)[0];
    return first === undefined ? undefined : clone(this.#ops.get(first) as OutboxOp);
  }
  updateOp(op: OutboxOp): void {
    if (this.#ops.has(op.id)) this.#ops.set(op.id, clone(op));
  }
  removeOp(id: number): void {
    this.#ops.delete(id);
  }
  outboxDepth(): number {
    return this.#ops.size;
  }
  transaction<T>(fn: () => T): T {
    return fn();
  }
  indexBuilt(): boolean {
    return this.#indexBuiltAt !== undefined;
  }
  markIndexBuilt(at: string): void {
    this.#indexBuiltAt = at;
  }
}
