/** How CLI commands talk to the world, so tests can run them without a process. */
export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  readStdin(): Promise<string>;
}

/** The real process streams. */
export function consoleIO(): CliIO {
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
