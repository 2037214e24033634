import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStateStore } from '@safework/state-store';
import { configOrExit } from './environment';

export interface Heartbeat {
  readonly at: string;
  readonly status: unknown;
}

/**
 * Whether a heartbeat says the monitor is alive: written within three monitoring intervals
 * (never less than 30 s, so a slow disk does not flap the container) and not in a failed state.
 */
export function heartbeatVerdict(beat: Heartbeat | undefined, now: number, intervalSeconds: number): { ok: boolean; detail: string } {
  if (beat === undefined) return { ok: false, detail: 'no heartbeat yet' };
  const age = (now - Date.parse(beat.at)) / 1000;
  const limit = Math.max(30, 3 * intervalSeconds);
  if (!Number.isFinite(age)) return { ok: false, detail: `unreadable heartbeat time "${beat.at}"` };
  if (age > limit) return { ok: false, detail: `last heartbeat ${Math.round(age)} s ago (limit ${limit} s)` };
  const state = typeof beat.status === 'object' && beat.status !== null ? (beat.status as { state?: unknown }).state : undefined;
  if (state === 'failed') return { ok: false, detail: 'the monitor reports itself failed' };
  return { ok: true, detail: `heartbeat ${Math.round(age)} s ago, state ${String(state)}` };
}

/** `healthcheck`: the container health check; exit 0 when the running monitor's heartbeat is fresh. */
export function healthcheckCommand(write: (text: string) => void = (t) => void process.stdout.write(t)): number {
  const config = configOrExit(write);
  if (typeof config === 'number') return config;
  const path = join(config.STATE_DIR, 'state.db');
  if (!existsSync(path)) {
    write(`unhealthy: no state at ${path} yet\n`);
    return 1;
  }
  const store = SqliteStateStore.open(path, { readonly: true });
  try {
    const verdict = heartbeatVerdict(store.heartbeat('monitor'), Date.now(), config.MONITORING_INTERVAL);
    write(`${verdict.ok ? 'healthy' : 'unhealthy'}: ${verdict.detail}\n`);
    return verdict.ok ? 0 : 1;
  } finally {
    store.close();
  }
}
