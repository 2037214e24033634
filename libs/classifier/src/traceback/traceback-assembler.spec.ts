import { TracebackAssembler } from './traceback-assembler';
import type { LogRecord } from './log-record';

function assemble(text: string, options = {}): Array<[number, number, boolean]> {
  const assembler = new TracebackAssembler(options);
  const records: LogRecord[] = [];
  text.split('\n').forEach((line, index) => records.push(...assembler.push({ text: line, index })));
  records.push(...assembler.flush());
  return records.map((r) => [r.lines[0]?.index ?? -1, r.lines[r.lines.length - 1]?.index ?? -1, r.hasTraceback]);
}

describe('TracebackAssembler', () => {
  it('keeps plain lines apart', () => {
    expect(assemble('2024-01-01 10:00:00 INFO a\n2024-01-01 10:00:01 INFO b')).toEqual([
      [0, 0, false],
      [1, 1, false],
    ]);
  });

  it('joins a logging line, its continuation and a traceback with 3.11 carets', () => {
    const text = [
      '2024-01-01 10:00:00,000 ERROR: boom',
      '(more detail) [in /app/a.py:3]',
      'Traceback (most recent call last):',
      '  File "/app/a.py", line 3, in f',
      '    return 1 / 0',
      '           ~~^~~',
      'ZeroDivisionError: division by zero',
      '2024-01-01 10:00:01,000 INFO: next',
    ].join('\n');
    expect(assemble(text)).toEqual([
      [0, 6, true],
      [7, 7, false],
    ]);
  });

  it('keeps chained exceptions of both kinds in one record', () => {
    const text = [
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in f',
      'KeyError: 1',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "a.py", line 2, in g',
      'ValueError: 2',
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      'Traceback (most recent call last):',
      '  File "a.py", line 3, in h',
      'RuntimeError: 3',
    ].join('\n');
    expect(assemble(text)).toEqual([[0, 14, true]]);
  });

  it('does not swallow a blank line that ends a traceback', () => {
    const text = ['Traceback (most recent call last):', '  File "a.py", line 1, in f', 'KeyError: 1', '', 'plain'].join('\n');
    expect(assemble(text)).toEqual([
      [0, 2, true],
      [3, 3, false],
      [4, 4, false],
    ]);
  });

  it('keeps an exception group together', () => {
    const text = [
      '  + Exception Group Traceback (most recent call last):',
      '  |   File "a.py", line 1, in f',
      '  | ExceptionGroup: eg (2 sub-exceptions)',
      '  +-+---------------- 1 ----------------',
      '    | ValueError: 1',
      '    +------------------------------------',
      '2024-01-01 10:00:00 INFO after',
    ].join('\n');
    expect(assemble(text)).toEqual([
      [0, 5, true],
      [6, 6, false],
    ]);
  });

  it('starts a new record at a second traceback without a chain marker', () => {
    const text = ['Traceback (most recent call last):', '  File "a.py", line 1, in f', 'KeyError: 1', 'Traceback (most recent call last):', '  File "a.py", line 1, in f', 'KeyError: 2'].join('\n');
    expect(assemble(text)).toEqual([
      [0, 2, true],
      [3, 5, true],
    ]);
  });

  it('flushes at the line cap', () => {
    const frames = Array.from({ length: 20 }, (_, i) => `  File "a.py", line ${i}, in f`);
    const text = ['Traceback (most recent call last):', ...frames].join('\n');
    expect(assemble(text, { maxLines: 10 })).toEqual([
      [0, 9, true],
      // The rest starts with a frame: a traceback cut at its top, capped the same way.
      [10, 19, true],
      [20, 20, true],
    ]);
  });

  it('reads frames with no header before them as a traceback cut at its top', () => {
    const text = ['2024-05-02 10:00:00,000 ERROR: export failed', '  File "/app/views.py", line 88, in submit', '    db.session.commit()', 'sqlalchemy.exc.IntegrityError: duplicate', '  File "/app/x.py", line 1, in f', 'KeyError: 1'].join('\n');
    expect(assemble(text)).toEqual([
      [0, 3, true],
      [4, 5, true],
    ]);
  });

  it('holds an open traceback until flush', () => {
    const assembler = new TracebackAssembler();
    expect(assembler.push({ text: 'Traceback (most recent call last):', index: 0 })).toEqual([]);
    expect(assembler.push({ text: 'KeyError: 1', index: 1 })).toEqual([]);
    expect(assembler.pending).toBe(true);
    expect(assembler.flush().map((r) => r.lines.length)).toEqual([2]);
    expect(assembler.pending).toBe(false);
  });
});
