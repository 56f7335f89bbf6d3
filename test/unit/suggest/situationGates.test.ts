/**
 * Situation gates on the real catalog: a deep dive with `askedWhen` phrases is an interview scenario
 * (a job that runs for hours, a primary that fails over, a flash sale). A document that relies on the
 * solution the deep dive applies to, but is not in that situation, must not be asked it.
 */
import { strict as assert } from 'node:assert';
import { indexCatalog } from '../../../src/core/suggest/catalogIndex';
import { readWords } from '../../../src/core/suggest/evidence';
import { openQuestions } from '../../../src/core/suggest/questions';
import { readStructure } from '../../../src/core/suggest/structure';
import { loadRepoCatalog } from '../../../eval/catalog';

describe('suggest: situation gates of the catalog deep dives', () => {
  const index = indexCatalog(loadRepoCatalog());
  const gated = index.deepDives.filter((d) => (d.askedWhen ?? []).length > 0 && (d.appliesTo ?? []).length > 0);

  /** The questions asked of `text` for the deep dive's pattern, made sure, with its first solution named on line 3; every other question of the pattern is ignored so none takes its place. */
  const asked = (id: string, text: string): boolean => {
    const dd = index.nodes.get(id)!;
    const pattern = dd.parent!;
    const others = new Set([
      ...index.deepDives.filter((d) => d.parent === pattern && d.id !== id).map((d) => d.id),
      // A check that replaces this deep dive is the same question: ignoring it would ignore the deep dive too.
      ...index.checks.filter((c) => c.replaces !== id).map((c) => c.check.id),
    ]);
    const structure = readStructure(text);
    const words = readWords(structure, index);
    const sure = [{ pattern, title: pattern, score: 0.9, solutions: [], evidence: [], words: [] }];
    const lines = new Map([[dd.appliesTo![0]!, 3]]);
    return openQuestions(index, sure, { structure, blocksByKeyStem: words.blocksByKeyStem }, lines, undefined, new Set(), others).some((q) => q.id === id);
  };

  it('the catalog has gated deep dives to check', () => {
    assert.ok(gated.length >= 5, `${gated.length} gated deep dives`);
  });

  it('asks a gated deep dive only when one of its situations stands in the document', () => {
    const problems: string[] = [];
    for (const dd of gated) {
      // The solution counts as named (line 3) without its words: its title may itself name the situation ("Saga Pattern").
      const plain = '# Design\n\nThe service relies on the solution below.\n\nIt stores its state in one table.\n';
      if (asked(dd.id, plain)) problems.push(`${dd.id}: asked without its situation`);
      for (const phrase of dd.askedWhen!) {
        if (!asked(dd.id, `${plain}\nThe design must cope with ${phrase}.\n`)) problems.push(`${dd.id}: not asked with "${phrase}"`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
