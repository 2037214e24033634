/** The second lane of the last `mix`: the loop returns one number, and leaves this one here. */
let lane2 = 0;

/**
 * Both lanes over `text`. The loop is alone in its function: V8 compiles a long loop while it
 * runs (on-stack replacement), and code compiled so before the first call reached the lines
 * after the loop has no type feedback for them. Such code was entered again on every long
 * string and thrown away at the end of the loop, 1,600 times in a run over 1 M log lines;
 * here nothing after the loop needs feedback.
 */
function mix(text: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  lane2 = h2;
  return h1;
}

/** A 64-bit FNV-1a style hash as 16 hex digits (two 32-bit lanes); stable across runs. */
export function hash64(text: string): string {
  const h1 = mix(text);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (lane2 >>> 0).toString(16).padStart(8, '0');
}
