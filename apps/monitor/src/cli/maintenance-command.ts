import { parseArgs } from 'node:util';
import { SqliteMaintenanceStore, isOpen, type MaintenanceWindow } from '@safework/state-store';
import { parseDuration } from './duration';
import { withStateStore } from './environment';

/** EX_USAGE. */
const USAGE_ERROR = 64;
const USAGE = `usage: monitor maintenance start --for <30m|2h|1d> [--containers a,b] [--reason "…"]
       monitor maintenance end [--containers a,b]
       monitor maintenance list
`;

/**
 * `maintenance`: opens, ends and lists maintenance windows in the state database the running
 * monitor reads (it may be another process: the monitor sees a change within a second). While
 * a window is open, what it covers is counted and logged and nothing is filed or reopened.
 */
export function maintenanceCommand(argv: readonly string[], write: (text: string) => void = (t) => void process.stdout.write(t), now: () => Date = () => new Date()): number {
  const [action, ...rest] = argv;
  let values: { for?: string; containers?: string; reason?: string };
  try {
    ({ values } = parseArgs({ args: [...rest], options: { for: { type: 'string' }, containers: { type: 'string' }, reason: { type: 'string' } }, strict: true }));
  } catch (error) {
    write(`monitor maintenance: ${(error as Error).message}\n${USAGE}`);
    return USAGE_ERROR;
  }
  if (action !== 'start' && action !== 'end' && action !== 'list') {
    write(USAGE);
    return USAGE_ERROR;
  }
  const duration = values.for === undefined ? undefined : parseDuration(values.for);
  if (action === 'start' && duration === undefined) {
    write(`monitor maintenance start: --for must be a duration such as 30m, 2h or 1d${values.for === undefined ? '' : ` (got "${values.for}")`}\n`);
    return USAGE_ERROR;
  }
  const containers = values.containers === undefined ? null : values.containers.split(',').map((c) => c.trim()).filter(Boolean);
  return withStateStore(write, (state) => {
    const store = new SqliteMaintenanceStore(state.database);
    const t = now();
    if (action === 'start') {
      const w = store.startMaintenance({ startsAt: t.toISOString(), endsAt: new Date(t.getTime() + (duration ?? 0)).toISOString(), containers, reason: values.reason?.trim() || null });
      write(`maintenance window #${w.id} open: ${describe(w)}\nuntil it ends, the monitor counts and logs what it covers and files nothing for it\n`);
    } else if (action === 'end') {
      const n = store.endMaintenance(t, containers ?? undefined);
      write(n === 0 ? 'no maintenance window was open\n' : `ended ${n} maintenance window${n === 1 ? '' : 's'}; errors from now on are filed as usual\n`);
    } else {
      const windows = store.maintenanceWindows(t);
      write(windows.length === 0 ? 'no maintenance window open or planned\n' : windows.map((w) => `#${w.id} ${isOpen(w, t) ? 'open' : 'planned'}: ${describe(w)}\n`).join(''));
    }
    return 0;
  });
}

function describe(w: MaintenanceWindow): string {
  const what = w.containers === null ? 'every container' : w.containers.join(', ');
  return `${w.startsAt} → ${w.endsAt}, ${what}${w.reason === null ? '' : ` — ${w.reason}`}`;
}
