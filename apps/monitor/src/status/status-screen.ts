import type { Silence, TrackedIssue } from '@safework/github-reporter';
import type { Heartbeat, IncidentRow, MaintenanceWindow, StoredContainerSample } from '@safework/state-store';

/** What `monitor status` shows, read from the state database (the monitor may run elsewhere). */
export interface StatusView {
  readonly now: Date;
  readonly heartbeat: Heartbeat | undefined;
  /** The heartbeat's verdict (`heartbeatVerdict`). */
  readonly alive: { readonly ok: boolean; readonly detail: string };
  /** `owner/repo` it files to, or why it files nothing. */
  readonly filing: string;
  readonly containers: ReadonlyArray<{ readonly name: string; readonly sample: StoredContainerSample }>;
  readonly incidents: readonly IncidentRow[];
  readonly outages: readonly TrackedIssue[];
  readonly outbox: { readonly depth: number; readonly lastError: string | null };
  readonly issues: readonly TrackedIssue[];
  readonly silences: readonly Silence[];
  readonly maintenance: readonly MaintenanceWindow[];
}

/** Columns padded to their widest cell, as `docker-compose ps` prints them. */
function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('   ').trimEnd();
  return [line(head), ...rows.map(line)];
}

const since = (iso: string, now: Date): string => {
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : s < 172_800 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86_400)} d`;
};

/** One screen of plain text: the monitor, its containers, what is open, what it is about to send, and what is held back. */
export function renderStatus(v: StatusView): string {
  const out: string[] = [];
  const state = v.heartbeat?.status.state ?? 'never started';
  out.push(`SafeWork Monitor: ${state}${v.alive.ok ? '' : ` (${v.alive.detail})`}; ${v.filing}`);
  out.push('');
  out.push(
    ...(v.containers.length === 0
      ? ['no containers sampled yet']
      : table(
          ['CONTAINER', 'STATE', 'HEALTH', 'RESTARTS', 'IMAGE'],
          v.containers.map(({ name, sample: { snapshot: s } }) => [name, s.state, s.health, String(s.restartCount), s.image]),
        )),
  );
  const open = v.incidents.filter((i) => i.recoveredAt === null);
  out.push('', open.length === 0 && v.outages.length === 0 ? 'no open incidents or outages' : 'OPEN INCIDENTS AND OUTAGES');
  for (const i of open) out.push(`  ${i.type} on ${i.container}, for ${since(i.startedAt, v.now)}${i.issueUrl === null ? '' : ` — ${i.issueUrl}`}`);
  for (const t of v.outages) out.push(`  outage of ${t.sample.container} (${t.type}), for ${since(t.firstSeen, v.now)}, ${t.total} errors${t.url === undefined ? ' — issue not filed yet' : ` — ${t.url}`}`);
  out.push('', `outbox: ${v.outbox.depth === 0 ? 'empty' : `${v.outbox.depth} operation${v.outbox.depth === 1 ? '' : 's'} waiting`}${v.outbox.lastError === null ? '' : ` (last error: ${v.outbox.lastError.slice(0, 120)})`}`);
  out.push('', v.issues.length === 0 ? 'no issues filed yet' : 'LAST ISSUES');
  for (const t of v.issues) out.push(`  #${t.issueNumber ?? '?'} ${t.status.padEnd(16)} ${t.sample.container}: ${t.type}, ${t.total}×, last ${since(t.lastSeen, v.now)} ago — ${t.url ?? ''}`);
  out.push('', v.silences.length === 0 ? 'no silences' : 'SILENCES');
  for (const s of v.silences) out.push(`  #${s.id} ${s.fingerprint}${s.issueNumber === null ? '' : ` (issue #${s.issueNumber})`} until ${s.until}${s.untilRate === null ? '' : ` or past ${s.untilRate}× ${s.rateAtMute}/h`}${s.reason === null ? '' : ` — ${s.reason}`}`);
  out.push('', v.maintenance.length === 0 ? 'no maintenance windows' : 'MAINTENANCE WINDOWS');
  for (const w of v.maintenance) {
    const open = Date.parse(w.startsAt) <= v.now.getTime();
    out.push(`  #${w.id} ${open ? 'open' : 'planned'} ${open ? '' : `from ${w.startsAt} `}until ${w.endsAt}: ${w.containers === null ? 'every container' : w.containers.join(', ')}${w.reason === null ? '' : ` — ${w.reason}`}`);
  }
  return `${out.join('\n')}\n`;
}
