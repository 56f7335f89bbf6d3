import { platform } from './env/platform';

/**
 * The heavy parts of the extension (markdown-it with the card renderer, the suggest engine, snippet
 * placement), loaded on first use. How depends on the host: separate files required on first use
 * in the Node build, part of the bundle in the web build (see env/node.ts and env/web.ts).
 */
export const loadRenderModule = platform.loadRenderModule;
export const loadSuggestModule = platform.loadSuggestModule;
export const loadPlacementModule = platform.loadPlacementModule;
