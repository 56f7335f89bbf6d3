/** `npx tsx eval/explain.ts FILE [N]`: every pattern's score and top evidence for one doc (tuning aid; `@text` for inline text). */
import { readFileSync } from 'node:fs';
import { createSuggestEngine } from '../src/core/suggest';
import { loadRepoCatalog } from './catalog';
const e = createSuggestEngine(loadRepoCatalog());
const f = process.argv[2]!;
const text = f.startsWith('@') ? f.slice(1) : readFileSync(f, 'utf8');
const r = e.suggest(text, { minScore: 0, maxSuggestions: 7, maxEvidence: 30 });
for (const s of r.suggestions) { console.log('==', s.pattern, s.score, s.solutions.join(',')); for (const ev of s.evidence.slice(0, +(process.argv[3] ?? 12))) console.log('   ', ev.weight, ev.line, JSON.stringify(ev.text), ev.reason.slice(0, 110)); }
console.log(r.numbers.map(n => `${n.line}:${n.text} [${n.kind}/${n.subject}] ${n.normalized}`).join('\n'));
console.log(JSON.stringify(r.openQuestions.slice(0,4), null, 0)); console.log(JSON.stringify(r.combinations));
