/** `run`: the live monitor (filled in by the daemon work). */
export async function runCommand(_argv: readonly string[]): Promise<number> {
  process.stderr.write('monitor run: not built yet\n');
  return 1;
}
