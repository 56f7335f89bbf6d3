import type { BuildOptions } from 'esbuild';

export function commonOptions(production: boolean): BuildOptions;
export function nodeExtensionOptions(production: boolean): BuildOptions;
export function contentToolsOptions(root: string, outfile: string): BuildOptions;
export const NODE_ACTIVATION: { readonly entry: string; readonly out: string };
export const NODE_LAZY: readonly { readonly entry: string; readonly out: string }[];
export function contentProblemsSummary(tool: string, result: { problems: number; unreadable: readonly string[] }, next: string): string;
