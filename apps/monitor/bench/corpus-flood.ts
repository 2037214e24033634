import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeContainers, uniqueName, waitFor } from '@safework/docker-logs/testing';
import { GitHubFake } from '@safework/github-fake';
import { peakRssMb, root } from './bench-support';
import { ensureCorpus, type CorpusName } from './corpora';
import { engineFloorLagMs, startMonitor, startWriter, stopMonitor } from './monitor-runs';

/**
 * The flood on logs the monitor was not tuned for: a container prints a classifier corpus
 * (`noisy`: long lines, Korean text, ANSI colour, 1 % events over thousands of fingerprints;
 * `failing`: 5 % long tracebacks), then a last event. Ingest lag is from when the container
 * printed that last line to when the monitor's errors log holds it; peak RSS over the run.
 */
export async function corpusFlood(corpus: CorpusName): Promise<{ lagMs: number; rssMb: number; linesPerS: number }> {
  const fake = new GitHubFake();
  await fake.start();
  const name = uniqueName(`bench-${corpus}`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-monitor-'));
  const file = ensureCorpus(corpus, join(root, `bench/corpus/${corpus}-1000000.log`), 1_000_000);
  const monitor = startMonitor(fake, name, dir);
  const lines = Number(execFileSync('wc', ['-l', file.path], { encoding: 'utf8' }).trim().split(' ')[0]);
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const start = Date.now();
    const done = '2024-05-02 10:00:01,000 ERROR: [CRITICAL] application_error: corpus-flood-done';
    const writer = startWriter(name, `cat /corpus.log; echo "${done}"`, ['-v', `${file.path}:/corpus.log:ro`]);
    const errorsLog = join(dir, 'logs/safework-errors.log');
    const logged = (): boolean => {
      try {
        const size = statSync(errorsLog).size;
        const fd = openSync(errorsLog, 'r');
        const tail = Buffer.alloc(Math.min(size, 8192));
        readSync(fd, tail, 0, tail.length, size - tail.length);
        closeSync(fd);
        return tail.includes('corpus-flood-done');
      } catch {
        return false;
      }
    };
    const writtenAt = await waitFor('container printed everything', () => writer.writtenAt(), 900_000);
    writer.dispose();
    await waitFor('monitor logged the last event', logged, 900_000);
    const loggedAt = Date.now();
    const rss = peakRssMb(monitor.pid ?? 0);
    const figures = { lagMs: loggedAt - writtenAt, rssMb: Math.round(rss), linesPerS: Math.round(lines / ((loggedAt - start) / 1000)) };
    await stopMonitor(monitor);
    removeContainers(name);
    // The engine's own floor for this corpus, alone on the machine as the monitor was.
    const floorLagMs = await engineFloorLagMs(`cat /corpus.log; echo "${done}"`, 'corpus-flood-done', ['-v', `${file.path}:/corpus.log:ro`]);
    console.log(`corpus flood (${corpus}, ${lines} lines, ${Math.round(file.bytes / 1e6)} MB): ${figures.linesPerS} lines/s; monitor peak RSS ${figures.rssMb} MB; ingest lag after the last line ${figures.lagMs} ms; docker logs -f of the same: ${floorLagMs} ms`);
    console.log(`RESULT ${JSON.stringify({ figure: `${corpus} corpus flood (${lines.toLocaleString('en-US')} lines): monitor peak RSS`, value: figures.rssMb, unit: 'MB', baseline: null, baselineLabel: '', ratio: null, target: '< 120 MB' })}`);
    console.log(`RESULT ${JSON.stringify({ figure: `${corpus} corpus flood: ingest lag after the last line`, value: figures.lagMs, unit: 'ms', baseline: floorLagMs, baselineLabel: 'docker logs -f, the same corpus', ratio: Number((floorLagMs / Math.max(1, figures.lagMs)).toFixed(2)), target: '< 5000 ms' })}`);
    return figures;
  } finally {
    await stopMonitor(monitor);
    removeContainers(name);
    await fake.stop();
  }
}
