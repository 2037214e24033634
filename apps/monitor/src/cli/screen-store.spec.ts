import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeIdentity, fileScreenStore } from './screen-store';

describe('fileScreenStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'screens-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps one file per set of rules, read back only by the code that wrote it', () => {
    const store = fileScreenStore(join(dir, 'rule-screen'), 'build 1');
    expect(store.load('v1-aaaa')).toBeUndefined();
    store.save('v1-aaaa', Buffer.from('screen of build 1'));
    expect(Buffer.from(store.load('v1-aaaa') ?? []).toString()).toBe('screen of build 1');
    const rebuilt = fileScreenStore(join(dir, 'rule-screen'), 'build 2');
    expect(rebuilt.load('v1-aaaa')).toBeUndefined();
    rebuilt.save('v1-aaaa', Buffer.from('screen of build 2'));
    expect(readdirSync(join(dir, 'rule-screen'))).toHaveLength(1);
    expect(store.load('v1-aaaa')).toBeUndefined();
  });

  it('puts what it keeps at a multiple of 8 bytes in its file, whatever the stamp\'s length', () => {
    for (const identity of ['b', 'build 12', 'a longer build identity']) {
      const store = fileScreenStore(dir, identity);
      store.save('k', Buffer.from('payload'));
      const loaded = store.load('k') as Buffer;
      expect(loaded.toString()).toBe('payload');
      expect(loaded.byteOffset % 8).toBe(0);
    }
  });

  it('misses on a file that is not one of its own, and throws when it cannot write', () => {
    const store = fileScreenStore(dir, 'build 1');
    store.save('k', Buffer.from('x'));
    const [name] = readdirSync(dir);
    writeFileSync(join(dir, name as string), 'ab');
    expect(store.load('k')).toBeUndefined();
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect(() => fileScreenStore(join(file, 'sub'), 'build 1').save('k', Buffer.from('x'))).toThrow();
  });

  it('never loads the screen of another set of rules from a file of the same name', () => {
    // Names are a 64-bit hash of the key: a collision is simulated by copying one over the other.
    const store = fileScreenStore(dir, 'build 1');
    store.save('rules A', Buffer.from('screen A'));
    const [a] = readdirSync(dir);
    store.save('rules B', Buffer.from('screen B'));
    const b = readdirSync(dir).find((name) => name !== a) as string;
    copyFileSync(join(dir, a as string), join(dir, b));
    expect(store.load('rules B')).toBeUndefined();
    expect(Buffer.from(store.load('rules A') ?? []).toString()).toBe('screen A');
  });

  it('identifies code by its file, size and time', () => {
    const file = join(dir, 'bundle.js');
    writeFileSync(file, 'one');
    const before = codeIdentity(file);
    writeFileSync(file, 'three');
    expect(codeIdentity(file)).not.toBe(before);
  });
});
