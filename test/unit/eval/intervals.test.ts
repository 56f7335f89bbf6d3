/** Bootstrap intervals by repository (eval/intervals.ts), on made-up documents. */
import { strict as assert } from 'node:assert';
import { bootstrapIntervals, MIN_REPOSITORIES, percentileIndices, repositoryIntervalLine, repositoryIntervals, seededRandom } from '../../../eval/intervals';
import type { EvalDoc } from '../../../eval/docs';

const doc = (repo: string, n: number, primary: string | null): EvalDoc => ({
  id: `${repo}/${n}`, repo, register: 'engineering', primary, relevant: primary ? [primary] : [], confidence: 'clear', text: '',
} as unknown as EvalDoc);

describe('eval intervals', () => {
  it('draws the same sequence from the same seed, within [0, 1)', () => {
    const a = seededRandom(7), b = seededRandom(7), c = seededRandom(8);
    const xs = Array.from({ length: 100 }, a);
    assert.deepEqual(xs, Array.from({ length: 100 }, b));
    assert.notDeepEqual(xs, Array.from({ length: 100 }, c));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  it('reads the 2.5th and 97.5th percentiles', () => {
    assert.deepEqual(percentileIndices(2000), [50, 1949]);
  });

  it('feeds every statistic the same resample, and leaves undefined values out', () => {
    const units = [1, 2, 3, 4, 5, 6, 7, 8];
    const [sum, sameSum, diff, none] = bootstrapIntervals(units, [
      (s) => s.reduce((a, b) => a + b, 0),
      (s) => s.reduce((a, b) => a + b, 0),
      (s) => s.reduce((a, b) => a + b, 0) - s.reduce((a, b) => a + b, 0),
      () => Number.NaN,
    ], 500);
    assert.deepEqual(sum, sameSum);
    assert.ok(sum![0] < 36 && sum![1] > 36, `the sum 36 lies inside ${sum}`);
    assert.deepEqual(diff, [0, 0]);
    assert.ok(Number.isNaN(none![0]) && Number.isNaN(none![1]));
  });

  it('resamples whole repositories: a repository is drawn with all of its documents or not at all', () => {
    const docs = [...Array.from({ length: 3 }, (_, i) => doc('big', i, 'p')), doc('small-a', 0, 'p'), doc('small-b', 0, null)];
    // Every resample holds the big repository's documents a multiple of three times.
    const [whole] = repositoryIntervals(docs, (d) => d.repo, [(s) => (s.filter((d) => d.repo === 'big').length % 3 === 0 ? 1 : 0)], 500);
    assert.deepEqual(whole, [1, 1]);
    // Resampled one by one, some resample would break that.
    const [single] = bootstrapIntervals(docs, [(s) => (s.filter((d) => d.repo === 'big').length % 3 === 0 ? 1 : 0)], 500);
    assert.equal(single![0], 0);
  });

  it('prints the engine, and its top-1 less the naive anchor on the same resamples', () => {
    const docs = Array.from({ length: MIN_REPOSITORIES }, (_, r) => [doc(`r${r}`, 0, 'p'), doc(`r${r}`, 1, null)]).flat();
    const engine = (d: EvalDoc): string[] => (d.primary ? ['p'] : []);
    const naive = (d: EvalDoc): string[] => (d.primary ? ['q'] : ['q']);
    const line = repositoryIntervalLine(docs, engine, naive);
    assert.match(line, /engine top-1 100% to 100%, top-3 100% to 100%, quiet 100% to 100%; engine top-1 less naive 100 to 100 points/);
    assert.match(line, new RegExp(`resamples of the ${MIN_REPOSITORIES} repositories`));
    assert.match(repositoryIntervalLine(docs.slice(0, 2 * (MIN_REPOSITORIES - 1)), engine, naive), /no interval by repository: 4 repositories/);
  });
});
