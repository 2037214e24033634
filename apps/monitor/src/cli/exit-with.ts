/** Ends the process with a command's exit code; an unexpected error is printed, exit 1. */
export function exitWith(name: string, code: Promise<number>): void {
  code.then(
    (c) => {
      process.exitCode = c;
    },
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
