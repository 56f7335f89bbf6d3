#!/usr/bin/env node
// Measures how much of content/ repeats the source guide word for word: the share of the
// content's 8-word runs that also occur in the guide. Fails above the threshold (1%).
// The guide is read from ../shared/seed/ (or SDP_GUIDE) and is never copied into the repo; where it
// is absent (a fresh clone on its own), the hashes of its runs in scripts/guide-fingerprint.json
// stand in for it.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { guideRunHashes, runHash, runs, words } from './originality.mjs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const guidePath = process.env.SDP_GUIDE ?? resolve(root, '../shared/seed/system-design-patterns-guide.md');
const contentDir = join(root, 'content');
const THRESHOLD = Number(process.env.SDP_ORIGINALITY_MAX ?? '0.01');
const verbose = process.argv.includes('--verbose');

const fingerprintPath = join(root, 'scripts', 'guide-fingerprint.json');
let guideHashes;
if (existsSync(guidePath)) {
  guideHashes = guideRunHashes(readFileSync(guidePath, 'utf8'));
  const stored = existsSync(fingerprintPath) ? new Set(JSON.parse(readFileSync(fingerprintPath, 'utf8')).hashes) : new Set();
  if (stored.size !== guideHashes.size || [...guideHashes].some((h) => !stored.has(h))) {
    console.log('check:originality: scripts/guide-fingerprint.json is missing or out of date; run node scripts/fingerprint-guide.mjs and commit it.');
  }
} else if (existsSync(fingerprintPath)) {
  guideHashes = new Set(JSON.parse(readFileSync(fingerprintPath, 'utf8')).hashes);
  console.log(`check:originality: the guide is not at ${guidePath}; comparing with its fingerprint (scripts/guide-fingerprint.json).`);
} else {
  console.error(`check:originality: neither the source guide (${guidePath}) nor scripts/guide-fingerprint.json is there. Put shared/ beside the checkout or set SDP_GUIDE.`);
  process.exit(2);
}

function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (name.endsWith('.md') && name !== 'FORMAT.md' && name !== 'README.md') out.push(p);
  }
  return out.sort();
}

let total = 0;
let shared = 0;
const rows = [];
for (const file of listFiles(contentDir)) {
  const fileRuns = runs(words(readFileSync(file, 'utf8')));
  const hits = fileRuns.filter((r) => guideHashes.has(runHash(r)));
  total += fileRuns.length;
  shared += hits.length;
  rows.push({ file: relative(root, file), runs: fileRuns.length, shared: hits.length, hits });
}

for (const r of rows) {
  const pct = r.runs ? ((100 * r.shared) / r.runs).toFixed(2) : '0.00';
  console.log(`${pct.padStart(6)}%  ${String(r.shared).padStart(5)}/${String(r.runs).padEnd(6)} ${r.file}`);
  if (verbose) for (const h of new Set(r.hits)) console.log(`           "${h}"`);
}
const share = total ? shared / total : 0;
console.log(`originality: ${shared} of ${total} 8-word runs (${(100 * share).toFixed(2)}%) also occur in the guide; limit ${(100 * THRESHOLD).toFixed(0)}%`);
if (total === 0) {
  console.error('check:originality: no content found under content/.');
  process.exit(1);
}
process.exit(share > THRESHOLD ? 1 : 0);
