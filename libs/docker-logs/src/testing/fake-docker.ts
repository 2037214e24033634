import type Dockerode from 'dockerode';
import { PassThrough } from 'node:stream';

/** One container of the fake engine. */
export interface FakeContainer {
  readonly id: string;
  readonly name: string;
  running: boolean;
  /** Lines already written, as [stream, RFC 3339 time, text]. */
  readonly lines: Array<['stdout' | 'stderr', string, string]>;
  /** When set, `inspect` fails with this HTTP status. */
  inspectFails?: number;
}

/** Docker's multiplexed frame of one log line with its timestamp. */
export function frame(stream: 'stdout' | 'stderr', time: string, text: string): Buffer {
  const payload = Buffer.from(`${time} ${text}\n`);
  const header = Buffer.alloc(8);
  header[0] = stream === 'stdout' ? 1 : 2;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/**
 * The few Engine API calls docker-logs makes, in memory, for unit tests of its error paths
 * (the integration suites run the real engine). `events` is the open `/events` stream.
 */
export class FakeDocker {
  readonly containers = new Map<string, FakeContainer>();
  events: PassThrough | undefined;
  /** Open follow streams by container id. */
  readonly follows = new Map<string, PassThrough>();
  unreachable = false;

  add(container: Omit<FakeContainer, 'lines'> & { lines?: FakeContainer['lines'] }): FakeContainer {
    const c = { lines: [], ...container };
    this.containers.set(c.id, c);
    return c;
  }

  asDockerode(): Dockerode {
    return this as unknown as Dockerode;
  }

  getEvents(): Promise<PassThrough> {
    if (this.unreachable) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' }));
    this.events = new PassThrough();
    return Promise.resolve(this.events);
  }

  listContainers(): Promise<Array<{ Id: string; Names: string[]; Labels: Record<string, string> }>> {
    if (this.unreachable) return Promise.reject(new Error('connect ECONNREFUSED'));
    return Promise.resolve([...this.containers.values()].map((c) => ({ Id: c.id, Names: [`/${c.name}`], Labels: {} })));
  }

  getContainer(id: string): unknown {
    const c = this.containers.get(id);
    const missing = (): Promise<never> => Promise.reject(Object.assign(new Error('no such container'), { statusCode: 404 }));
    return {
      inspect: () => {
        if (c === undefined) return missing();
        if (c.inspectFails !== undefined) return Promise.reject(Object.assign(new Error(`inspect failed (${c.inspectFails})`), { statusCode: c.inspectFails }));
        return Promise.resolve({
          Id: c.id,
          Name: `/${c.name}`,
          Config: { Tty: false, Image: 'img', Labels: {} },
          State: { Running: c.running, Status: c.running ? 'running' : 'exited', StartedAt: '2024-05-02T10:00:00Z', FinishedAt: '0001-01-01T00:00:00Z', ExitCode: 0, OOMKilled: false },
          RestartCount: 0,
          HostConfig: { RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, Memory: 0, NanoCpus: 0 },
          Image: 'sha256:img',
        });
      },
      logs: (options: { follow?: boolean }) => {
        if (c === undefined) return missing();
        const bytes = Buffer.concat(c.lines.map(([stream, time, text]) => frame(stream, time, text)));
        if (options.follow !== true) return Promise.resolve(bytes);
        const stream = new PassThrough();
        stream.write(bytes);
        this.follows.set(c.id, stream);
        return Promise.resolve(stream);
      },
      stats: () => Promise.resolve({}),
    };
  }
}
