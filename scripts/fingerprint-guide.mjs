#!/usr/bin/env node
// Writes scripts/guide-fingerprint.json: a hash of each 8-word run of the source guide, so that
// `npm run check:originality` works on a checkout with no ../shared beside it. The hashes say
// whether a run of our content also occurs in the guide; the guide's text never enters the repo.
//   node scripts/fingerprint-guide.mjs   (reads ../shared/seed/ or SDP_GUIDE)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { guideRunHashes, RUN } from './originality.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const guidePath = process.env.SDP_GUIDE ?? resolve(root, '../shared/seed/system-design-patterns-guide.md');
if (!existsSync(guidePath)) {
  console.error(`fingerprint-guide: the source guide is not at ${guidePath}. Put shared/ beside the checkout or set SDP_GUIDE.`);
  process.exit(2);
}
const hashes = [...guideRunHashes(readFileSync(guidePath, 'utf8'))].sort();
writeFileSync(join(root, 'scripts', 'guide-fingerprint.json'), `${JSON.stringify({
  about: `SHA-256 (first 12 hex digits) of each ${RUN}-word run of the source guide, lowercased, as scripts/originality.mjs splits words. Written by scripts/fingerprint-guide.mjs; read by scripts/check-originality.mjs when the guide itself is not beside the checkout.`,
  run: RUN,
  hashes,
})}\n`);
console.log(`fingerprint-guide: ${hashes.length} runs hashed`);
