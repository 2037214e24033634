import { containerSampleOf } from '@safework/state-store';
import type { TrackedIssue } from '@safework/github-reporter';
import { renderStatus, type StatusView } from './status-screen';

const now = new Date('2024-05-02T10:30:00Z');
const tracked = (over: Partial<TrackedIssue>): TrackedIssue => ({
  fingerprint: 'v2-00000000000000aa',
  container: 'safework-app',
  type: 'application_error',
  severity: 'high',
  status: 'open',
  firstSeen: '2024-05-02T10:00:00Z',
  lastSeen: '2024-05-02T10:29:00Z',
  total: 12,
  sinceComment: 0,
  hours: {},
  sample: { type: 'application_error', severity: 'high', fingerprint: 'v2-00000000000000aa', container: 'safework-app', message: 'KeyError' },
  ...over,
});
const base: StatusView = {
  now,
  heartbeat: { at: '2024-05-02T10:29:58Z', status: { state: 'running', dockerConnected: true, following: [], outboxDepth: 0, lastReporterError: null, dryRun: false, filingHeld: null, sharedState: null, maintenance: [], events: 3, incidents: 0, ingestLagSeconds: {}, errors: {} } },
  alive: { ok: true, detail: 'heartbeat 2 s ago' },
  filing: 'files to safework/safework',
  containers: [],
  incidents: [],
  outages: [],
  outbox: { depth: 0, lastError: null },
  issues: [],
  silences: [],
  maintenance: [],
};

describe('renderStatus', () => {
  it('says plainly that nothing is going on', () => {
    expect(renderStatus(base)).toBe(
      [
        'SafeWork Monitor: running; files to safework/safework',
        '',
        'no containers sampled yet',
        '',
        'no open incidents or outages',
        '',
        'outbox: empty',
        '',
        'no issues filed yet',
        '',
        'no silences',
        '',
        'no maintenance windows',
        '',
      ].join('\n'),
    );
  });

  it('lists containers in aligned columns, what is open, the outbox, issues with links, silences and windows', () => {
    const screen = renderStatus({
      ...base,
      alive: { ok: false, detail: 'last heartbeat 600 s ago' },
      containers: [
        { name: 'safework-app', sample: containerSampleOf({ name: 'safework-app', image: 'safework/app:2.3', health: 'healthy', restartCount: 2 }) },
        { name: 'safework-mysql', sample: containerSampleOf({ name: 'safework-mysql', image: 'mariadb:11', state: 'exited', running: false, health: 'none' }) },
      ],
      incidents: [{ id: 1, container: 'safework-mysql', type: 'container_down', fingerprint: 'v2-00000000000000bb', message: 'exited', startedAt: '2024-05-02T10:20:00Z', recoveredAt: null, issueNumber: 4, issueUrl: 'https://github.com/safework/safework/issues/4' }],
      outbox: { depth: 2, lastError: 'create failed (502)' },
      issues: [tracked({ issueNumber: 4, url: 'https://github.com/safework/safework/issues/4' })],
      silences: [{ id: 1, fingerprint: 'v2-00000000000000cc', issueNumber: 3, createdAt: '', until: '2024-05-09T10:00:00Z', untilRate: 10, rateAtMute: 2, reason: 'known', liftedAt: null, liftReason: null }],
      maintenance: [{ id: 2, startsAt: '2024-05-02T10:15:00Z', endsAt: '2024-05-02T11:00:00Z', containers: ['safework-mysql'], reason: 'MariaDB 11' }],
    });
    expect(screen).toContain('SafeWork Monitor: running (last heartbeat 600 s ago); files to safework/safework');
    expect(screen).toContain('CONTAINER        STATE     HEALTH    RESTARTS   IMAGE\nsafework-app     running   healthy   2          safework/app:2.3\nsafework-mysql   exited    none      0          mariadb:11');
    expect(screen).toContain('  container_down on safework-mysql, for 10 min — https://github.com/safework/safework/issues/4');
    expect(screen).toContain('outbox: 2 operations waiting (last error: create failed (502))');
    expect(screen).toContain('  #4 open             safework-app: application_error, 12×, last 60 s ago — https://github.com/safework/safework/issues/4');
    expect(screen).toContain('  #1 v2-00000000000000cc (issue #3) until 2024-05-09T10:00:00Z or past 10× 2/h — known');
    expect(screen).toContain('  #2 open until 2024-05-02T11:00:00Z: safework-mysql — MariaDB 11');
  });
});
