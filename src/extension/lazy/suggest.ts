// Bundled on its own as dist/lazy/suggest.js: the suggest engine loads on the first review,
// not at activation (see ../lazyModules.ts).
export { createSuggestEngine } from '../../core/suggest';
