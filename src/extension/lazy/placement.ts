// Bundled on its own as dist/lazy/placement.js: where an inserted snippet goes (the per-language
// placement readers) and how a whole-file Go or Java variant is fitted into an open file. Loaded on
// the first insert, not at activation (see ../lazyModules.ts).
export { fitSnippetToDocument } from '../../core/snippets/insertion';
export { placeSnippet } from '../../core/snippets/placement';
