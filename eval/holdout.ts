/**
 * `npx tsx eval/holdout.ts [--set heldout8 | --dir PATH] [--candidates model,rules] [--model m.json]`: the summary figures of the
 * newest held-out set for each candidate decision (eval/candidates.ts): designs top-1 / top-3, and
 * the quiet rate on its easy (`quiet/easy-*`) and hard (`quiet/hard-*`) no-pattern docs. No
 * per-document output, so scoring a candidate does not show which documents it missed.
 */
import { readFileSync } from 'node:fs';
import { createSuggestEngine } from '../src/core/suggest/engine';
import { SUGGEST_MODEL, type SuggestModel } from '../src/core/suggest/model';
import { CANDIDATES, candidateRank, type Candidate } from './candidates';
import { loadRepoCatalog } from './catalog';
import { quietRate, scoreRankings } from './metrics';
import { loadSet, loadSetAt } from './sets';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const setName = arg('--set') ?? 'heldout8';
const names = (arg('--candidates')?.split(',') ?? [...CANDIDATES]) as Candidate[];
const modelFile = arg('--model');
const learned = modelFile ? (JSON.parse(readFileSync(modelFile, 'utf8')) as SuggestModel) : SUGGEST_MODEL;
const dir = arg('--dir');
const set = (dir ? loadSetAt(dir) : loadSet(setName))!;
const engine = createSuggestEngine(loadRepoCatalog());
/** Docs whose label file marks the primary as clear (`"confidence": "clear"`), when it marks any. */
const clear = new Set(set.docs.filter((d) => d.confidence === 'clear').map((d) => d.name));
const pct = (x: number): string => `${(100 * x).toFixed(0).padStart(3)}%`;
const easy = set.quiet.filter((q) => q.name.includes('easy-'));
const hard = set.quiet.filter((q) => q.name.includes('hard-'));
console.log(`${dir ?? setName}: ${set.docs.length + set.prompts.length} designs, ${easy.length} easy and ${hard.length} hard no-pattern docs`);
for (const name of names) {
  const rank = candidateRank(engine, name, learned);
  const r = scoreRankings([...set.docs, ...set.prompts], rank).scores;
  const qe = quietRate(easy, rank).rate, qh = quietRate(hard, rank).rate, qa = quietRate(set.quiet, rank).rate;
  console.log(`  ${name.padEnd(22)} top1 ${pct(r.top1)}  top3 ${pct(r.top3)}  quiet easy ${pct(qe)}  hard ${pct(qh)}  all ${pct(qa)}`);
  if (clear.size > 0 && clear.size < set.docs.length) {
    const c = scoreRankings(set.docs.filter((d) => clear.has(d.name)), rank).scores;
    console.log(`  ${''.padEnd(22)} labelled "clear" only (n=${clear.size}): top1 ${pct(c.top1)}  top3 ${pct(c.top3)}`);
  }
}
