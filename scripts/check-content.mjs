#!/usr/bin/env node
// `npm run check:content`, part of `npm run check`: reads and validates content/ (cards, shared
// figures, snippets with their snippet.yaml, templates, the placement table, diagrams) with the
// build's own reader (only the build checks package.json's contributes.snippets against the
// snippet files it writes), writing into a throw-away folder, so a broken content file (a YAML
// description with `: ` in a plain scalar, a card paragraph too long) fails the check before a
// commit, not a later build or test run. Prints each problem as file:line and exits 1.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentProblemsSummary, contentToolsOptions } from './bundle-options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const toolsDir = join(root, '.sdp-tmp');
mkdirSync(toolsDir, { recursive: true });
// Its own bundle file, so a check never overwrites the one a build in progress is loading.
const bundle = join(toolsDir, `check-content-${process.pid}.cjs`);
const out = mkdtempSync(join(tmpdir(), 'sdp-check-content-'));
try {
  await esbuild.build(contentToolsOptions(root, bundle));
  const { buildCatalogJson } = require(bundle);
  const result = await buildCatalogJson(root, out);
  if (result.problems > 0) {
    console.error(contentProblemsSummary('check:content', result, 'check again'));
    process.exitCode = 1;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
  rmSync(bundle, { force: true });
}
