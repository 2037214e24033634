import { DockerLogsError } from '../errors';

/** Which output a chunk of a container's log came from. */
export type StreamName = 'stdout' | 'stderr';

/** A piece of one stream's payload. */
export interface StreamChunk {
  readonly stream: StreamName;
  readonly payload: Buffer;
  /** True when the piece starts a frame (one log message, or one 16 KiB part of one). */
  readonly frameStart: boolean;
}

const HEADER = 8;

/**
 * Splits Docker's multiplexed log stream (8-byte header: stream type, 3 zero bytes, big-endian
 * payload length) into per-stream payload pieces. Frames may be cut anywhere across chunks.
 * https://docs.docker.com/engine/api/v1.41/#tag/Container/operation/ContainerAttach
 * Written by hand: dockerode's `demuxStream` through PassThroughs is 20-30x slower.
 */
export class FrameDemuxer {
  #header = Buffer.alloc(HEADER);
  #headerFill = 0;
  #remaining = 0;
  #stream: StreamName = 'stdout';
  #atFrameStart = false;

  /** Feeds bytes; returns the payload pieces they complete or continue. */
  push(chunk: Buffer): StreamChunk[] {
    const out: StreamChunk[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (this.#remaining === 0) {
        const take = Math.min(HEADER - this.#headerFill, chunk.length - pos);
        chunk.copy(this.#header, this.#headerFill, pos, pos + take);
        this.#headerFill += take;
        pos += take;
        if (this.#headerFill < HEADER) break;
        this.#headerFill = 0;
        const type = this.#header[0];
        // 0 (stdin) is never sent for logs; treat it as stdout like the docker CLI does.
        if (type === 2) this.#stream = 'stderr';
        else if (type === 1 || type === 0) this.#stream = 'stdout';
        else throw new DockerLogsError('DLG_ERR_FRAME', `unknown stream type ${String(type)} in log frame header`);
        this.#remaining = this.#header.readUInt32BE(4);
        this.#atFrameStart = true;
        continue;
      }
      const take = Math.min(this.#remaining, chunk.length - pos);
      out.push({ stream: this.#stream, payload: chunk.subarray(pos, pos + take), frameStart: this.#atFrameStart });
      this.#atFrameStart = false;
      this.#remaining -= take;
      pos += take;
    }
    return out;
  }
}
