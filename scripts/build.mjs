#!/usr/bin/env node
// One build for everything: validates content/ into dist/catalog.json, then bundles the
// extension (vscode external), the CLI (`sdp`) and the webview scripts with esbuild.
// `--production` minifies and drops sourcemaps.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, rmSync, chmodSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { platformSeam } from './platform-seam.mjs';
import { snippetContributionProblems } from './snippet-contributions.mjs';
import { commonOptions, contentProblemsSummary, contentToolsOptions, nodeExtensionOptions, NODE_ACTIVATION, NODE_LAZY } from './bundle-options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
const started = Date.now();

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// 1. Content: parse + validate, run from a throw-away bundle so the build needs no TS runtime.
const toolsDir = join(root, '.sdp-tmp');
mkdirSync(toolsDir, { recursive: true });
await esbuild.build(contentToolsOptions(root, join(toolsDir, 'build-catalog.cjs')));
const { buildCatalogJson } = require(join(toolsDir, 'build-catalog.cjs'));
const catalogResult = await buildCatalogJson(root, dist);
if (catalogResult.problems > 0) {
  console.error(contentProblemsSummary('build', catalogResult, 'build again'));
  process.exit(1);
}
// package.json must contribute exactly the snippet files the build writes, or IntelliSense misses
// some: the same check as `npm run check:content` (scripts/snippet-contributions.mjs).
const contributionProblems = snippetContributionProblems({
  manifest: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')),
  distDir: dist,
  written: catalogResult.snippetFiles,
});
if (contributionProblems.length > 0) {
  for (const problem of contributionProblems) console.error(problem);
  console.error(`build: package.json's contributes.snippets has ${contributionProblems.length} problem(s), listed above; fix them and build again.`);
  process.exit(1);
}
const snippetsNote = `, ${catalogResult.snippets} snippets`;

// 2. Bundles.
const common = commonOptions(production);
const builds = [
  // The Node activation bundle and those loaded on first use by src/extension/lazyModules.ts (bundle-options.mjs).
  ...[NODE_ACTIVATION, ...NODE_LAZY].map(({ entry, out }) =>
    esbuild.build({ ...nodeExtensionOptions(production), entryPoints: [join(root, entry)], outfile: join(dist, out) }),
  ),
  // The web extension (package.json `browser`): the same entry for the web worker extension host,
  // with env/web.ts behind the platform seam, so the lazily loaded modules are part of it and
  // no Node built-in is needed (esbuild fails the build if one is imported). See docs/platform-seam.md.
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/extension/extension.ts')],
    outfile: join(dist, 'extension.web.js'),
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    plugins: [platformSeam('web')],
  }),
  // The Web Worker the web extension starts for documents over 1 MB (env/web.ts).
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/extension/lazy/suggestWorker.web.ts')],
    outfile: join(dist, 'lazy', 'suggestWorker.web.js'),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  }),
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: join(dist, 'cli.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
  }),
];
// Webview scripts run in the card's iframe: browser platform, one file per view.
const webviewEntries = [['card', 'src/webview/card/main.ts']].filter(([, entry]) => existsSync(join(root, entry)));
for (const [name, entry] of webviewEntries) {
  builds.push(
    esbuild.build({
      ...common,
      entryPoints: [join(root, entry)],
      outfile: join(dist, 'webview', `${name}.js`),
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      loader: { '.css': 'text' },
    }),
  );
}
const outcomes = await Promise.allSettled(builds);
if (outcomes.some((o) => o.status === 'rejected')) {
  console.error('build: bundling failed; esbuild printed the errors above with file:line.');
  process.exit(1);
}
chmodSync(join(dist, 'cli.js'), 0o755);
console.log(
  `build: ${catalogResult.nodes} catalog nodes${snippetsNote}, ${builds.length} bundles ` +
    `(${production ? 'production' : 'development'}) in ${Date.now() - started} ms`,
);
