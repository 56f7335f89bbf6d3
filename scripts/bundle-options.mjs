import { join } from 'node:path';

// The esbuild options of the bundles, shared by scripts/build.mjs and the unit test that checks
// the Node activation bundle (test/unit/web/activationBundle.test.ts), so an option, a plugin or
// an alias added here reaches both.

/** Options every bundle shares; `production` minifies and drops sourcemaps. */
export function commonOptions(production) {
  return {
    bundle: true,
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'warning',
    legalComments: production ? 'none' : 'inline',
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  };
}

/** Options of a Node bundle that the extension host loads (`vscode` comes from the host). */
export function nodeExtensionOptions(production) {
  return { ...commonOptions(production), platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] };
}

/** The Node activation bundle (package.json `main`): entry, and output under dist/. */
export const NODE_ACTIVATION = { entry: 'src/extension/extension.ts', out: 'extension.js' };

/**
 * The Node bundles loaded on first use (env/node.ts requires dist/lazy/render.js, suggest.js and,
 * on the first snippet insert, placement.js; suggestWorker.js is the worker thread for documents
 * over 1 MB), to keep activation cheap.
 */
export const NODE_LAZY = ['render', 'suggest', 'placement', 'suggestWorker'].map((name) => ({ entry: `src/extension/lazy/${name}.ts`, out: `lazy/${name}.js` }));

/**
 * Options of the throw-away bundle of the content tools (src/build/buildCatalogJson.ts), which
 * `npm run build` and `npm run check:content` run in plain Node to read and validate content/.
 */
export function contentToolsOptions(root, outfile) {
  return {
    entryPoints: [join(root, 'src', 'build', 'buildCatalogJson.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  };
}

/**
 * The last line `npm run build` and `npm run check:content` print for content/ with problems (the
 * line a terminal shows): how many, and, when a card could not be read at all, that card first,
 * since references to its ids are checked only once it can be read.
 */
export function contentProblemsSummary(tool, { problems, unreadable }, next) {
  const first = unreadable.length > 0 ? ` Start with ${unreadable.join(', ')}: ${unreadable.length === 1 ? 'it' : 'each'} could not be read as a card, and references to its ids are checked only once it can.` : '';
  return `${tool}: content/ has ${problems} problem(s), listed above as file:line; fix them and ${next}.${first}`;
}
