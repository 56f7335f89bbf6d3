import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../../src/cli/io';

/** The CLI's input and output in memory: what it writes to stdout and stderr, and `stdin` for `-`. */
export type CapturedIO = CliIO & { stdout: string; stderr: string };

export function capturedIO(stdin = ''): CapturedIO {
  const io: CapturedIO = {
    stdout: '',
    stderr: '',
    out: (s: string) => { io.stdout += s; },
    err: (s: string) => { io.stderr += s; },
    readStdin: async () => stdin,
  };
  return io;
}

/**
 * Mocha hooks for a suite that runs the CLI on relative paths: before it, a fresh temporary folder
 * holding `files` becomes the working directory; after it, the old one is restored and the folder
 * removed. `dir()` gives the folder's path.
 */
export function inTemporaryFolder(prefix: string, files: Readonly<Record<string, string>>): { dir(): string } {
  let dir = '';
  let cwd = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    cwd = process.cwd();
    process.chdir(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(name, text);
  });
  after(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir: () => dir };
}
