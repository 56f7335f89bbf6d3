// Word runs and their hashes, shared by check-originality.mjs and fingerprint-guide.mjs.
import { createHash } from 'node:crypto';

export const RUN = 8;

/** Lowercased words; markdown punctuation, numbers' separators and emoji fall away. */
export function words(text) {
  return text.toLowerCase().replace(/[’']/g, '').match(/[a-z0-9]+/g) ?? [];
}

export function runs(ws) {
  const out = [];
  for (let i = 0; i + RUN <= ws.length; i++) out.push(ws.slice(i, i + RUN).join(' '));
  return out;
}

export function runHash(run) {
  return createHash('sha256').update(run).digest('hex').slice(0, 12);
}

export function guideRunHashes(text) {
  return new Set(runs(words(text)).map(runHash));
}
