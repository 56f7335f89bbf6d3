/**
 * Prints what the engine shows on eval documents, for a reader to rate (eval/ratings.json):
 *   npx tsx eval/explanations.ts --split dev --limit 30 [--seed S] > explanations.json
 * Each document comes with its suggestions, their evidence lines (with the line's text) and the
 * open questions (with the lines the document has, so the reader can check what it states).
 * The test split is refused: it is scored once, in summary only.
 */
import { createHash } from 'node:crypto';
import { createSuggestEngine } from '../src/core/suggest';
import { loadRepoCatalog } from './catalog';
import { corpusDocs, fixtureDocs } from './docs';
import { HELD_OUT_SPLITS, type Split } from './corpus/manifest';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const split = arg('--split', 'dev') as Split | 'fixtures';
if (split !== 'fixtures' && HELD_OUT_SPLITS.has(split)) throw new Error(`the ${split} split is held out: not for rating`);
const limit = Number(arg('--limit', '30'));
const seed = arg('--seed', 'ratings');
const engine = createSuggestEngine(loadRepoCatalog());
const docs = (split === 'fixtures' ? fixtureDocs() : corpusDocs(split))
  .map((d) => ({ d, r: engine.suggest(d.text) }))
  .filter(({ r }) => r.suggestions.length > 0)
  .sort((a, b) => createHash('sha1').update(seed + a.d.id).digest('hex').localeCompare(createHash('sha1').update(seed + b.d.id).digest('hex')))
  .slice(0, limit);
const out = docs.map(({ d, r }) => {
  const lines = d.text.split('\n');
  return {
    doc: d.id,
    suggestions: r.suggestions.map((s) => ({
      pattern: s.pattern, score: s.score,
      evidence: s.evidence.map((e) => ({ line: e.line, text: e.text, reason: e.reason, lineText: lines[e.line - 1]?.slice(0, 300) })),
    })),
    questions: r.openQuestions.map((q) => ({ question: q.id, text: q.question, reason: q.reason })),
  };
});
console.log(JSON.stringify(out, null, 1));
