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
}): Promise<{ url: string; port: number; logFile: string; stop(): void }>;
