import { backoffDelay } from './backoff';
import { EventLines } from './engine-events';

describe('engine event helpers', () => {
  it('backs off from 250 ms, doubling, capped', () => {
    expect([0, 1, 2, 3, 4, 5, 30].map((n) => backoffDelay(n, 5000))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });
  it('splits event JSON cut anywhere', () => {
    const lines = new EventLines();
    expect(lines.push(Buffer.from('{"a":1}\n{"b"'))).toEqual(['{"a":1}']);
    expect(lines.push(Buffer.from(':2}\n\n'))).toEqual(['{"b":2}']);
  });
});
