/*
 * A reporting process for the crash test: observes `count` events over `fingerprints`
 * fingerprints (a burst) and drains them to the fake until done. Run again after a kill, it
 * finds the events already in its store and only drains.
 * usage: reporter-process.ts <state.db> <fake url> <fingerprints> <count>
 */
import { SqliteStateStore } from '@safework/state-store';
import { drainAll, eventOf, reporterFor } from './reporting';

async function main(): Promise<void> {
  const [db = '', url = '', fps = '10', count = '100'] = process.argv.slice(2);
  const store = SqliteStateStore.open(db);
  const reporter = reporterFor(url, store);
  if (store.getTracked(eventOf(0).fingerprint) === undefined) {
    store.transaction(() => {
      for (let i = 0; i < Number(count); i++) reporter.observe(eventOf(i % Number(fps), i));
    });
  }
  await drainAll(reporter, store, 120_000);
  process.stdout.write('drained\n');
  store.close();
}

void main();
