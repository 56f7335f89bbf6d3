export const PSEUDO_OPEN: string;
export const PSEUDO_CLOSE: string;
export function englishBundle(): Promise<Record<string, string>>;
export function pseudoBundle(bundle: Record<string, string>): Record<string, string>;
/** The generated files by path from the repository root, as they should read. */
export function expectedFiles(): Promise<Map<string, Record<string, string>>>;
