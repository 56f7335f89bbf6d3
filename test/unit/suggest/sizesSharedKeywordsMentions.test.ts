import { strict as assert } from 'node:assert';
import type { CatalogNode } from '../../../src/core/catalog/model';
import { indexCatalog } from '../../../src/core/catalog/indexCatalog';
import { createSuggestEngine } from '../../../src/core/suggest';
import { pickPatterns } from '../../../src/core/suggest/engine';
import { checkLimits } from '../../../src/core/suggest/limits';
import { extractNumbers } from '../../../src/core/suggest/numbers';
import type { PatternScore } from '../../../src/core/suggest/scorer';
import type { NumberFact } from '../../../src/core/suggest/types';

function facts(line: string): NumberFact[] {
  const out: NumberFact[] = [];
  extractNumbers(line, 0, line.length, 1, out);
  return out;
}
const sizeSubject = (line: string): string | undefined => facts(line).find((f) => f.kind === 'size')?.subject;

function pattern(id: string, keywords: string[], prose: string): CatalogNode {
  return {
    id, kind: 'pattern', title: id, summary: `${id}.`, order: 0, keywords, related: [], children: [],
    sections: [{ heading: 'Overview', markdown: prose, line: 1 }], source: { file: 'fixture.md', line: 1 },
  };
}

function score(id: string, extra: Partial<PatternScore>): PatternScore {
  return {
    pattern: id, raw: 0, score: 0, distinctPhrases: 0, prominent: false, titleKeyword: false, numberStrength: 0, support: 0,
    solutionScores: new Map(), evidence: [], ...extra,
  };
}

describe('suggest: what a size figure measures', () => {
  it('reads sizes of stored or uploaded things as object sizes', () => {
    assert.equal(sizeSubject('Photos are 2 MB on average'), 'objects');
    assert.equal(sizeSubject('users upload 4 GB videos from their phones'), 'objects');
    assert.equal(sizeSubject('attachments: a 300 KB screenshot is typical'), 'objects');
    assert.equal(sizeSubject('A long tail of 20-100 MB log bundles'), 'objects');
  });

  it('reads sizes of configuration, working data, logs and memory as something else', () => {
    assert.equal(sizeSubject('The full config snapshot is 6 MB and every client downloads it'), 'other');
    assert.equal(sizeSubject('Each worker loads a 300 MB dataset into memory'), 'other');
    assert.equal(sizeSubject('Log files rotate at 10 MB, keep 5 files'), 'other');
    assert.equal(sizeSubject('Workers get 4 GB RAM'), 'other');
    assert.equal(sizeSubject('Messages are capped at 1 MB'), 'other');
  });

  it('does not take an unattributed size for an object', () => {
    assert.equal(sizeSubject('The installer grew by 2 MB since the last release'), 'other');
  });

  it('only object sizes count against the large-object limit', () => {
    assert.equal(checkLimits(facts('a 6 MB config snapshot')).length, 0);
    assert.equal(checkLimits(facts('2 MB photos')).length, 1);
  });
});

describe('suggest: a keyword two patterns share goes with the rest of the doc', () => {
  const catalog = indexCatalog([
    pattern('multi-step', ['workflow', 'retry', 'refund', 'compensation', 'ledger'], 'Steps across services that must all happen or be undone.'),
    pattern('long-running', ['workflow', 'retry', 'progress bar', 'background job', 'status endpoint'], 'Work that outlasts a request.'),
    pattern('other', ['cache'], 'Unrelated.'),
  ]);
  const engine = createSuggestEngine(catalog);
  const top = (text: string): string | undefined => engine.scores(text)[0]?.pattern;

  it('takes workflow words for multi-step when the doc is about money and undoing steps', () => {
    const doc = 'We run each order as a workflow.\nFailed steps retry, then trigger a refund.\nThe ledger records compensation.';
    assert.equal(top(doc), 'multi-step');
  });

  it('takes the same words for long-running when the doc is about background work and progress', () => {
    const doc = 'We run each export as a workflow.\nFailed steps retry in the background job.\nA progress bar reads the status endpoint.';
    assert.equal(top(doc), 'long-running');
  });

  it('keeps the shared words from outweighing a pattern with its own evidence', () => {
    const scores = engine.scores('The workflow retries.\nOn failure we refund and write a compensation entry to the ledger.');
    const ms = scores.find((s) => s.pattern === 'multi-step')!;
    const lr = scores.find((s) => s.pattern === 'long-running')!;
    assert.ok(ms.raw > 2 * lr.raw, `${ms.raw} vs ${lr.raw}`);
  });
});

describe('suggest: passing mentions stay quiet', () => {
  it('does not suggest a pattern whose evidence stands on one line of a longer doc', () => {
    const scores = [score('large-blobs', { raw: 1.8, score: 0.36, distinctPhrases: 2, support: 1.4, spread: 1 })];
    assert.deepEqual(pickPatterns(scores, 0.35, false), []);
  });

  it('still suggests it when that line carries varied specific evidence or a figure past a limit', () => {
    assert.equal(pickPatterns([score('large-blobs', { raw: 2.5, score: 0.45, distinctPhrases: 3, support: 2.2, spread: 1 })], 0.35, false).length, 1);
    assert.equal(pickPatterns([score('scaling-reads', { raw: 2.1, score: 0.4, distinctPhrases: 0, numberStrength: 0.7, support: 0.7, spread: 1 })], 0.35, false).length, 1);
  });
});
