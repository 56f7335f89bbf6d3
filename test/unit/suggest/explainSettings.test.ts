/**
 * content/suggest/explain.json is bundled data, read without a runtime check (lexicon.ts `EXPLAIN`):
 * a bad edit (a negative count, a threshold that is not a number, a table out of order) would not
 * fail loudly but quietly show nothing, or everything. These checks make such an edit fail here.
 */
import { strict as assert } from 'node:assert';
import { EXPLAIN } from '../../../src/core/suggest/lexicon';

const count = (value: unknown, name: string, max = 50): void => {
  assert.ok(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max, `${name} must be a whole number from 0 to ${max}, not ${String(value)}`);
};
const share = (value: unknown, name: string): void => {
  assert.ok(typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1, `${name} must be a number from 0 to 1, not ${String(value)}`);
};

describe('content/suggest/explain.json: settings in range', () => {
  it('evidenceLinesByScore: scores from 1 down to 0, strictly falling, each with a line count; no more lines for a lower score', () => {
    const table = EXPLAIN.evidenceLinesByScore;
    assert.ok(table.length > 0);
    table.forEach((row, i) => {
      share(row.minScore, `evidenceLinesByScore[${i}].minScore`);
      count(row.lines, `evidenceLinesByScore[${i}].lines`);
      if (i > 0) {
        assert.ok(row.minScore < table[i - 1]!.minScore, `evidenceLinesByScore[${i}] must score below the row before it`);
        assert.ok(row.lines <= table[i - 1]!.lines, `evidenceLinesByScore[${i}] shows more lines than a surer row`);
      }
    });
    assert.equal(table[table.length - 1]!.minScore, 0, 'the last row must cover every score (minScore 0)');
  });

  it('counts and shares', () => {
    share(EXPLAIN.minSpecificity, 'minSpecificity');
    share(EXPLAIN.shownShareOfBestLine, 'shownShareOfBestLine');
    count(EXPLAIN.perLine, 'perLine');
    count(EXPLAIN.alsoListedUpTo, 'alsoListedUpTo', 7);
    share(EXPLAIN.questions.minScore, 'questions.minScore');
    for (const key of ['maxPatterns', 'maxPerPattern', 'answersListed', 'checkMinBlocks'] as const) count(EXPLAIN.questions[key], `questions.${key}`);
    // Optional: no extra place when it is left out.
    if (EXPLAIN.questions.extraCheckPlaces !== undefined) count(EXPLAIN.questions.extraCheckPlaces, 'questions.extraCheckPlaces');
  });

  it('scoreWords: a whole number of words, and a least share of the log-odds that is a positive finite number (0 or less would name words that barely moved the score)', () => {
    count(EXPLAIN.scoreWords.shown, 'scoreWords.shown', 20);
    const { minEffect } = EXPLAIN.scoreWords;
    assert.ok(typeof minEffect === 'number' && Number.isFinite(minEffect) && minEffect > 0, `scoreWords.minEffect must be a positive number, not ${String(minEffect)}`);
  });
});
