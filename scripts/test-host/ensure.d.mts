export function ensureNode24(): string;
export function ensureCodeServer(): string;
export function findChromium(): string;
export function ensureTestHost(): { node: string; codeServer: string; chromium: string };
export function aptInstallCommand(packages: readonly string[]): string;
export const spdlogStandInSource: string;
export function syncSpdlogStandIn(target?: string, source?: string): boolean;
export const INSTALL_RECIPE: string;
