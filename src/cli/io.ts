import { decodeText } from './decodeText';
import { forTerminal } from './terminalText';

/** What a CLI command may do with the outside world; tests pass an in-memory fake. */
export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  readStdin(): Promise<string>;
}

/**
 * The real process: stdout, stderr (each message on its own line) and all of stdin (UTF-8, or
 * UTF-16 after its byte order mark: decodeText).
 *
 * A reader that closes the pipe early (`sdp show ID --json | head -c 10`) is no error of sdp's: the
 * rest of the output is dropped quietly, and the command ends with its own exit status (so
 * `--fail-on` still tells, and a pipeline under `set -o pipefail` does not fail on `| head`). Node
 * reports the closed pipe as an EPIPE 'error' event on stdout, which unhandled ended the process
 * with a stack trace. Any other write error is said in one line and exits 1. Standard error closed
 * early is dropped quietly the same way, whatever the error.
 */
export function consoleIO(
  stdout: NodeJS.WritableStream = process.stdout,
  exit: (code: number) => void = (code) => process.exit(code),
  stderr: NodeJS.WritableStream = process.stderr,
): CliIO {
  let closed = false;
  // Standard error closed by its reader (`sdp suggest ... 2>&1 | head`): there is nowhere left to say
  // anything, so the rest is dropped and the exit status still tells (unhandled, the EPIPE ended the
  // process with status 1, hiding a 2 or a --fail-on 1).
  let errClosed = false;
  stderr.on('error', () => { errClosed = true; });
  const toStderr = (s: string): void => { if (!errClosed) stderr.write(s); };
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (error.code === 'EPIPE') return;
    toStderr(`sdp: cannot write to standard output: ${error.message}\n`);
    exit(1);
  });
  return {
    out: (s) => { if (!closed) stdout.write(s); },
    err: (s) => { toStderr(s.endsWith('\n') ? s : `${s}\n`); },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return decodeText(Buffer.concat(chunks));
    },
  };
}

/**
 * `io` with every stderr message made safe for a terminal (forTerminal): a file name or an argument
 * holding an escape sequence or a bidi override is shown as `\\uXXXX`, never obeyed by the terminal.
 * main() applies it once, for every command.
 */
export function terminalSafe(io: CliIO): CliIO {
  return { ...io, err: (s) => io.err(forTerminal(s)) };
}
