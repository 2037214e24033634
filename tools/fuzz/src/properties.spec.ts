import fc from 'fast-check';
import { PROPERTIES } from './properties';

// CI's short budget; `npm run fuzz` runs the same properties for at least a million cases.
describe('fuzz properties (short budget)', () => {
  it.each(PROPERTIES.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    fc.assert(p.property, { numRuns: Math.max(5, Math.round(500 * p.weight)) });
  });
});
