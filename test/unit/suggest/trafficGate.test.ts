import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/load';
import { createSuggestEngine } from '../../../src/core/suggest';
import { documentEvidence, pickPatterns } from '../../../src/core/suggest/engine';
import { extractNumbers } from '../../../src/core/suggest/numbers';
import type { PatternScore } from '../../../src/core/suggest/scorer';
import type { NumberFact } from '../../../src/core/suggest/types';

function facts(line: string): NumberFact[] {
  const out: NumberFact[] = [];
  extractNumbers(line, 0, line.length, 1, out);
  return out;
}

function score(id: string, extra: Partial<PatternScore>): PatternScore {
  return {
    pattern: id, raw: 0, score: 0, distinctPhrases: 0, prominent: false, titleKeyword: false, numberStrength: 0, support: 0,
    solutionScores: new Map(), evidence: [], ...extra,
  };
}

describe('suggest: document evidence of traffic', () => {
  it('reads a rate, a read:write ratio or a large user base as traffic', () => {
    assert.equal(documentEvidence(facts('about 30,000 requests per second at rush hour')).traffic, true);
    assert.equal(documentEvidence(facts('read to write ratio is 100:1')).traffic, true);
    assert.equal(documentEvidence(facts('15M daily users open the app')).traffic, true);
  });

  it('does not read build times, file sizes or a small team as traffic', () => {
    assert.equal(documentEvidence(facts('builds take 12 minutes on average')).traffic, false);
    assert.equal(documentEvidence(facts('the firmware image is 2 MB')).traffic, false);
    assert.equal(documentEvidence(facts('the tool has 30 users')).traffic, false);
  });
});

describe('suggest: figures need a word of the pattern or stated traffic', () => {
  const figureOnly = score('long-running-tasks', { raw: 2.7, score: 0.48, distinctPhrases: 0, numberStrength: 0.9, support: 0.9, keywordSupport: 0, spread: 2 });

  it('stays quiet on a figure past a limit with no keyword of its pattern and no traffic', () => {
    assert.deepEqual(pickPatterns([figureOnly], 0.35, false, { traffic: false }), []);
  });

  it('keeps the figure when the document states traffic, or when no document evidence is given', () => {
    assert.equal(pickPatterns([figureOnly], 0.35, false, { traffic: true }).length, 1);
    assert.equal(pickPatterns([figureOnly], 0.35, false).length, 1);
  });

  it('keeps it when a specific keyword of the pattern corroborates the figure', () => {
    const corroborated = { ...figureOnly, keywordSupport: 1, support: 1.9, distinctPhrases: 1 };
    assert.equal(pickPatterns([corroborated], 0.35, false, { traffic: false }).length, 1);
  });

  it('shows everything when the caller asks for every score (minScore 0)', () => {
    assert.equal(pickPatterns([figureOnly], 0, true, { traffic: false }).length, 1);
  });
});

describe('suggest: hard negatives on the real catalog', () => {
  const { catalog } = loadCatalog(join(__dirname, '..', '..', '..', 'content'));
  const engine = createSuggestEngine(catalog);
  const patterns = (text: string): string[] => engine.suggest(text).suggestions.map((s) => s.pattern);

  it('stays quiet on a training log and a CI note full of durations', () => {
    assert.deepEqual(patterns('# Training log\n\nRun 1: training took 6 hours on one GPU.\n\nRun 2: training took 2 h 40 min with mixed precision.\n\nThe model file is 540 MB.\n'), []);
    assert.deepEqual(patterns('# Faster CI\n\nBuilds take 12 minutes on average and 25 minutes at the 90th percentile.\n\nSplit the unit tests into 4 shards.\n'), []);
  });

  it('still suggests a pattern for a short design doc with a figure and its words', () => {
    const text = '# Payroll run\n\nRunning payroll for a 30,000-employee customer takes about 45 minutes, so the button cannot wait on the HTTP request. Enqueue a job, return a job id, let workers process employees in batches with checkpoints, and show progress until it is done.\n';
    assert.equal(patterns(text)[0], 'long-running-tasks');
  });
});
