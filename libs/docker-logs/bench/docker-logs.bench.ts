/*
 * Demux + line split throughput of FrameDemuxer/LineSplitter against dockerode's own
 * `modem.demuxStream` on the same bytes in the same run, then end-to-end lines/s from a real
 * container. Not a test: it prints figures; the last line is the ratio.
 */
import Dockerode from 'dockerode';
import { PassThrough, Readable } from 'node:stream';
import { FrameDemuxer, InMemoryCheckpointStore, LineSplitter, DockerLogSource } from '../src';
import { TEST_IMAGE, docker, ensureTestImage, removeContainers, uniqueName } from '../integration/support/docker-cli';

const TOTAL_MB = Number(process.env['BENCH_MB'] ?? 64);
const CHUNK = 64 * 1024;

function frame(type: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

// Log-like frames: 1-20 lines of ~100 bytes, stdout and stderr mixed, a timestamp on each line.
function buildStream(): { chunks: Buffer[]; bytes: number; lines: number } {
  const parts: Buffer[] = [];
  let bytes = 0;
  let lines = 0;
  let i = 0;
  while (bytes < TOTAL_MB * 1024 * 1024) {
    const n = 1 + (i % 20);
    const text = Array.from({ length: n }, (_, k) => `2024-05-02T10:00:00.${String(i * 20 + k).padStart(9, '0')}Z 172.18.0.1 - - "GET /survey/${i} HTTP/1.1" 200 ${k}\n`).join('');
    const f = frame(i % 7 === 0 ? 2 : 1, Buffer.from(text));
    parts.push(f);
    bytes += f.length;
    lines += n;
    i++;
  }
  const all = Buffer.concat(parts);
  const chunks: Buffer[] = [];
  for (let p = 0; p < all.length; p += CHUNK) chunks.push(all.subarray(p, p + CHUNK));
  return { chunks, bytes: all.length, lines };
}

function ours(chunks: Buffer[]): number {
  const demux = new FrameDemuxer();
  const split = { stdout: new LineSplitter({ timestamps: true }), stderr: new LineSplitter({ timestamps: true }) };
  let lines = 0;
  for (const chunk of chunks) {
    for (const piece of demux.push(chunk)) lines += split[piece.stream].push(piece.payload, piece.frameStart).length;
  }
  return lines;
}

// Baseline: dockerode's demuxStream into two PassThroughs, each split into lines — with our
// byte splitter (`bytes`, the strict comparison) or the usual string split with carry (`string`).
async function theirs(chunks: Buffer[], splitting: 'bytes' | 'string'): Promise<number> {
  const modem = new Dockerode().modem as unknown as { demuxStream(s: Readable, out: PassThrough, err: PassThrough): void };
  const out = new PassThrough();
  const err = new PassThrough();
  let lines = 0;
  for (const pt of [out, err]) {
    if (splitting === 'bytes') {
      const splitter = new LineSplitter();
      pt.on('data', (d: Buffer) => (lines += splitter.push(d).length));
    } else {
      let carry = '';
      pt.setEncoding('utf8');
      pt.on('data', (d: string) => {
        const parts = (carry + d).split('\n');
        carry = parts.pop() ?? '';
        lines += parts.length;
      });
    }
  }
  const source = Readable.from(chunks, { objectMode: false });
  const done = new Promise<void>((resolve) => source.on('end', () => setImmediate(resolve)));
  modem.demuxStream(source, out, err);
  await done;
  return lines;
}

async function endToEnd(lines: number): Promise<{ seconds: number; got: number }> {
  ensureTestImage();
  const name = uniqueName('bench');
  let got = 0;
  let start = 0n;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  const source = new DockerLogSource({
    docker: new Dockerode({ socketPath: '/var/run/docker.sock' }),
    checkpoints: new InMemoryCheckpointStore(),
    select: (n) => n === name,
    listener: {
      lines: (_c, batch) => {
        if (got === 0) start = process.hrtime.bigint();
        got += batch.length;
      },
      streamEnded: () => resolveDone(),
      error: (e) => process.stderr.write(`${e.code}: ${e.message}\n`),
    },
  });
  await source.start();
  try {
    docker('run', '-d', '--name', name, TEST_IMAGE, 'seq', '1', String(lines));
    await done;
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, got };
  } finally {
    await source.stop();
    removeContainers(name);
  }
}

async function main(): Promise<void> {
  const { chunks, bytes, lines } = buildStream();
  const mb = bytes / 1024 / 1024;
  // Warm both paths once, then time them.
  ours(chunks.slice(0, 50));
  await theirs(chunks.slice(0, 50), 'bytes');
  let t = process.hrtime.bigint();
  const oursLines = ours(chunks);
  const oursSec = Number(process.hrtime.bigint() - t) / 1e9;
  t = process.hrtime.bigint();
  const theirLines = await theirs(chunks, 'bytes');
  const theirSec = Number(process.hrtime.bigint() - t) / 1e9;
  t = process.hrtime.bigint();
  const stringLines = await theirs(chunks, 'string');
  const stringSec = Number(process.hrtime.bigint() - t) / 1e9;
  if (oursLines !== lines || theirLines !== lines || stringLines !== lines) {
    throw new Error(`line counts differ: ${oursLines} / ${theirLines} / ${stringLines} / ${lines}`);
  }
  console.log(`stream: ${mb.toFixed(0)} MB, ${lines.toLocaleString('en-US')} lines in ${CHUNK / 1024} KiB chunks`);
  console.log(`FrameDemuxer+LineSplitter      : ${(mb / oursSec).toFixed(0)} MB/s (${(lines / oursSec / 1e6).toFixed(2)} M lines/s)`);
  console.log(`modem.demuxStream+LineSplitter : ${(mb / theirSec).toFixed(0)} MB/s (${(lines / theirSec / 1e6).toFixed(2)} M lines/s)`);
  console.log(`modem.demuxStream+string split : ${(mb / stringSec).toFixed(0)} MB/s (${(lines / stringSec / 1e6).toFixed(2)} M lines/s), ratio ${(stringSec / oursSec).toFixed(2)}`);
  const e2eLines = Number(process.env['BENCH_E2E_LINES'] ?? 1_000_000);
  const e2e = await endToEnd(e2eLines);
  console.log(`end to end (real container, seq 1 ${e2eLines}): ${Math.round(e2e.got / e2e.seconds).toLocaleString('en-US')} lines/s, ${e2e.got} lines received`);
  console.log(`RESULT ${JSON.stringify({ figure: 'FrameDemuxer + LineSplitter', value: Math.round(mb / oursSec), unit: 'MB/s', baseline: Math.round(mb / theirSec), baselineLabel: 'dockerode modem.demuxStream + the same splitter', ratio: Number((theirSec / oursSec).toFixed(2)), target: '≥ 10×' })}`);
  console.log(`RESULT ${JSON.stringify({ figure: 'end to end from a real container', value: Math.round(e2e.got / e2e.seconds), unit: 'lines/s', baseline: null, baselineLabel: '', ratio: null, target: '' })}`);
  console.log(`docker_logs_vs_demuxStream_ratio=${(theirSec / oursSec).toFixed(2)}`);
}

void main();
