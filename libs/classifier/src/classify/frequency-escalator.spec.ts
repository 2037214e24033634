import { FrequencyEscalator } from './frequency-escalator';

describe('FrequencyEscalator', () => {
  it('raises one level on the 10th occurrence within 5 minutes, never past high', () => {
    const esc = new FrequencyEscalator();
    const seen = Array.from({ length: 10 }, (_, i) => esc.observe('f', 'low', i * 1000));
    expect(seen.slice(0, 9).every((s) => s === 'low')).toBe(true);
    expect(seen[9]).toBe('medium');
    const high = new FrequencyEscalator();
    const last = Array.from({ length: 12 }, (_, i) => high.observe('g', 'high', i)).pop();
    expect(last).toBe('high');
    const crit = new FrequencyEscalator();
    expect(Array.from({ length: 12 }, (_, i) => crit.observe('h', 'critical', i)).pop()).toBe('critical');
  });

  it('forgets occurrences outside the window', () => {
    const esc = new FrequencyEscalator({ threshold: 3, windowMs: 1000 });
    expect(esc.observe('f', 'medium', 0)).toBe('medium');
    expect(esc.observe('f', 'medium', 600)).toBe('medium');
    expect(esc.observe('f', 'medium', 1200)).toBe('medium'); // the one at 0 fell out
    expect(esc.observe('f', 'medium', 1300)).toBe('high');
  });

  it('counts fingerprints separately and bounds how many it tracks', () => {
    const esc = new FrequencyEscalator({ threshold: 2, maxFingerprints: 2 });
    esc.observe('a', 'low', 0);
    esc.observe('b', 'low', 0);
    esc.observe('c', 'low', 0); // evicts a
    expect(esc.observe('a', 'low', 1)).toBe('low');
    expect(esc.observe('c', 'low', 1)).toBe('medium');
  });
});
