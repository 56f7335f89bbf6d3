/**
 * The labelling vocabulary of eval/corpus/LABELLING.md, checked the same way wherever labels stand:
 * the manifests' first labels (corpus.test.ts) and the second and third labels (agreement.test.ts).
 * A design names one of the catalog's patterns as primary, inside its relevant list, and only
 * catalog patterns as relevant; a none names no pattern; confidence is clear or arguable.
 */
import { strict as assert } from 'node:assert';
import { loadRepoCatalog } from '../../../eval/catalog';

export interface AnyLabel {
  readonly kind: string;
  readonly primary: string | null;
  readonly relevant: readonly string[];
  readonly confidence: string;
}

let patterns: ReadonlySet<string> | undefined;

/** The catalog's patterns, read once. */
export function catalogPatterns(): ReadonlySet<string> {
  patterns ??= new Set(loadRepoCatalog().roots.filter((n) => n.kind === 'pattern').map((n) => n.id));
  return patterns;
}

export function assertInLabellingVocabulary(l: AnyLabel, what: string): void {
  const known = catalogPatterns();
  assert.ok(l.confidence === 'clear' || l.confidence === 'arguable', `${what}: confidence ${l.confidence}`);
  if (l.kind === 'none') {
    assert.equal(l.primary, null, `${what}: a none with a primary`);
    assert.deepEqual(l.relevant, [], `${what}: a none with relevant patterns`);
    return;
  }
  assert.equal(l.kind, 'design', `${what}: kind ${l.kind}`);
  assert.ok(l.primary !== null && known.has(l.primary) && l.relevant.includes(l.primary), `${what}: primary ${l.primary}, not a pattern or not in relevant`);
  for (const r of l.relevant) assert.ok(known.has(r), `${what}: relevant ${r} is no pattern`);
}
