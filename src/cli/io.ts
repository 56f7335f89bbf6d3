/** What a CLI command may do with the outside world; tests pass an in-memory fake. */
export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  readStdin(): Promise<string>;
}

/** The real process: stdout, stderr (each message on its own line) and all of stdin. */
export function consoleIO(): CliIO {
  return {
    out: (s) => { process.stdout.write(s); },
    err: (s) => { process.stderr.write(s.endsWith('\n') ? s : `${s}\n`); },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
