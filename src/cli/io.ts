/** What a CLI command may do with the outside world; tests pass an in-memory fake. */
export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  readStdin(): Promise<string>;
}

/**
 * The real process: stdout, stderr (each message on its own line) and all of stdin.
 *
 * A reader that closes the pipe early (`sdp show ID --json | head -c 10`) is no error of sdp's: the
 * rest of the output is dropped quietly, and the command ends with its own exit status (so
 * `--fail-on` still tells, and a pipeline under `set -o pipefail` does not fail on `| head`). Node
 * reports the closed pipe as an EPIPE 'error' event on stdout, which unhandled ended the process
 * with a stack trace. Any other write error is said in one line and exits 1.
 */
export function consoleIO(stdout: NodeJS.WritableStream = process.stdout, exit: (code: number) => void = (code) => process.exit(code)): CliIO {
  let closed = false;
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (error.code === 'EPIPE') return;
    process.stderr.write(`sdp: cannot write to standard output: ${error.message}\n`);
    exit(1);
  });
  return {
    out: (s) => { if (!closed) stdout.write(s); },
    err: (s) => { process.stderr.write(s.endsWith('\n') ? s : `${s}\n`); },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
