import { parseArgs } from 'node:util';
import { hourlyRate, type Silence, type TrackedIssue } from '@safework/github-reporter';
import { SqliteSilenceStore } from '@safework/state-store';
import { parseDuration } from './duration';
import { withStateStore } from './environment';

/** EX_USAGE. */
const USAGE_ERROR = 64;
const USAGE = `usage: monitor silence <fingerprint|#issue> --for <7d|12h> [--until-rate 10x] [--reason "…"]
       monitor silence list
       monitor silence lift <silence id|fingerprint|#issue>
`;

/**
 * `silence`: silences one problem (no digests, no reopening; counting goes on) in the state
 * database the running monitor reads, lists silences, and lifts one by hand. The monitor lifts
 * a silence itself when it expires or the rate passes `--until-rate` times the rate now.
 */
export function silenceCommand(argv: readonly string[], write: (text: string) => void = (t) => void process.stdout.write(t), now: () => Date = () => new Date()): number {
  let parsed: { values: { for?: string; 'until-rate'?: string; reason?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { for: { type: 'string' }, 'until-rate': { type: 'string' }, reason: { type: 'string' } }, strict: true });
  } catch (error) {
    write(`monitor silence: ${(error as Error).message}\n${USAGE}`);
    return USAGE_ERROR;
  }
  const [first, second] = parsed.positionals;
  if (first === undefined || (first === 'lift' && second === undefined)) {
    write(USAGE);
    return USAGE_ERROR;
  }
  const { values } = parsed;
  const duration = values.for === undefined ? undefined : parseDuration(values.for);
  const rate = values['until-rate'] === undefined ? null : /^(\d+(?:\.\d+)?)x?$/i.exec(values['until-rate'].trim())?.[1];
  if (first !== 'list' && first !== 'lift') {
    if (duration === undefined) {
      write(`monitor silence: --for must be a duration such as 7d or 12h${values.for === undefined ? '' : ` (got "${values.for}")`}\n`);
      return USAGE_ERROR;
    }
    if (rate === undefined || (rate !== null && Number(rate) <= 1)) {
      write(`monitor silence: --until-rate must be a factor above 1 such as 10x (got "${values['until-rate'] ?? ''}")\n`);
      return USAGE_ERROR;
    }
  }
  return withStateStore(write, (state) => {
    const silences = new SqliteSilenceStore(state.database);
    const t = now();
    if (first === 'list') {
      const list = silences.recentSilences(20);
      write(list.length === 0 ? 'no silences\n' : list.map((s) => `${describe(s)}\n`).join(''));
      return 0;
    }
    const target = first === 'lift' ? (second ?? '') : first;
    if (first === 'lift' && /^\d+$/.test(target)) {
      const lifted = silences.liftSilence(Number(target), t.toISOString(), 'lifted by hand');
      write(lifted ? `silence #${target} lifted\n` : `no active silence #${target}\n`);
      return lifted ? 0 : 1;
    }
    const tracked = find(state.listTracked(), target);
    if (tracked === undefined) {
      write(`monitor silence: no problem ${target} is known to this monitor (give a fingerprint or an issue number it filed)\n`);
      return 1;
    }
    if (first === 'lift') {
      const active = silences.activeSilences().filter((s) => s.fingerprint === tracked.fingerprint);
      for (const s of active) silences.liftSilence(s.id, t.toISOString(), 'lifted by hand');
      write(active.length === 0 ? `no active silence of ${tracked.fingerprint}\n` : `lifted the silence of ${tracked.fingerprint}\n`);
      return active.length === 0 ? 1 : 0;
    }
    const s = silences.addSilence({
      fingerprint: tracked.fingerprint,
      issueNumber: tracked.issueNumber ?? null,
      createdAt: t.toISOString(),
      until: new Date(t.getTime() + (duration ?? 0)).toISOString(),
      untilRate: rate === null || rate === undefined ? null : Number(rate),
      rateAtMute: Math.max(1, Math.round(hourlyRate(tracked, t) * 10) / 10),
      reason: values.reason?.trim() || null,
    });
    write(`${describe(s)}\nno digests or reopening until then; the monitor counts on\n`);
    return 0;
  });
}

/** A tracked problem by fingerprint, `#12` or `12` (its issue number). */
function find(tracked: readonly TrackedIssue[], target: string): TrackedIssue | undefined {
  const number = /^#?(\d+)$/.exec(target)?.[1];
  return number === undefined ? tracked.find((t) => t.fingerprint === target) : tracked.find((t) => t.issueNumber === Number(number));
}

function describe(s: Silence): string {
  const issue = s.issueNumber === null ? '' : ` (issue #${s.issueNumber})`;
  const rate = s.untilRate === null ? '' : `, or past ${s.untilRate}× ${s.rateAtMute}/h`;
  const state = s.liftedAt === null ? `until ${s.until}${rate}` : `lifted ${s.liftedAt} (${s.liftReason ?? ''})`;
  return `#${s.id} ${s.fingerprint}${issue}: ${state}${s.reason === null ? '' : ` — ${s.reason}`}`;
}
