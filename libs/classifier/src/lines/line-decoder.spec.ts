import { MAX_LINE_CHARS, decodeLine, stripAnsi } from './line-decoder';

describe('decodeLine', () => {
  it('splits off Docker\'s RFC 3339 nano timestamp', () => {
    expect(decodeLine('2024-05-02T10:00:00.123456789Z hello')).toEqual({
      text: 'hello',
      time: '2024-05-02T10:00:00.123456789Z',
      truncated: false,
    });
  });

  it('leaves a logger\'s own timestamp alone', () => {
    expect(decodeLine('2024-05-02 10:00:00,123 INFO x').text).toBe('2024-05-02 10:00:00,123 INFO x');
  });

  it('strips ANSI colours and a trailing CR', () => {
    expect(decodeLine('\x1b[31mERROR\x1b[0m: boom\r').text).toBe('ERROR: boom');
    expect(stripAnsi('\x1b]0;title\x07plain')).toBe('plain');
  });

  it('caps oversized lines and says so', () => {
    const decoded = decodeLine('x'.repeat(MAX_LINE_CHARS + 10));
    expect(decoded.text).toHaveLength(MAX_LINE_CHARS);
    expect(decoded.truncated).toBe(true);
  });
});
