import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ConfirmTables, LiteralKind } from './confirm-tables';

/** A compiled literal set, owned by the addon. */
export type NativeDatabase = { readonly __brand: 'NativeDatabase' };

/** The addon's functions (native/literal_scan.c). */
export interface LiteralScanBinding {
  /**
   * Compiles literals; `caseless[i]` folds ASCII case; `kinds[i]` says what a hit of it needs
   * (`LiteralKind`); `confirm` gives the clause sets that literals of kind `Confirm` need: at a
   * hit, the line is searched for one of their strings (without it, their hits are all reported).
   */
  compile(literals: readonly string[], caseless: readonly boolean[], kinds: readonly LiteralKind[], confirm?: ConfirmTables): NativeDatabase;
  /**
   * Scans `buf[0, end)`: writes (offset of the hit's last byte, literal index) pairs to `out`
   * and returns how many numbers it wrote, or -1 when `out` was too small. A free or confirmed
   * literal's line gives one pair; a `Report` literal's hits are all there.
   */
  scan(db: NativeDatabase, buf: Buffer, end: number, out: Uint32Array): number;
  /**
   * `scan` on libuv's thread pool while the caller goes on: `done` gets its result (-2 when
   * Vectorscan failed). `buf` and `out` must be left alone until then; one at a time per
   * database (`LSC_ERR_BUSY`).
   */
  scanAsync(db: NativeDatabase, buf: Buffer, end: number, out: Uint32Array, done: (n: number) => void): void;
  /**
   * Writes to `out` the start of every line of `buf[0, end)` that ends with a newline; returns
   * how many, or minus that when `out` holds fewer.
   */
  lineStarts(buf: Buffer, end: number, out: Uint32Array): number;
  /** `out[i]`: occurrences of `literals[i]` (UTF-8) in `text` that do not overlap, at most `cap`. */
  countLiterals(text: Buffer, literals: readonly string[], cap: number, out: Uint32Array): void;
  /**
   * A buffer of `size` bytes (whole pages) whose memory is its own until `mapWindow` maps a
   * file's bytes over part of it (file-windows.ts).
   */
  fileRegion(size: number): Buffer;
  /**
   * Maps bytes [offset, offset + length) of the file open on `fd` at byte `at` of a region (`at`
   * and `offset` in whole pages), over what was there; 0, or the errno of a failure.
   */
  mapWindow(region: Buffer, at: number, fd: number, offset: number, length: number): number;
  /** Whether a mapped window was found cut short (its file shrank, SIGBUS) since last asked: NULs stand where the file ended. */
  windowsCut(): boolean;
  /** The descriptor's offset (-1 for a pipe); with `to`, moved there first. */
  filePosition(fd: number, to?: number): number;
  serialize(db: NativeDatabase): Buffer;
  /** A serialized database, with the kinds and tables it was compiled with. */
  deserialize(bytes: Buffer, kinds: readonly LiteralKind[], confirm?: ConfirmTables): NativeDatabase;
  version(): string;
}

/** The addon, or why it is not there. */
export type BindingLoad = { readonly binding: LiteralScanBinding } | { readonly reason: string };

const FILE = 'literal_scan.node';

/**
 * Loads the addon built by `native/build.mjs`: beside the running bundle (the monitor's build
 * copies it there), else in this lib's `native/build/`. `LITERAL_SCAN_ADDON` names another
 * file, or `off` to do without.
 */
export function loadLiteralScan(env: NodeJS.ProcessEnv = process.env): BindingLoad {
  const wanted = env['LITERAL_SCAN_ADDON'];
  if (wanted === 'off') return { reason: 'LITERAL_SCAN_ADDON=off' };
  const candidates = wanted !== undefined && wanted !== '' ? [wanted] : [join(__dirname, FILE), join(__dirname, '..', 'native', 'build', FILE)];
  const path = candidates.find((p) => existsSync(p));
  if (path === undefined) return { reason: `${FILE} is not built (npx nx build literal-scan; needs libvectorscan-dev)` };
  try {
    return { binding: createRequire(__filename)(path) as LiteralScanBinding };
  } catch (error) {
    return { reason: `${path} did not load: ${(error as Error).message}` };
  }
}
