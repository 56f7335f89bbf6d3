/**
 * `npx tsx eval/gate.ts --sets dev,heldout2,quiet`: per document, the strongest patterns with their raw
 * score, calibrated score and evidence support, and whether the engine suggests anything (tuning aid
 * for the quiet-versus-suggest decision; keep held-out sets out of `--sets` while tuning).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSuggestEngine } from '../src/core/suggest/engine';
import { loadRepoCatalog } from './catalog';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'eval');
const i = process.argv.indexOf('--sets');
const sets = (i >= 0 ? process.argv[i + 1]! : 'dev,heldout,heldout2,quiet,quiet2').split(',');
const engine = createSuggestEngine(loadRepoCatalog());

function show(set: string, name: string, text: string, want: string): void {
  const scores = engine.scores(text).slice(0, 3);
  const got = engine.suggest(text).suggestions.map((s) => s.pattern);
  const mark = want === '-' ? (got.length === 0 ? 'ok ' : 'NOISY') : got[0] === want ? 'ok ' : got.includes(want) ? 'top3' : 'MISS';
  console.log(`${mark.padEnd(5)} ${set}/${name.slice(0, 34).padEnd(34)} want ${want.padEnd(20)} ` +
    scores.map((s) => `${s.pattern.slice(0, 12)} r${s.raw.toFixed(2)} s${s.score.toFixed(2)} u${s.support.toFixed(2)} d${s.distinctPhrases}`).join(' | '));
}

for (const set of sets) {
  const dir = join(FIXTURES, set);
  if (set === 'quiet') {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.md'))) show(set, f, readFileSync(join(dir, f), 'utf8'), '-');
    continue;
  }
  if (!existsSync(join(dir, 'labels.json'))) continue;
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as
    { docs: { file: string; primary: string }[]; prompts: { text: string; primary: string }[]; quiet?: string[] };
  for (const d of labels.docs) show(set, d.file.replace('docs/', ''), readFileSync(join(dir, d.file), 'utf8'), d.primary);
  for (const p of labels.prompts) show(set, p.text, p.text, p.primary);
  for (const q of labels.quiet ?? []) show(set, q, readFileSync(join(dir, q), 'utf8'), '-');
}
