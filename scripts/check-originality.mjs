#!/usr/bin/env node
// Measures how much of content/ repeats the source guide word for word: the share of the
// content's 8-word runs that also occur in the guide. Fails above the threshold (1%).
// The guide is read from ../shared/seed/ (or SDP_GUIDE) and is never copied into the repo.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const guidePath = process.env.SDP_GUIDE ?? resolve(root, '../shared/seed/system-design-patterns-guide.md');
const contentDir = join(root, 'content');
const RUN = 8;
const THRESHOLD = Number(process.env.SDP_ORIGINALITY_MAX ?? '0.01');
const verbose = process.argv.includes('--verbose');

if (!existsSync(guidePath)) {
  console.error(`check:originality: the source guide is not at ${guidePath}. Put shared/ beside the checkout or set SDP_GUIDE.`);
  process.exit(2);
}

/** Lowercased words; markdown punctuation, numbers' separators and emoji fall away. */
function words(text) {
  return text.toLowerCase().replace(/[’']/g, '').match(/[a-z0-9]+/g) ?? [];
}

function runs(ws) {
  const out = [];
  for (let i = 0; i + RUN <= ws.length; i++) out.push(ws.slice(i, i + RUN).join(' '));
  return out;
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

const guideRuns = new Set(runs(words(readFileSync(guidePath, 'utf8'))));
let total = 0;
let shared = 0;
const rows = [];
for (const file of listFiles(contentDir)) {
  const fileRuns = runs(words(readFileSync(file, 'utf8')));
  const hits = fileRuns.filter((r) => guideRuns.has(r));
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
