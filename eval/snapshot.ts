/**
 * The golden snapshot: every fixture document's ranked result (pattern and score), written by
 * `npm run eval -- --snapshot` and compared by test/unit/suggest/snapshot.test.ts, so that any
 * change in what the engine says shows up in review as a diff of eval/snapshot.json.
 */
import { join } from 'node:path';
import type { ScoringEngine } from '../src/core/suggest/engine';
import type { EvalDoc } from './docs';

export const SNAPSHOT_FILE = join(__dirname, 'snapshot.json');

export type Snapshot = Record<string, string[]>;

export function snapshotOf(engine: ScoringEngine, docs: readonly EvalDoc[]): Snapshot {
  const out: Snapshot = {};
  for (const d of docs) out[d.id] = engine.suggest(d.text).suggestions.map((s) => `${s.pattern} ${s.score.toFixed(2)}`);
  return out;
}
