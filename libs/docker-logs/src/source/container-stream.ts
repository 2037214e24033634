import type { Readable } from 'node:stream';
import type { CheckpointStore } from '../checkpoint/checkpoint-store';
import { CursorFilter } from '../checkpoint/cursor-filter';
import { FrameDemuxer, type StreamName } from '../demux/frame-demuxer';
import { LineSplitter } from '../demux/line-splitter';
import { DockerLogsError } from '../errors';
import { splitTimestamp } from '../time/docker-time';
import type { ContainerLogLine, LogSourceListener } from './log-source-listener';

/** Most lines handed over in one commit. */
const MAX_BATCH_LINES = 5000;

/** How a container stream ended, for its owner to decide what comes next. */
export interface StreamOutcome {
  /** The container still runs (follow it again). */
  readonly running: boolean;
  /** Reading or committing failed: nothing past the checkpoint is lost, but a retry is due. */
  readonly failed: boolean;
}

export interface ContainerStreamOptions {
  readonly name: string;
  /** The container's service (`serviceIdentity`), carried on every line. */
  readonly service: string;
  readonly stream: Readable;
  /** A TTY container's log is one raw stream, not multiplexed frames. */
  readonly tty: boolean;
  readonly filter: CursorFilter;
  readonly store: CheckpointStore;
  readonly listener: LogSourceListener;
  /**
   * A stopped container's single read (already whole in `stream`): no catch-up after it, and
   * at most `cap` lines, the last ones.
   */
  readonly once?: { readonly cap: number | undefined };
  /** A plain (non-follow) read of the log from `since`, for what a follow stream missed. */
  readonly readFrom: (since: string | undefined) => Promise<Buffer>;
  readonly isRunning: () => Promise<boolean>;
  readonly isStopped: () => boolean;
  readonly report: (error: DockerLogsError) => void;
  /** A commit went through (a run of failures is over). */
  readonly committed: () => void;
  readonly finished: (outcome: StreamOutcome) => void;
}

/**
 * One container log stream: frames demultiplexed per stream, then lines split per stream
 * (frames are not lines), lines the cursor has seen dropped, and each burst's new lines handed
 * to the listener inside one checkpoint commit, with the stream paused meanwhile (back-pressure).
 * When a follow stream ends, what it may have missed is read once more from the cursor: the
 * engine can end a follow of a stopping container before sending everything.
 */
export function pipeContainerStream(o: ContainerStreamOptions): void {
  const { name, service, stream, tty, filter } = o;
  const demux = new FrameDemuxer();
  const newSplitters = (): Record<StreamName, LineSplitter> => ({ stdout: new LineSplitter({ timestamps: true }), stderr: new LineSplitter({ timestamps: true }) });
  let splitters = newSplitters();
  let pending: ContainerLogLine[] = [];
  const collect = (streamName: StreamName, raws: Buffer[]): void => {
    for (const raw of raws) {
      const parts = splitTimestamp(raw.toString('utf8'));
      if (parts === undefined) {
        o.report(new DockerLogsError('DLG_ERR_STREAM', `line without timestamp from ${name}`, { container: name }));
        continue;
      }
      if (filter.accept(parts.time, streamName, parts.text)) pending.push({ container: name, service, stream: streamName, time: parts.time, text: parts.text });
    }
  };
  const feed = (bytes: Buffer, frames: FrameDemuxer): void => {
    if (tty) collect('stdout', splitters.stdout.push(bytes));
    else for (const piece of frames.push(bytes)) collect(piece.stream, splitters[piece.stream].push(piece.payload, piece.frameStart));
  };
  const deliver = async (): Promise<void> => {
    if (pending.length === 0) return;
    let batch = pending;
    pending = [];
    // A capped read arrives as one chunk, so this sees all of it.
    const cap = o.once?.cap;
    if (cap !== undefined && batch.length > cap) {
      batch = batch.slice(batch.length - cap);
      o.report(new DockerLogsError('DLG_ERR_CATCH_UP_CUT', `${name} ran while nobody followed it and wrote more than ${cap} lines; read the last ${cap}`, { container: name }));
    }
    await o.store.commit(name, () => {
      o.listener.lines(name, batch);
      return filter.durableCheckpoint(o.listener.held?.(name));
    });
    o.committed();
  };
  let chain = Promise.resolve();
  // After a failed commit the cursor is ahead of what was saved: only a new read from the saved
  // checkpoint, after a back-off, gets the lines back.
  let commitFailed = false;
  const enqueue = (fn: () => Promise<void>): void => {
    stream.pause();
    chain = chain
      .then(fn)
      .catch((error: unknown) => {
        o.report(new DockerLogsError('DLG_ERR_CHECKPOINT', `cannot commit lines of ${name}`, { cause: error, container: name }));
        o.listener.rolledBack?.(name);
        commitFailed = true;
        stream.destroy();
      })
      .finally(() => {
        if (!stream.destroyed) stream.resume();
      });
  };
  stream.on('data', (chunk: Buffer) => {
    if (o.isStopped()) return;
    try {
      feed(chunk, demux);
    } catch (error) {
      o.report(new DockerLogsError('DLG_ERR_FRAME', `bad frame from ${name}`, { cause: error, container: name }));
      stream.destroy();
      return;
    }
    // The chunks that arrive together (a resumed stream emits its whole buffer at once, often a
    // frame a chunk) share one commit: one transaction per burst, not per line. A burst this
    // large is committed at once, with the stream paused.
    if (pending.length >= MAX_BATCH_LINES) enqueue(deliver);
    else if (!scheduled) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        enqueue(deliver);
      });
    }
  });
  let scheduled = false;
  let ended = false;
  const done = (): void => {
    if (ended) return;
    ended = true;
    enqueue(async () => {
      // Stopped: what was not committed is read again next time from the checkpoint.
      if (o.isStopped()) return;
      if (commitFailed) {
        o.finished({ running: true, failed: true });
        return;
      }
      let running = false;
      try {
        // What is pending first (its commit may fail too: then the retry reads it again).
        await deliver();
        if (o.once === undefined) {
          // Lines the follow stream did not send are read again from the cursor; the filter
          // drops what was already delivered. A partial last line is re-read whole.
          splitters = newSplitters();
          const since = CursorFilter.since(filter.checkpoint);
          filter.rewind();
          feed(await o.readFrom(since), new FrameDemuxer());
        }
        running = await o.isRunning();
        // An unterminated last line is final only once the container has stopped; while it
        // runs, the line is still being written and the next follow reads it whole.
        if (!running) {
          collect('stdout', splitters.stdout.end());
          collect('stderr', splitters.stderr.end());
        }
        await deliver();
      } catch (error) {
        o.report(new DockerLogsError('DLG_ERR_STREAM', `cannot catch up on ${name}`, { cause: error, container: name }));
        // The follow that retries reads everything past the saved checkpoint again.
        o.listener.rolledBack?.(name);
        o.finished({ running, failed: true });
        return;
      }
      o.finished({ running, failed: false });
    });
  };
  stream.on('end', done);
  stream.on('close', done);
  stream.on('error', (error: Error) => {
    o.report(new DockerLogsError('DLG_ERR_STREAM', `log stream of ${name} failed`, { cause: error, container: name }));
    done();
  });
  // A follow stream opened directly comes paused (its first bytes must wait for these listeners).
  stream.resume();
}
