import { Writable } from 'node:stream';
import pino from 'pino';
import { EventDetector, createClassifier } from '@safework/classifier';
import { DockerLogsError } from '@safework/docker-logs';
import { InMemoryIssuesApi, InMemoryReporterStore, IssueReporter, parseMarker } from '@safework/github-reporter';
import { InMemoryDeployStore, InMemoryMaintenanceStore, InMemoryMonitorStore, containerSampleOf } from '@safework/state-store';
import { DeployBook } from '../deploys/deploy-book';
import { MaintenanceGate } from '../maintenance/maintenance-gate';
import { InMemoryLogSource } from './in-memory-log-source';
import { Monitor } from './monitor';

const REDIS_TRACEBACK = [
  '2024-05-02 10:00:01,000 ERROR: [CRITICAL] redis_connection_error: Error 111 connecting to safework-redis:6379. Connection refused. password=hunter2',
  'Traceback (most recent call last):',
  '  File "/app/app.py", line 40, in submit_survey',
  '    r.incr("survey:count")',
  'redis.exceptions.ConnectionError: Error 111 connecting to safework-redis:6379. Connection refused.',
];

const BUG_TRACEBACK = [
  '2024-05-02 10:00:01,000 ERROR: Exception on /boom [GET]',
  'Traceback (most recent call last):',
  '  File "/app/app.py", line 90, in boom',
  '    return 1 / 0',
  'ZeroDivisionError: division by zero',
];

function setup(threshold: 'high' | 'medium' = 'high') {
  let now = Date.parse('2024-05-02T10:00:00Z');
  const clock = (): Date => new Date(now);
  const source = new InMemoryLogSource();
  const reporterStore = new InMemoryReporterStore();
  const api = new InMemoryIssuesApi({ now: () => now });
  const reporter = new IssueReporter({ api, store: reporterStore, clock, owner: 'safework', repo: 'safework', threshold, commentIntervalMs: 3_600_000, nonce: () => 'n', uncertainForMs: 1000 });
  const store = Object.assign(new InMemoryMonitorStore(), { outboxDepth: () => reporterStore.outboxDepth() });
  const windows = new InMemoryMaintenanceStore();
  const deploys = new InMemoryDeployStore();
  const errorLog: string[] = [];
  const logged: Array<{ msg?: string; level: number }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(JSON.parse(chunk.toString()) as { msg?: string; level: number });
      done();
    },
  });
  const monitorWith = (source: InMemoryLogSource): Monitor =>
    new Monitor({
    settings: { ERROR_SEVERITY_THRESHOLD: threshold, MONITORING_INTERVAL: 30, IP_MASKING: 'mask24', INCIDENT_CONTEXT_LINES: 5, OUTAGE_QUIET_SECONDS: 120, dockerEndpoint: '/var/run/docker.sock', dryRun: false },
    source,
    store,
    reporter,
    classifier: createClassifier(),
    logger: pino({ level: 'debug' }, sink),
    errorLog: { write: (text) => void errorLog.push(...text.trimEnd().split('\n')) },
    clock,
    quietMs: 1000,
    maintenance: new MaintenanceGate({ store: windows, refreshMs: 0 }),
    deploys: new DeployBook({ store: deploys, windowMs: 15 * 60_000 }),
  });
  const monitor = monitorWith(source);
  const settle = async (): Promise<void> => {
    // Drains run in the background: let them finish.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return { monitor, monitorWith, source, store, windows, deploys, api, reporterStore, errorLog, logged, settle, advance: (ms: number) => (now += ms), iso: () => new Date(now).toISOString() };
}

describe('Monitor (the pipeline with in-memory adapters and a fake clock)', () => {
  it('turns a Redis traceback into one counted, logged, scrubbed event and one issue', async () => {
    const t = setup();
    await t.monitor.start();
    t.source.write('safework-app', t.iso(), ...REDIS_TRACEBACK);
    // The traceback is still open: the checkpoint must stop short of its lines.
    expect(t.source.held.at(-1)).toEqual({ container: 'safework-app', stdout: 5, stderr: 0 });
    expect(t.errorLog).toEqual([]);
    t.advance(1500);
    t.monitor.flushQuiet();
    await t.settle();
    expect(t.errorLog).toHaveLength(1);
    const logged = JSON.parse(t.errorLog[0] ?? '{}') as { type: string; severity: string; message: string };
    expect([logged.type, logged.severity]).toEqual(['redis_connection', 'critical']);
    expect(t.errorLog[0]).not.toContain('hunter2');
    expect(t.store.errorTotals()).toEqual([{ hour: 'all', container: 'safework-app', type: 'redis_connection', severity: 'critical', count: 1 }]);
    expect(t.api.issues).toHaveLength(1);
    // An outage is filed about the dependency; the app that said it is evidence.
    expect(t.api.issues[0]?.labels).toEqual(['🚨 auto-error', 'bug', 'container-safework-redis', 'severity-critical', 'type-redis_connection']);
    expect(t.api.issues[0]?.body).toMatch(/Reported by|보고한 컨테이너/);
    expect(t.api.issues[0]?.body).not.toContain('hunter2');
    expect(parseMarker(t.api.issues[0]?.body)?.fingerprint).toMatch(/^v2-/);
  });

  it('files nothing during a maintenance window of the dependency, and nothing after it when the errors stopped', async () => {
    const t = setup();
    t.windows.startMaintenance({ startsAt: t.iso(), endsAt: new Date(Date.parse(t.iso()) + 30 * 60_000).toISOString(), containers: ['safework-redis'], reason: 'Redis 7.2 upgrade' });
    await t.monitor.start();
    t.source.write('safework-app', t.iso(), ...REDIS_TRACEBACK);
    t.advance(1500);
    t.monitor.flushQuiet();
    await t.settle();
    // Counted and logged, not filed.
    expect(t.errorLog).toHaveLength(1);
    expect(t.store.errorTotals()[0]?.count).toBe(1);
    expect(t.api.issues).toEqual([]);
    expect(t.monitor.status().maintenance).toEqual([{ reason: 'Redis 7.2 upgrade', until: '2024-05-02T10:30:00.000Z', containers: ['safework-redis'] }]);
    t.advance(31 * 60_000);
    t.monitor.flushQuiet();
    await t.monitor.tick();
    await t.settle();
    expect(t.api.issues).toEqual([]);
    expect(t.monitor.status().maintenance).toEqual([]);
  });

  it('files one issue, saying so, for errors that go on after a maintenance window ends', async () => {
    const t = setup();
    t.windows.startMaintenance({ startsAt: t.iso(), endsAt: new Date(Date.parse(t.iso()) + 30 * 60_000).toISOString(), containers: null, reason: 'MariaDB restart' });
    await t.monitor.start();
    for (let i = 0; i < 3; i++) {
      t.source.write('safework-app', t.iso(), ...BUG_TRACEBACK);
      t.advance(1500);
      t.monitor.flushQuiet();
    }
    await t.settle();
    expect(t.api.issues).toEqual([]);
    // Ended early from the CLI; the bug goes on.
    t.windows.endMaintenance(new Date(Date.parse(t.iso())));
    t.advance(1000);
    for (let i = 0; i < 2; i++) {
      t.source.write('safework-app', t.iso(), ...BUG_TRACEBACK);
      t.advance(1500);
      t.monitor.flushQuiet();
    }
    await t.settle();
    expect(t.api.issues).toHaveLength(1);
    expect(t.api.issues[0]?.body).toMatch(/유지보수 창\(2024-05-02T10:00:00.000Z – 2024-05-02T10:00:04.500Z, MariaDB restart\) 동안 3건 발생/);
    expect(t.store.errorTotals()[0]?.count).toBe(5);
  });

  it('records a deploy when a container runs another image: no issue for it, a line on the open issue it spans, a new problem right after it new-in-deploy', async () => {
    const t = setup();
    await t.monitor.start();
    const app = (imageId: string) => containerSampleOf({ name: 'safework-app', image: 'safework/app:latest', imageId });
    t.source.sample([app('sha256:' + 'a'.repeat(64))]);
    t.source.write('safework-app', t.iso(), ...BUG_TRACEBACK);
    t.advance(1500);
    t.monitor.flushQuiet();
    await t.settle();
    expect(t.api.issues).toHaveLength(1);
    t.advance(60_000);
    t.source.sample([app('sha256:' + 'b'.repeat(64))]);
    expect(t.deploys.deploys(new Date(0))).toEqual([{ container: 'safework-app', fromImage: 'safework/app:latest (aaaaaaaaaaaa)', toImage: 'safework/app:latest (bbbbbbbbbbbb)', at: t.iso() }]);
    await t.settle();
    expect(t.api.issues).toHaveLength(1);
    expect(t.api.issues[0]?.comments).toEqual([expect.stringMatching(/^🚀 이 이슈가 열려 있는 동안 `safework-app`이\(가\) 배포되었습니다: `safework\/app:latest \(aaaaaaaaaaaa\)` → `safework\/app:latest \(bbbbbbbbbbbb\)`/)]);
    t.advance(5 * 60_000);
    t.source.write('safework-app', t.iso(), ...REDIS_TRACEBACK);
    t.advance(1500);
    t.monitor.flushQuiet();
    await t.settle();
    expect(t.api.issues).toHaveLength(2);
    expect(t.api.issues[1]?.labels).toContain('new-in-deploy');
    expect(t.api.issues[1]?.body).toContain('`safework/app:latest (bbbbbbbbbbbb)`');
  });

  it('keeps counting into an issue the previous fingerprint scheme (v1) filed, and files no duplicate', async () => {
    // What the previous version filed for this line: the v1 fingerprint, typed as the app labelled it.
    const line = '2024-05-02 10:00:01,000 ERROR: [CRITICAL] database_connection_error: Error 111 connecting to safework-redis:6379. Connection refused.';
    const detector = new EventDetector(createClassifier());
    const [previous] = detector.push({ container: 'safework-app', stream: 'stdout' }, line, 0).concat(detector.flush());
    const v1 = previous?.aliases?.[0] ?? 'missing';
    const t = setup();
    await t.api.create({ owner: 'safework', repo: 'safework', title: 'old', body: `old issue\n<!-- safework-monitor fingerprint=${v1} nonce=n -->`, labels: ['🚨 auto-error'] });
    await t.monitor.start();
    t.source.write('safework-app', t.iso(), line);
    t.advance(1500);
    t.monitor.flushQuiet();
    await t.settle();
    expect(t.api.issues).toHaveLength(1);
    expect(t.reporterStore.getTracked(v1)?.total).toBe(1);
  });

  it('files one issue about the service for a bug every replica hits, reported by a replica; counts stay per container', async () => {
    const t = setup();
    for (const replica of ['safework_app_1', 'safework_app_2', 'safework_app_3']) t.source.services.set(replica, 'safework-app');
    await t.monitor.start();
    for (const replica of ['safework_app_1', 'safework_app_2', 'safework_app_3']) t.source.write(replica, t.iso(), ...BUG_TRACEBACK);
    t.advance(1500);
    t.monitor.flushQuiet();
    await t.settle();
    expect(t.api.issues).toHaveLength(1);
    expect(t.api.issues[0]?.labels).toContain('container-safework-app');
    expect(t.api.issues[0]?.title).toContain('[safework-app]');
    expect(t.api.issues[0]?.body).toMatch(/(?:Reported by|보고한 컨테이너) \| `safework_app_[123]`/);
    expect(t.reporterStore.listTracked().map((i) => i.total)).toEqual([3]);
    expect(t.store.errorTotals().map((r) => r.container).sort()).toEqual(['safework_app_1', 'safework_app_2', 'safework_app_3']);
    // A container that is its own service files its own issue.
    t.source.write('worker', t.iso(), ...BUG_TRACEBACK);
    t.advance(1500);
    t.monitor.flushQuiet();
    await t.settle();
    expect(t.api.issues.map((i) => i.labels.find((l) => l.startsWith('container-')))).toEqual(['container-safework-app', 'container-worker']);
  });

  it('counts and logs an event below the threshold, and files nothing', async () => {
    const t = setup('high');
    await t.monitor.start();
    t.source.write('safework-app', t.iso(), '2024-05-02 10:00:01,000 WARNING: [MEDIUM] survey_error: 설문 제출 실패 (POST /survey/submit)');
    t.source.end('safework-app');
    await t.settle();
    expect(t.errorLog).toHaveLength(1);
    expect(t.store.errorTotals().map((r) => r.severity)).toEqual(['medium']);
    expect(t.reporterStore.outboxDepth()).toBe(0);
    expect(t.api.issues).toEqual([]);
  });

  it('opens one crash-loop incident after three deaths, with the lead-up and the last reported error', async () => {
    const t = setup();
    await t.monitor.start();
    t.source.write('safework-app', t.iso(), ...BUG_TRACEBACK);
    t.source.end('safework-app');
    t.source.containerFacts.set('safework-app', { restartPolicy: 'always', restartPolicyMaxRetries: 0, restartCount: 3, running: false, oomKilled: false, health: 'none', startedAt: t.iso() });
    for (let i = 0; i < 4; i++) {
      t.advance(5_000);
      t.source.event({ container: 'safework-app', id: 'c1', action: 'die', time: t.iso(), exitCode: 3 });
      await t.settle();
    }
    const incident = t.api.issues.find((i) => i.labels.includes('type-container_crash_loop'));
    expect(t.api.issues.filter((i) => i.labels.includes('type-container_crash_loop'))).toHaveLength(1);
    expect(incident?.body).toContain('last error reported from safework-app before this');
    expect(incident?.body).toContain('ZeroDivisionError');
    expect(t.store.incidents().map((i) => [i.container, i.type, i.recoveredAt])).toEqual([['safework-app', 'container_crash_loop', null]]);
    expect(t.monitor.status().incidents).toBe(1);
  });

  it('folds a crash loop caused by a dependency outage into that outage: one issue', async () => {
    const t = setup();
    await t.monitor.start();
    t.source.containerFacts.set('safework-app', { restartPolicy: 'always', restartPolicyMaxRetries: 0, restartCount: 3, running: false, oomKilled: false, health: 'none', startedAt: t.iso() });
    for (let i = 0; i < 4; i++) {
      t.source.write('safework-app', t.iso(), ...REDIS_TRACEBACK);
      t.source.end('safework-app');
      t.advance(5_000);
      t.source.event({ container: 'safework-app', id: 'c1', action: 'die', time: t.iso(), exitCode: 3 });
      await t.settle();
    }
    expect(t.api.issues.map((i) => i.labels.filter((l) => l.startsWith('type-') || l.startsWith('container-')))).toEqual([['container-safework-redis', 'type-redis_connection']]);
    const [tracked] = t.reporterStore.listTracked();
    expect(tracked?.total).toBe(5);
    expect(t.store.incidents().map((i) => [i.container, i.type, i.fingerprint])).toEqual([['safework-app', 'container_crash_loop', tracked?.fingerprint]]);
  });

  it('closes an outage issue once the dependency serves again and its errors stopped, and reopens it on a recurrence', async () => {
    const t = setup();
    await t.monitor.start();
    t.source.sample([containerSampleOf({ name: 'safework-redis', image: 'redis:7', running: false, state: 'exited' }), containerSampleOf({ name: 'safework-app' })]);
    for (let i = 0; i < 3; i++) {
      t.source.write('safework-app', t.iso(), ...REDIS_TRACEBACK, `172.18.0.1 - - [02/May/2024:10:00:0${i} +0000] "POST /survey/submit HTTP/1.1" 503 31 "-" "curl"`);
      t.source.end('safework-app');
      t.advance(2_000);
    }
    await t.settle();
    const issue = t.api.issues[0];
    expect(t.api.issues).toHaveLength(1);
    // Up again but not yet quiet for OUTAGE_QUIET_SECONDS: still open.
    t.advance(60_000);
    t.source.sample([containerSampleOf({ name: 'safework-redis', image: 'redis:7', health: 'healthy' })]);
    await t.settle();
    expect(issue?.state).toBe('open');
    t.advance(61_000);
    t.source.sample([containerSampleOf({ name: 'safework-redis', image: 'redis:7', health: 'healthy' })]);
    await t.settle();
    expect([issue?.state, issue?.state_reason]).toEqual(['closed', 'completed']);
    expect(issue?.comments).toHaveLength(1);
    expect(issue?.comments[0]).toMatch(/safework-redis/);
    // The same outage again: the issue reopens, nothing new is filed.
    t.advance(60_000);
    t.source.write('safework-app', t.iso(), ...REDIS_TRACEBACK);
    t.source.end('safework-app');
    await t.settle();
    await t.settle();
    expect([issue?.state, issue?.state_reason]).toEqual(['open', 'reopened']);
    expect(t.api.issues).toHaveLength(1);
  });

  it('resolves an outage left open by a monitor that stopped in the middle of it', async () => {
    const t = setup();
    await t.monitor.start();
    t.source.write('safework-app', t.iso(), ...REDIS_TRACEBACK);
    t.source.end('safework-app');
    await t.settle();
    expect(t.api.issues[0]?.state).toBe('open');
    await t.monitor.stop(1000);
    const source = new InMemoryLogSource();
    const again = t.monitorWith(source);
    await again.start();
    t.advance(121_000);
    source.sample([containerSampleOf({ name: 'safework-redis', image: 'redis:7', health: 'healthy' })]);
    await t.settle();
    expect([t.api.issues[0]?.state, t.api.issues[0]?.state_reason]).toEqual(['closed', 'completed']);
  });

  it('files a container that died and will not be restarted as down, but not one the operator stopped', async () => {
    const t = setup();
    await t.monitor.start();
    const stopped = { restartPolicy: 'no', restartPolicyMaxRetries: 0, restartCount: 0, running: false, oomKilled: false, health: 'none', startedAt: t.iso() };
    t.source.containerFacts.set('safework-worker', stopped);
    t.source.event({ container: 'safework-worker', id: 'w1', action: 'kill', time: t.iso(), signal: 15 });
    t.source.event({ container: 'safework-worker', id: 'w1', action: 'die', time: t.iso(), exitCode: 143 });
    await t.settle();
    expect(t.api.issues).toEqual([]);
    t.advance(600_000);
    t.source.event({ container: 'safework-worker', id: 'w1', action: 'die', time: t.iso(), exitCode: 1 });
    await t.settle();
    expect(t.api.issues.map((i) => i.labels.find((l) => l.startsWith('type-')))).toEqual(['type-container_down']);
    expect(t.api.issues[0]?.title).toContain('exited with code 1 and will not be restarted');
  });

  it('opens an unhealthy incident after one interval unhealthy, and records the recovery', async () => {
    const t = setup();
    await t.monitor.start();
    t.source.sample([containerSampleOf({ name: 'safework-redis', health: 'unhealthy' })]);
    t.advance(31_000);
    t.source.sample([containerSampleOf({ name: 'safework-redis', health: 'unhealthy' })]);
    await t.settle();
    expect(t.api.issues.map((i) => i.labels.find((l) => l.startsWith('type-')))).toEqual(['type-container_unhealthy']);
    t.advance(10_000);
    t.source.sample([containerSampleOf({ name: 'safework-redis', health: 'healthy' })]);
    expect(t.store.incidents()[0]?.recoveredAt).toBe(t.iso());
    expect(t.store.containers().map((c) => [c.name, c.sample.snapshot.health])).toEqual([['safework-redis', 'healthy']]);
  });

  it('writes a heartbeat with what it follows, counts and failures; says a removed container could not be read', async () => {
    const t = setup();
    await t.monitor.start();
    t.source.write('safework-app', t.iso(), 'service starting');
    t.source.fail(new DockerLogsError('DLG_ERR_GONE', 'safework-old was removed before its last lines could be read', { container: 'safework-old' }));
    t.advance(30_000);
    await t.monitor.tick();
    const beat = t.store.heartbeat('monitor');
    expect(beat?.at).toBe(t.iso());
    expect(beat?.status).toMatchObject({ state: 'running', dockerConnected: true, following: ['safework-app'], events: 0, errors: { DLG_ERR_GONE: 1 }, ingestLagSeconds: { 'safework-app/stdout': 30 } });
    expect(t.errorLog.map((l) => (JSON.parse(l) as { notice?: string; container?: string }))).toEqual([expect.objectContaining({ notice: 'DLG_ERR_GONE', container: 'safework-old' })]);
    await t.monitor.stop(1000);
    expect(t.store.heartbeat('monitor')?.status.state).toBe('stopped');
  });
});
