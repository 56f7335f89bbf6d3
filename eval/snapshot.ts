/**
 * The golden snapshot: what the engine says on every fixture document (its suggestions with their
 * scores, the lines of each suggestion's evidence, the words it names as having raised the score, its
 * open questions, the combinations it matched and how many figures it read),
 * written by `npm run eval -- --snapshot` and compared by test/unit/suggest/snapshot.test.ts, so that
 * any change in behaviour shows up in review as a diff of eval/snapshot.json.
 */
import { join } from 'node:path';
import type { SuggestEngine } from '../src/core/suggest';
import type { EvalDoc } from './docs';

export const SNAPSHOT_FILE = join(__dirname, 'snapshot.json');

/** One line per document: "pattern score [evidence lines] {words}; ... | questions | combinations | N figures". */
export type Snapshot = Record<string, string>;

export function snapshotOf(engine: SuggestEngine, docs: readonly EvalDoc[]): Snapshot {
  const out: Snapshot = {};
  for (const d of docs) {
    const r = engine.suggest(d.text);
    const suggestions = r.suggestions.map((s) => `${s.pattern} ${s.score.toFixed(2)} [${s.evidence.map((e) => e.line).join(',')}] {${s.words.join(',')}}`).join('; ');
    out[d.id] = `${suggestions} | ${r.openQuestions.map((q) => q.id).join(', ')} | ${r.combinations.map((c) => c.id).join(', ')} | ${r.numbers.length} figures`;
  }
  return out;
}
