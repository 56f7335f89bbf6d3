/** `npx tsx eval/raw.ts FILE...`: each pattern's uncalibrated strength (-ln(1-score), proportional to the raw sum) per doc (tuning aid). */
import { readFileSync } from 'node:fs';
import { createSuggestEngine } from '../src/core/suggest';
import { loadRepoCatalog } from './catalog';
const engine = createSuggestEngine(loadRepoCatalog());
for (const f of process.argv.slice(2)) {
  const r = engine.suggest(readFileSync(f, 'utf8'), { minScore: 0, maxSuggestions: 7 });
  console.log(f.split('/').pop(), r.suggestions.map((s) => `${s.pattern}=${(-Math.log(Math.max(1e-9, 1 - s.score))).toFixed(2)}` +
    `(n${s.evidence.filter((e) => e.kind === 'number').reduce((a, e) => a + e.weight, 0).toFixed(1)})`).join(' '));
}
