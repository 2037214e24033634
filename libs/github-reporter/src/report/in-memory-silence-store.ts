import type { NewSilence, Silence, SilenceStore } from './silences';

/** `SilenceStore` in memory, for specs. */
export class InMemorySilenceStore implements SilenceStore {
  readonly #silences: Silence[] = [];

  addSilence(silence: NewSilence): Silence {
    const s = { ...silence, id: this.#silences.length + 1, liftedAt: null, liftReason: null };
    this.#silences.push(s);
    return s;
  }

  liftSilence(id: number, at: string, reason: string): boolean {
    const i = this.#silences.findIndex((s) => s.id === id && s.liftedAt === null);
    if (i < 0) return false;
    this.#silences[i] = { ...(this.#silences[i] as Silence), liftedAt: at, liftReason: reason };
    return true;
  }

  activeSilences(): Silence[] {
    return this.#silences.filter((s) => s.liftedAt === null);
  }

  recentSilences(limit: number): Silence[] {
    return [...this.#silences].reverse().slice(0, limit);
  }
}
