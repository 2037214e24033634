import { containerSampleOf } from '@safework/state-store';
import { OutageBook } from './outage-book';
import { ServiceDirectory } from './service-directory';

const snapshots = (redis: { running?: boolean; health?: 'healthy' | 'unhealthy' | 'none' | 'starting' } = {}) => [
  containerSampleOf({ name: 'safework-redis', image: 'redis:7', labels: { 'com.docker.compose.service': 'redis' }, aliases: ['cache'], ...redis }).snapshot,
  containerSampleOf({ name: 'safework-app', image: 'safework/app:1.4' }).snapshot,
];

function setup() {
  const directory = new ServiceDirectory();
  directory.update(snapshots());
  return { directory, book: new OutageBook(directory, { quietMs: 120_000 }) };
}

describe('OutageBook', () => {
  it('knows a dependency by its container name, Compose service and network aliases', () => {
    const { directory } = setup();
    expect(['safework-redis', 'redis', 'CACHE', 'elsewhere'].map((h) => directory.containerOf(h))).toEqual(['safework-redis', 'safework-redis', 'safework-redis', undefined]);
    expect([directory.kindOf('safework-redis'), directory.kindOf('safework-app')]).toEqual(['redis', undefined]);
  });

  it('knows what a rules file declares: a host for a followed container, and a service outside', () => {
    const directory = new ServiceDirectory([
      { host: 'db.prod.internal', kind: 'mysql' },
      { host: 'kv', kind: 'redis', container: 'safework-app' },
    ]);
    directory.update(snapshots());
    expect([directory.containerOf('db.prod.internal'), directory.kindOf('db.prod.internal'), directory.serving('db.prod.internal')]).toEqual(['db.prod.internal', 'mysql', 'up']);
    expect([directory.containerOf('KV'), directory.kindOf('safework-app')]).toEqual(['safework-app', 'redis']);
  });

  it('files failures, the dependency\'s death and the symptoms of its dependants under one key, and recovers once it serves and is quiet', () => {
    const { directory, book } = setup();
    const a = book.failure('v2-aa', 'cache', { type: 'redis_connection', container: 'safework-app', request: { method: 'POST', url: '/survey/submit?x=1' } }, 0);
    expect(a).toEqual({ fingerprint: 'v2-aa', subject: 'safework-redis' });
    directory.update(snapshots({ running: false }));
    expect(book.incident('safework-redis', 'container_oom', 'v1-own', 1_000)).toEqual(a);
    expect(book.incident('safework-app', 'container_unhealthy', 'v1-app', 2_000)).toEqual(a);
    // Still down: no recovery, however quiet.
    expect(book.recoveries(500_000)).toEqual([]);
    directory.update(snapshots({ health: 'healthy' }));
    expect(book.recoveries(2_000 + 119_000)).toEqual([]);
    const [over] = book.recoveries(2_000 + 120_000);
    expect(over?.fingerprint).toBe('v2-aa');
    expect(over?.recovery).toMatchObject({
      dependency: 'safework-redis',
      downAt: new Date(1_000).toISOString(),
      errors: 3,
      failedRequests: 1,
      byType: { redis_connection: 1, container_oom: 1, container_unhealthy: 1 },
      containers: ['safework-app', 'safework-redis'],
      routes: ['POST /survey/submit'],
    });
    expect(book.open).toEqual([]);
  });

  it('keys the death of a dependency nobody reported yet like the failures that will follow it', () => {
    const { book } = setup();
    const death = book.incident('safework-redis', 'container_oom', 'v1-own', 0);
    const failure = book.failure(death.fingerprint, 'safework-redis', { type: 'redis_connection', container: 'safework-app' }, 1_000);
    expect(death.fingerprint).toMatch(/^v2-/);
    expect(failure).toEqual(death);
    expect(book.open).toHaveLength(1);
  });

  it('gives a container incident with no dependency to blame an outage of its own', () => {
    const { book } = setup();
    book.failure('v2-aa', 'safework-redis', { type: 'redis_connection', container: 'safework-worker' }, 0);
    expect(book.incident('safework-app', 'container_unhealthy', 'v1-app', 1_000)).toEqual({ fingerprint: 'v1-app', subject: 'safework-app' });
  });

  it('counts a symptom only while the failure it reported is recent', () => {
    const { book } = setup();
    book.failure('v2-aa', 'safework-redis', { type: 'redis_connection', container: 'safework-app' }, 0);
    expect(book.incident('safework-app', 'container_crash_loop', 'v1-loop', 11 * 60_000).fingerprint).toBe('v1-loop');
  });

  it('takes back an outage still open from before a restart and resolves it once its dependency serves and is quiet', () => {
    const { directory, book } = setup();
    directory.update(snapshots({ running: false }));
    book.adopt('v2-aa', 'redis', '2024-05-02T09:00:00.000Z', 0);
    expect(book.recoveries(200_000)).toEqual([]);
    directory.update(snapshots({ health: 'healthy' }));
    expect(book.recoveries(200_000).map((r) => [r.fingerprint, r.recovery.dependency, r.recovery.firstError])).toEqual([['v2-aa', 'redis', '2024-05-02T09:00:00.000Z']]);
  });
});
