/**
 * Whether a cache pays on the text at hand. Where its keys do not repeat (long lines of varied
 * text) a cache only costs making keys and holding entries past young-generation collections:
 * when fewer than one lookup in eight hits over `probe` lookups, the cache is to be emptied and
 * skipped for `bypass` lookups, then tried again.
 */
export class HitGauge {
  readonly #probe: number;
  readonly #bypass: number;
  #lookups = 0;
  #hits = 0;
  #skipping = 0;

  constructor(probe: number, bypass = 16 * probe) {
    this.#probe = probe;
    this.#bypass = bypass;
  }

  /** True while the cache is to be skipped (each call counts as one skipped lookup). */
  skip(): boolean {
    if (this.#skipping === 0) return false;
    this.#skipping--;
    return true;
  }

  /** Counts a lookup; true when the cache just proved not worth its cost (empty it). */
  count(hit: boolean): boolean {
    this.#lookups++;
    if (hit) this.#hits++;
    if (this.#lookups < this.#probe) return false;
    const poor = this.#hits * 8 < this.#lookups;
    if (poor) this.#skipping = this.#bypass;
    this.#lookups = 0;
    this.#hits = 0;
    return poor;
  }
}
