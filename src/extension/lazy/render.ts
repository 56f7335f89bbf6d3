// Bundled on its own as dist/lazy/render.js: markdown-it and the card renderer load when the
// first card opens, not at activation (see ../lazyModules.ts).
export { renderCard } from '../../core/render/cardHtml';
