import RE2 from 're2';
import { gateSource, type CandidateGate, type CompiledRule } from '@safework/classifier';

/**
 * `CandidateGate` on RE2: one combined, linear-time pattern run over whole chunks of bytes, so
 * the classifier's JavaScript expressions only see lines that might be events. Returns
 * undefined when a rule uses syntax RE2 lacks (look-around, back-references): the caller then
 * scans without a gate, which is slower but gives the same events.
 */
export function createRe2Gate(rules: readonly CompiledRule[]): CandidateGate | undefined {
  let re: RE2;
  try {
    re = new RE2(gateSource(rules), 'gm');
  } catch {
    return undefined;
  }
  return {
    candidates(buf: Buffer, end: number): number[] {
      const view = end === buf.length ? buf : buf.subarray(0, end);
      const out: number[] = [];
      re.lastIndex = 0;
      for (;;) {
        const match = re.exec(view);
        if (match === null) break;
        out.push(match.index);
        // One hit per line is enough: continue at the next line (also when a match spans lines).
        const nl = view.indexOf(10, match.index);
        if (nl === -1) break;
        re.lastIndex = nl + 1;
      }
      return out;
    },
  };
}
