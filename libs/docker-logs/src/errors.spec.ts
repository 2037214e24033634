import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCKER_LOGS_ERROR_CODES } from './errors';
import { FrameDemuxer } from './demux/frame-demuxer';

describe('docker-logs error catalogue', () => {
  it('is documented in docs/errors.md, code for code', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/errors.md'), 'utf8');
    const documented = new Set([...doc.matchAll(/`(DLG_ERR_[A-Z_]+)`/g)].map((m) => m[1]));
    expect(documented).toEqual(new Set(Object.keys(DOCKER_LOGS_ERROR_CODES)));
  });

  it('provokes DLG_ERR_FRAME', () => {
    expect(() => new FrameDemuxer().push(Buffer.from([9, 0, 0, 0, 0, 0, 0, 1, 65]))).toThrow(
      expect.objectContaining({ code: 'DLG_ERR_FRAME' }),
    );
  });
});
