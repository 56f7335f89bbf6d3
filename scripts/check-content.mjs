#!/usr/bin/env node
// `npm run check:content`, part of `npm run check`: reads and validates content/ (cards, shared
// figures, snippets with their snippet.yaml, templates, the placement table, diagrams) with the
// build's own reader, writing into a throw-away folder, so a broken content file (a YAML
// description with `: ` in a plain scalar, a card paragraph too long) fails the check before a
// commit, not a later build or test run. Prints each problem as file:line and exits 1. Then
// package.json's contributes.snippets against the snippet files written there
// (snippet-contributions.mjs): paths and languages.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentProblemsSummary, contentToolsOptions } from './bundle-options.mjs';
import { snippetContributionProblems } from './snippet-contributions.mjs';

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
  } else {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const problems = snippetContributionProblems({ manifest, distDir: out, written: result.snippetFiles });
    for (const problem of problems) console.error(problem);
    if (problems.length > 0) {
      console.error(`check:content: package.json's contributes.snippets has ${problems.length} problem(s), listed above; fix them and check again.`);
      process.exitCode = 1;
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
  rmSync(bundle, { force: true });
}
