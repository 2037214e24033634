import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySilenceStore, type NewSilence, type SilenceStore } from '@safework/github-reporter';
import { SqliteStateStore } from '../sqlite-state-store';
import { SqliteSilenceStore } from './sqlite-silence-store';

const silence = (fingerprint: string): NewSilence => ({ fingerprint, issueNumber: 7, createdAt: '2024-05-02T10:00:00.000Z', until: '2024-05-09T10:00:00.000Z', untilRate: 10, rateAtMute: 4, reason: 'known, fix in review' });

const adapters: Array<[string, () => { writer: SilenceStore; reader: SilenceStore; close: () => void }]> = [
  [
    'SQLite, two connections to one file (the CLI and the monitor)',
    () => {
      const path = join(mkdtempSync(join(tmpdir(), 'silences-')), 'state.db');
      const [cli, monitor] = [SqliteStateStore.open(path), SqliteStateStore.open(path)];
      return { writer: new SqliteSilenceStore(cli.database), reader: new SqliteSilenceStore(monitor.database), close: () => (cli.close(), monitor.close()) };
    },
  ],
  [
    'in memory',
    () => {
      const store = new InMemorySilenceStore();
      return { writer: store, reader: store, close: () => undefined };
    },
  ],
];

describe.each(adapters)('SilenceStore: %s', (_name, make) => {
  it('hands a silence from one side to the other, and lifts it once', () => {
    const { writer, reader, close } = make();
    try {
      const a = writer.addSilence(silence('v2-00000000000000aa'));
      writer.addSilence(silence('v2-00000000000000bb'));
      expect(reader.activeSilences().map((s) => s.fingerprint)).toEqual(['v2-00000000000000aa', 'v2-00000000000000bb']);
      expect(reader.activeSilences()[0]).toEqual({ ...silence('v2-00000000000000aa'), id: a.id, liftedAt: null, liftReason: null });
      expect(reader.liftSilence(a.id, '2024-05-03T00:00:00.000Z', 'rate')).toBe(true);
      expect(writer.liftSilence(a.id, '2024-05-03T00:00:01.000Z', 'expired')).toBe(false);
      expect(writer.activeSilences().map((s) => s.fingerprint)).toEqual(['v2-00000000000000bb']);
      expect(writer.recentSilences(5).map((s) => [s.fingerprint, s.liftReason])).toEqual([
        ['v2-00000000000000bb', null],
        ['v2-00000000000000aa', 'rate'],
      ]);
    } finally {
      close();
    }
  });
});
