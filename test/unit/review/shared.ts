import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRepoCatalog } from '../../../eval/catalog';
import type { Catalog } from '../../../src/core/catalog/model';
import { createSuggestEngine, type ScoringEngine } from '../../../src/core/suggest/engine';

const repoRoot = join(__dirname, '..', '..', '..');
let cached: { catalog: Catalog; engine: ScoringEngine } | undefined;

/** The real catalog and one engine over it, built once for the review tests. */
export function realEngine(): { catalog: Catalog; engine: ScoringEngine } {
  cached ??= (() => {
    const catalog = loadRepoCatalog();
    return { catalog, engine: createSuggestEngine(catalog) };
  })();
  return cached;
}

export function example(name: string): string {
  return readFileSync(join(repoRoot, 'examples', name), 'utf8');
}

/** Applies an insertion at a 0-based line and character, as an editor would. */
export function applyInsertion(text: string, at: { line: number; character: number; text: string }): string {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < at.line; i++) offset += lines[i]!.length + 1;
  offset += at.character;
  return text.slice(0, offset) + at.text + text.slice(offset);
}
