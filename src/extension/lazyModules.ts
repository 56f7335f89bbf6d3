import * as path from 'node:path';
import type * as RenderModule from './lazy/render';
import type * as SuggestModule from './lazy/suggest';

/**
 * The heavy parts of the extension (markdown-it with the card renderer, the suggest engine) are
 * separate bundles, required on first use. Measured on the production build: loading the single
 * bundle cost about 20 ms before activate() could run; the eager bundle without them loads in a
 * fraction of that. VS Code 1.90 extensions are CommonJS, so esbuild cannot split the bundle
 * itself; these loaders do it by file.
 */
function lazyRequire<T>(file: string): () => T {
  let loaded: T | undefined;
  return () => {
    // A computed path on purpose: esbuild leaves it alone, so the module stays out of the eager bundle.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded ??= require(path.join(__dirname, file)) as T;
    return loaded;
  };
}

export const loadRenderModule = lazyRequire<typeof RenderModule>('lazy/render.js');
export const loadSuggestModule = lazyRequire<typeof SuggestModule>('lazy/suggest.js');
