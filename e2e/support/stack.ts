import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The workspace root and the e2e directory. */
export const ROOT = join(__dirname, '../..');
export const E2E_DIR = join(ROOT, 'e2e');
/** The local Debian image the stack runs on (built by e2e/images/build-base-image.sh). */
export const E2E_IMAGE = 'safework-e2e/bookworm:3';
export const APP_PORT = 14545;

/** Builds the stack image unless it is present (mmdebstrap + docker import; ~1-3 min). */
export function ensureStackImage(): void {
  const r = spawnSync(join(E2E_DIR, 'images/build-base-image.sh'), [E2E_IMAGE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`building ${E2E_IMAGE} failed:\n${r.stdout}\n${r.stderr}`);
  process.stdout.write(r.stdout);
}

/** A Compose project in a scratch directory: its `.env`, the base file plus the e2e override. */
export class ComposeProject {
  readonly dir: string;
  constructor(
    readonly name: string,
    env: Record<string, string>,
    readonly files: readonly string[] = [join(ROOT, 'docker-compose.yml'), join(E2E_DIR, 'stack/docker-compose.e2e.yml')],
  ) {
    this.dir = mkdtempSync(join(tmpdir(), `${name}-`));
    mkdirSync(join(this.dir, 'logs'));
    // The compose file's token secret: empty, a dry run, unless a test writes a token.
    mkdirSync(join(this.dir, 'secrets'));
    writeFileSync(join(this.dir, 'secrets/github_token'), '', { mode: 0o644 });
    writeFileSync(join(this.dir, '.env'), Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  }

  /**
   * Runs docker-compose; throws with its output when it fails. Asynchronous on purpose: the
   * GitHub fake answers from the test's own event loop, which a synchronous spawn would stall.
   */
  async run(...args: string[]): Promise<string> {
    const r = await this.try(...args);
    if (r.status !== 0) throw new Error(`docker-compose ${args.join(' ')} failed (${r.status}):\n${r.output}`);
    return r.output;
  }

  try(...args: string[]): Promise<{ status: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn('docker-compose', this.#args(args), { cwd: this.dir, env: { ...process.env, E2E_DIR, E2E_IMAGE }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.once('close', (status) => resolve({ status, output }));
    });
  }

  #args(args: readonly string[]): string[] {
    return ['-p', this.name, '--project-directory', this.dir, ...this.files.flatMap((f) => ['-f', f]), ...args];
  }

  /** Synchronous, for set-up and tear-down when nothing else runs. */
  down(): void {
    spawnSync('docker-compose', this.#args(['down', '-v', '--remove-orphans', '-t', '2']), { cwd: this.dir, env: { ...process.env, E2E_DIR, E2E_IMAGE } });
  }
}

/** Runs a command asynchronously (see ComposeProject.run); resolves with its exit code and output. */
export function run(command: string, args: readonly string[], cwd = ROOT): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('close', (status) => resolve({ status, output }));
  });
}

/** `docker inspect` of one field (Go template); undefined when the container does not exist. */
export function inspect(container: string, format: string): string | undefined {
  const r = spawnSync('docker', ['inspect', '-f', format, container], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Polls an async check until it yields a value (not undefined/false) or the time is up. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A long-running process whose output the test can read. */
export interface Running {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}

export function startProcess(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): Running {
  let out = '';
  const child = spawn(command, args, { cwd: options.cwd, env: { PATH: process.env['PATH'] ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  // 'close', not 'exit': the output is complete by then.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** The SafeWork app, as its users call it. */
export const app = {
  async submit(name = '김민수'): Promise<number> {
    const res = await fetch(`http://127.0.0.1:${APP_PORT}/survey/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, answers: { q1: 'yes', q2: 3 } }),
      signal: AbortSignal.timeout(15_000),
    });
    await res.arrayBuffer();
    return res.status;
  },
  async get(path: string): Promise<number> {
    const res = await fetch(`http://127.0.0.1:${APP_PORT}${path}`, { signal: AbortSignal.timeout(15_000) });
    await res.arrayBuffer();
    return res.status;
  },
};
