import { FrameDemuxer } from './frame-demuxer';
import { LineSplitter } from './line-splitter';

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

function linesOf(bytes: Buffer, cuts: number[]): Record<string, string[]> {
  const demux = new FrameDemuxer();
  const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  const out: Record<string, string[]> = { stdout: [], stderr: [] };
  let prev = 0;
  for (const cut of [...cuts, bytes.length]) {
    for (const { stream, payload, frameStart } of demux.push(bytes.subarray(prev, cut))) {
      for (const line of splitters[stream].push(payload, frameStart)) out[stream]?.push(line.toString('utf8'));
    }
    prev = cut;
  }
  return out;
}

describe('FrameDemuxer + LineSplitter', () => {
  // Lines cross frames; stdout and stderr interleave; Korean text is split mid-character.
  const bytes = Buffer.concat([
    frame(1, 'first li'),
    frame(2, 'err 1\nerr '),
    frame(1, 'ne\n설문 제출 실패\nthird'),
    frame(2, '2\n'),
    frame(1, ' line\n'),
  ]);
  const expected = { stdout: ['first line', '설문 제출 실패', 'third line'], stderr: ['err 1', 'err 2'] };

  it('gives every line whole, per stream, in order', () => {
    expect(linesOf(bytes, [])).toEqual(expected);
  });

  it('gives the same lines whatever byte boundary the chunks are cut at', () => {
    for (let a = 0; a <= bytes.length; a++) {
      expect(linesOf(bytes, [a])).toEqual(expected);
    }
    for (let a = 1; a < bytes.length; a += 3) {
      for (let b = a; b <= bytes.length; b += 5) expect(linesOf(bytes, [a, b])).toEqual(expected);
    }
  });

  it('rejects an unknown stream type with DLG_ERR_FRAME', () => {
    expect(() => new FrameDemuxer().push(frame(7, 'x'))).toThrow(expect.objectContaining({ code: 'DLG_ERR_FRAME' }));
  });

  it('joins a line longer than Docker\'s 16 KiB split and caps an endless one', () => {
    const long = 'x'.repeat(40_000);
    const parts = [long.slice(0, 16_384), long.slice(16_384, 32_768), `${long.slice(32_768)}\n`];
    expect(linesOf(Buffer.concat(parts.map((p) => frame(1, p))), [])['stdout']).toEqual([long]);
    const splitter = new LineSplitter({ maxBytes: 100 });
    const lines = [...splitter.push(Buffer.alloc(150, 0x61)), ...splitter.push(Buffer.from('aaa\nok\n'))];
    expect(lines.map((l) => l.length)).toEqual([100, 2]);
    expect(splitter.oversized).toBe(1);
  });

  it('strips the timestamps Docker puts on the parts of a split line', () => {
    const ts = '2024-01-01T00:00:00.000000001Z ';
    const bytes = Buffer.concat([frame(1, `${ts}aaaa`), frame(1, `${ts}bbbb`), frame(1, `${ts}cc\n`), frame(1, `${ts}next\n`)]);
    const demux = new FrameDemuxer();
    const splitter = new LineSplitter({ timestamps: true });
    const lines: string[] = [];
    // Cut every 5 bytes so parts and timestamps straddle chunks.
    for (let i = 0; i < bytes.length; i += 5) {
      for (const piece of demux.push(bytes.subarray(i, i + 5))) {
        lines.push(...splitter.push(piece.payload, piece.frameStart).map((l) => l.toString()));
      }
    }
    expect(lines).toEqual([`${ts}aaaabbbbcc`, `${ts}next`]);
  });

  it('returns an unterminated last line at end', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('a\nb'))).toEqual([Buffer.from('a')]);
    expect(splitter.end()).toEqual([Buffer.from('b')]);
  });
});
