import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash64, type ScreenStore } from '@safework/classifier';

/** Where a file's payload starts after a stamp of `length` bytes: a multiple of 8, so its tables are read in place. */
const payloadAt = (length: number): number => (4 + length + 7) & ~7;

/**
 * Rule screens kept as files in `dir`, one per set of rules, each stamped with the code that
 * wrote it (`identity`): a rebuilt classifier never loads a screen an older one analysed, and
 * overwrites it. Reading and writing fail quietly: the classifier builds the screen then. A
 * file is named by a 64-bit hash of its key, and its stamp holds the key too: a collision
 * analyses again, never loads another rule set's screen (`node:crypto` cost 3.5 ms to load).
 */
export function fileScreenStore(dir: string, identity: string): ScreenStore {
  const file = (key: string): string => join(dir, `${hash64(key)}.screen`);
  const stampOf = (key: string): Buffer => Buffer.from(`${identity}\u0000${key}`);
  return {
    load(key) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file(key));
      } catch {
        return undefined;
      }
      const stamp = stampOf(key);
      const length = bytes.length >= 4 ? bytes.readUInt32LE(0) : -1;
      if (length !== stamp.length || !bytes.subarray(4, 4 + length).equals(stamp)) return undefined;
      return bytes.subarray(payloadAt(length));
    },
    save(key, bytes) {
      mkdirSync(dir, { recursive: true });
      const path = file(key);
      const stamp = stampOf(key);
      const head = Buffer.alloc(payloadAt(stamp.length) - stamp.length);
      head.writeUInt32LE(stamp.length, 0);
      // Written whole under another name, then renamed: a reader never sees half a file.
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat([head.subarray(0, 4), stamp, head.subarray(4), bytes]));
      renameSync(tmp, path);
    },
  };
}

/** What identifies the running code: this file's path, size and time (in the bundle, the bundle's). */
export function codeIdentity(file = __filename): string {
  const st = statSync(file);
  return `${file}\u0000${st.size}\u0000${st.mtimeMs}`;
}
