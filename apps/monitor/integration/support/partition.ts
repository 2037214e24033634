import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';

/**
 * A unix-socket relay between one monitor and Redis that a test can cut and heal: while cut,
 * every connection is dropped and new ones are refused, as behind a network partition.
 */
export class Partition {
  readonly socket: string;
  readonly #target: string;
  readonly #open = new Set<Socket>();
  #server: Server | undefined;

  constructor(socket: string, target: string) {
    this.socket = socket;
    this.#target = target;
  }

  /** Relays (again). */
  async heal(): Promise<void> {
    if (this.#server !== undefined) return;
    rmSync(this.socket, { force: true });
    const server = createServer((client) => {
      const upstream = createConnection(this.#target);
      for (const s of [client, upstream]) {
        this.#open.add(s);
        s.on('close', () => this.#open.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(this.socket, resolve));
  }

  /** Drops every connection and refuses new ones. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#open) s.destroy();
    if (server !== undefined) await new Promise((r) => server.close(r));
    rmSync(this.socket, { force: true });
  }
}
