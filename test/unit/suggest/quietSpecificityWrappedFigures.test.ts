import { strict as assert } from 'node:assert';
import type { CatalogNode } from '../../../src/core/catalog/model';
import { indexCatalog } from '../../../src/core/catalog/indexCatalog';
import { createSuggestEngine } from '../../../src/core/suggest';
import { pickPatterns } from '../../../src/core/suggest/engine';
import { extractNumbers } from '../../../src/core/suggest/numbers';
import type { PatternScore } from '../../../src/core/suggest/scorer';
import type { NumberFact } from '../../../src/core/suggest/types';
import { buildVocabulary, inverseFrequency } from '../../../src/core/suggest/vocabulary';
import { fixtureCatalog } from './fixtures';

function score(pattern: string, extra: Partial<PatternScore>): PatternScore {
  return {
    pattern, raw: 0, score: 0, distinctPhrases: 0, prominent: false, titleKeyword: false, numberStrength: 0, support: 0,
    solutionScores: new Map(), evidence: [], ...extra,
  };
}

function pattern(id: string, keywords: string[], prose: string): CatalogNode {
  return {
    id, kind: 'pattern', title: id, summary: `${id}.`, order: 0, keywords, related: [], children: [],
    sections: [{ heading: 'Overview', markdown: prose, line: 1 }], source: { file: 'fixture.md', line: 1 },
  };
}

describe('suggest: quiet or not on varied evidence', () => {
  it('suggests the clear leader of a short doc on varied evidence below minScore', () => {
    const scores = [score('contention', { raw: 1.4, score: 0.3, distinctPhrases: 3, support: 2.4 }), score('scaling-reads', { raw: 0.4, score: 0.1, distinctPhrases: 1, support: 0.5 })];
    assert.deepEqual(pickPatterns(scores, 0.35, false).map((s) => s.pattern), ['contention']);
  });
  it('stays quiet when the evidence is thin or generic, or the leader is not clear', () => {
    const thin = [score('contention', { raw: 1.4, score: 0.3, distinctPhrases: 2, support: 1.2 })];
    assert.deepEqual(pickPatterns(thin, 0.35, false), []);
    const close = [score('contention', { raw: 1.4, score: 0.3, distinctPhrases: 3, support: 2.4 }), score('scaling-reads', { raw: 1.2, score: 0.27, distinctPhrases: 3, support: 2 })];
    assert.deepEqual(pickPatterns(close, 0.35, false), []);
  });
  it('keeps an explicit minScore strict', () => {
    const scores = [score('contention', { raw: 1.4, score: 0.3, distinctPhrases: 3, support: 2.4 })];
    assert.deepEqual(pickPatterns(scores, 0.35, true), []);
    assert.deepEqual(pickPatterns(scores, 0.25, true).map((s) => s.pattern), ['contention']);
  });
  it('still needs more than one word repeated to pass on score alone', () => {
    const scores = [score('scaling-reads', { raw: 3, score: 0.5, distinctPhrases: 1, support: 1 })];
    assert.deepEqual(pickPatterns(scores, 0.35, false), []);
  });
});

describe('suggest: keyword specificity from the catalog', () => {
  it('scales the IDF from 1 (one pattern) down as more patterns use a phrase', () => {
    assert.equal(inverseFrequency(1, 7), 1);
    assert.ok(inverseFrequency(2, 7) < 1 && inverseFrequency(7, 7) < inverseFrequency(2, 7));
    assert.ok(inverseFrequency(7, 7) > 0);
  });
  it('damps a keyword that every pattern\'s prose uses, not one that only its own pattern uses', () => {
    const catalog = indexCatalog([
      pattern('a', ['cache', 'seat map'], 'A cache in front of the seat map.'),
      pattern('b', ['shard'], 'Each shard has its own cache.'),
      pattern('c', ['worker'], 'Workers keep a cache too.'),
    ]);
    const v = buildVocabulary(catalog);
    const phrase = (label: string) => [...v.byFirst.values()].flat().find((p) => p.label === label)!;
    assert.equal(phrase('cache').patternFrequency, 3);
    assert.equal(phrase('seat map').patternFrequency, 1);
    assert.ok(phrase('cache').specificity < phrase('seat map').specificity);
    assert.equal(phrase('seat map').specificity, 1);
  });
  it('shares one vocabulary between engines of the same catalog', () => {
    const catalog = fixtureCatalog();
    const a = createSuggestEngine(catalog).suggest('# Seats\n\nWe oversell seats and double booking happens.');
    const b = createSuggestEngine(catalog).suggest('# Seats\n\nWe oversell seats and double booking happens.');
    assert.deepEqual(a, b);
  });
});

describe('suggest: figures across a wrapped line', () => {
  const engine = createSuggestEngine(fixtureCatalog());
  it('reads a figure that a hard-wrapped paragraph splits over two lines', () => {
    const r = engine.suggest('# Profile service\n\nThe service receives 180,000 lookups\nper second from thirty callers.\n');
    const fact = r.numbers.find((n) => n.kind === 'rate');
    assert.ok(fact, 'the rate is read');
    assert.equal(fact!.subject, 'reads');
    assert.equal(fact!.line, 3);
    assert.match(fact!.text, /180,000 lookups\s+per second/);
    assert.ok(!r.numbers.some((n) => n.kind === 'count' && n.line === 3), 'the narrower reading gives way');
  });
  it('does not join a line with a heading or a list item that follows', () => {
    const r = engine.suggest('# Notes\n\nWe expect 180,000 lookups\n- per second is the peak\n');
    assert.ok(!r.numbers.some((n) => n.kind === 'rate'));
  });
  it('gives the same figures after an edit as a fresh analysis', () => {
    const doc = '# Profile\n\nThe service receives 180,000 lookups\nper second. Photos are 12 MB each.\n\nMore text here.\n';
    const edited = doc.replace('More text', 'More words');
    const warm = createSuggestEngine(fixtureCatalog());
    warm.suggest(doc);
    assert.deepEqual(warm.suggest(edited).numbers, createSuggestEngine(fixtureCatalog()).suggest(edited).numbers);
  });
  it('reads "log lines per second" as a rate', () => {
    const out: NumberFact[] = [];
    extractNumbers('about 1.2 million log lines per second at peak', 0, 47, 1, out);
    assert.equal(out[0]?.kind, 'rate');
    assert.equal(out[0]?.subject, 'writes');
  });
});
