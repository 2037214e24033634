import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real `redis-server` (Debian's) on a unix socket in a temp directory, no persistence. */
export class RedisServer {
  readonly socket: string;
  readonly #dir: string;
  #child: ChildProcess | undefined;

  constructor() {
    this.#dir = mkdtempSync(join(tmpdir(), 'redis-'));
    this.socket = join(this.#dir, 'redis.sock');
  }

  get url(): string {
    return this.socket;
  }

  async start(): Promise<void> {
    this.#child = spawn('redis-server', ['--port', '0', '--unixsocket', this.socket, '--save', '', '--appendonly', 'no', '--dir', this.#dir], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(this.socket); i++) await new Promise((r) => setTimeout(r, 50));
    if (!existsSync(this.socket)) throw new Error('redis-server did not start');
  }

  /** Stops it (SIGKILL: as a crash), keeping the directory for a restart. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    rmSync(this.socket, { force: true });
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
