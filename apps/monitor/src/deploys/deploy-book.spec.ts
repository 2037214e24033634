import { InMemoryDeployStore } from '@safework/state-store';
import { DeployBook } from './deploy-book';

const A = 'sha256:aaaaaaaaaaaa0000';
const B = 'sha256:bbbbbbbbbbbb0000';
const at = (s: number): Date => new Date(Date.parse('2024-05-02T10:00:00Z') + s * 1000);
const app = (imageId: string, startedSecond: number) => ({ name: 'safework-app', image: 'safework/app:latest', imageId, startedAt: at(startedSecond).toISOString() });

describe('DeployBook', () => {
  it('tells a deploy and a rollback, and not a late sample of the container a deploy replaced', () => {
    const store = new InMemoryDeployStore();
    const book = new DeployBook({ store, windowMs: 900_000, baseline: [{ name: 'safework-app', image: 'safework/app:latest', imageId: A }] });
    expect(book.observe([app(A, 0)], at(5))).toEqual([]); // a sample of what ran before
    expect(book.observe([app(B, 10)], at(10))).toEqual([{ container: 'safework-app', fromImage: 'safework/app:latest (aaaaaaaaaaaa)', toImage: 'safework/app:latest (bbbbbbbbbbbb)', at: at(10).toISOString() }]);
    // A sample read just before the old container was replaced, arriving after the new one started.
    expect(book.observe([app(A, 0)], at(11))).toEqual([]);
    const event = { type: 'application_error', severity: 'high', fingerprint: 'f', container: 'safework-app', message: 'm' } as const;
    // Within the window the event names the deploy it follows; past it, only the image.
    expect(book.decorate(event, at(12))).toMatchObject({ imageId: B, image: 'safework/app:latest (bbbbbbbbbbbb)', deploy: { toImage: 'safework/app:latest (bbbbbbbbbbbb)' } });
    expect(book.decorate(event, at(10 + 901))).not.toHaveProperty('deploy');
    expect(book.decorate(event, at(10 + 901))).toMatchObject({ imageId: B });
    expect(event).not.toHaveProperty('image');
    // A restart of the same container is no deploy; a rollback (a container started later) is.
    expect(book.observe([app(B, 20)], at(20))).toEqual([]);
    expect(book.observe([app(A, 30)], at(30))).toEqual([expect.objectContaining({ fromImage: 'safework/app:latest (bbbbbbbbbbbb)', toImage: 'safework/app:latest (aaaaaaaaaaaa)' })]);
    expect(store.deploys(at(0))).toHaveLength(2);
  });

  it('counts a deploy while the monitor was down, from its stored samples', () => {
    const book = new DeployBook({ store: new InMemoryDeployStore(), windowMs: 900_000, baseline: [{ name: 'safework-app', image: 'safework/app:latest', imageId: A }] });
    expect(book.observe([app(B, 0)], at(1))).toHaveLength(1);
  });
});
