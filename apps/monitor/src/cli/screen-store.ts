import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScreenStore } from '@safework/classifier';

/**
 * Rule screens kept as files in `dir`, one per set of rules, each stamped with the code that
 * wrote it (`identity`): a rebuilt classifier never loads a screen an older one analysed, and
 * overwrites it. Reading and writing fail quietly: the classifier builds the screen then.
 */
export function fileScreenStore(dir: string, identity: string): ScreenStore {
  const stamp = Buffer.from(identity);
  const file = (key: string): string => join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.screen`);
  return {
    load(key) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file(key));
      } catch {
        return undefined;
      }
      const length = bytes.length >= 4 ? bytes.readUInt32LE(0) : -1;
      if (length !== stamp.length || !bytes.subarray(4, 4 + length).equals(stamp)) return undefined;
      return bytes.subarray(4 + length);
    },
    save(key, bytes) {
      mkdirSync(dir, { recursive: true });
      const path = file(key);
      const head = Buffer.alloc(4);
      head.writeUInt32LE(stamp.length, 0);
      // Written whole under another name, then renamed: a reader never sees half a file.
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat([head, stamp, bytes]));
      renameSync(tmp, path);
    },
  };
}

/** What identifies the running code: this file's path, size and time (in the bundle, the bundle's). */
export function codeIdentity(file = __filename): string {
  const st = statSync(file);
  return `${file}\u0000${st.size}\u0000${st.mtimeMs}`;
}
