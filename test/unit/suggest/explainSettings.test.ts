/**
 * content/suggest/explain.json is bundled data, read without a runtime check (lexicon.ts `EXPLAIN`):
 * an edit out of range (a negative count, a threshold that is not a number, a table out of order, a
 * block kind or section role misspelt) would not fail loudly. These checks make such an edit fail
 * here. They check ranges, not choices: a count of 0 where 0 is a way to switch a feature off (no
 * words named, no extra check place) passes.
 */
import { strict as assert } from 'node:assert';
import { EXPLAIN, type SectionRole } from '../../../src/core/suggest/lexicon';
import type { BlockKind } from '../../../src/core/suggest/structure';

// Every value of the two types, and nothing else: the compiler holds these in step with them.
const BLOCK_KINDS: Record<BlockKind, true> = { title: true, heading: true, paragraph: true, list: true, table: true, code: true, quote: true, frontMatter: true };
const ROLES: Record<SectionRole, true> = { summary: true, motivation: true, goals: true, nonGoals: true, proposal: true, alternatives: true, appendix: true, body: true };

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

  it('counts and shares; the hidden block kinds and section roles are ones the structure reader gives', () => {
    share(EXPLAIN.minSpecificity, 'minSpecificity');
    share(EXPLAIN.shownShareOfBestLine, 'shownShareOfBestLine');
    count(EXPLAIN.perLine, 'perLine');
    // 0 phrases a line would quote no keyword line at all: evidenceLinesByScore is the place for that.
    assert.ok(EXPLAIN.perLine >= 1, 'perLine must be at least 1');
    for (const [list, known, name] of [[EXPLAIN.hiddenBlockKinds, BLOCK_KINDS, 'hiddenBlockKinds'], [EXPLAIN.hiddenRoles, ROLES, 'hiddenRoles']] as const) {
      assert.ok(Array.isArray(list), `${name} must be a list`);
      for (const v of list) assert.ok(Object.hasOwn(known, v), `${name}: ${String(v)} is not one of ${Object.keys(known).join(', ')}`);
    }
    count(EXPLAIN.alsoListedUpTo, 'alsoListedUpTo', 7);
    share(EXPLAIN.questions.minScore, 'questions.minScore');
    for (const key of ['maxPatterns', 'maxPerPattern', 'answersListed', 'checkMinBlocks'] as const) count(EXPLAIN.questions[key], `questions.${key}`);
    // Optional: no extra place when it is left out.
    if (EXPLAIN.questions.extraCheckPlaces !== undefined) count(EXPLAIN.questions.extraCheckPlaces, 'questions.extraCheckPlaces');
  });

  it('combinations: a whole number shown (0 shows none), and a least mean score from 0 to 1', () => {
    count(EXPLAIN.combinations.shown, 'combinations.shown', 10);
    share(EXPLAIN.combinations.minMeanScore, 'combinations.minMeanScore');
  });

  it('scoreWords: a whole number of words, and a least share of the log-odds above 0 (0 would name words that barely moved the score) and at most 2 (more would name none)', () => {
    count(EXPLAIN.scoreWords.shown, 'scoreWords.shown', 20);
    const { minEffect } = EXPLAIN.scoreWords;
    // A share of the log-odds: above a few units no single word ever reaches it, and nothing is named.
    assert.ok(typeof minEffect === 'number' && Number.isFinite(minEffect) && minEffect > 0 && minEffect <= 2, `scoreWords.minEffect must be a number above 0 and at most 2, not ${String(minEffect)}`);
  });
});
