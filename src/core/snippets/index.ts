export * from './types';
export { parseSnippetBody, expandSnippetBody, expandNodes, validateSnippetBody, tabStopIndices } from './syntax';
export type { SnippetNode, SyntaxProblem, ParsedBody } from './syntax';
export { loadSnippets, SNIPPET_METADATA_FILE } from './loader';
export type { LoadSnippetsOptions, LoadedSnippets } from './loader';
export { generateSnippetFiles, writeSnippetContributions, VSCODE_LANGUAGE_IDS } from './generator';
export type { CodeSnippetEntry } from './generator';
export { fitSnippetToDocument, bodyOnlyVariant, splitWholeFileBody, braceDepthAt } from './insertion';
export type { FittedInsertion, HeaderEdit } from './insertion';
