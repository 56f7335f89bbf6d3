export const CLEAN_SETTINGS: Record<string, unknown>;
export const CHROMIUM_ARGS: string[];
export function freePort(): Promise<number>;
export function installVsix(dataDir: string, vsixPath: string): void;
export function writeUserSettings(dataDir: string, settings: Record<string, unknown>): void;
export function freshDataDir(name: string): string;
export function startCodeServer(options: {
  dataDir: string;
  folder: string;
  smokeTestDriver?: boolean;
  /** Leave workspace trust on: the folder opens in Restricted Mode. */
  workspaceTrust?: boolean;
  env?: Record<string, string>;
  /** More code-server arguments, placed before the folder. */
  extraArgs?: string[];
  /** How long to wait for /healthz (60 s); each /healthz request gets a quarter of it, at most 5 s. */
  startupTimeoutMs?: number;
}): Promise<{ url: string; port: number; logFile: string; /** Ends code-server's process group; resolves once all of it has exited. */ stop(): Promise<void> }>;
/**
 * SIGTERM to the child's process group (SIGKILL `killAfterMs` later); resolves once the child and
 * every other process of its group have exited. Rejects if the group still runs `giveUpAfterMs`
 * after the SIGKILL, or if it cannot be signalled (EPERM).
 */
export function stopProcessGroup(
  child: import('node:child_process').ChildProcess,
  options?: { killAfterMs?: number; giveUpAfterMs?: number; pollMs?: number },
): Promise<void>;
/**
 * Stops the server after a run: a failed stop fails a run that passed; after a run that failed it
 * is printed, and the run's own error stays the one the caller sees.
 */
export function stopAfterRun(server: { stop(): Promise<void> }, runFailed: boolean): Promise<void>;
