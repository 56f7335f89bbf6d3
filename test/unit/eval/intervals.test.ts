/** Bootstrap intervals by repository (eval/intervals.ts), on made-up documents. */
import { strict as assert } from 'node:assert';
import { bootstrapIntervals, MIN_REPOSITORIES, percentileIndices, repositoryIntervalLine, repositoryIntervals, SEED, seededRandom } from '../../../eval/intervals';
import type { EvalDoc } from '../../../eval/docs';

const doc = (repo: string, n: number, primary: string | null): EvalDoc => ({
  id: `${repo}/${n}`, repo, register: 'engineering', primary, relevant: primary ? [primary] : [], confidence: 'clear', text: '',
} as unknown as EvalDoc);

/** The first three draws of the seed the eval uses. */
const PINNED = ['0.730970', '0.018189', '0.702041'];

describe('eval intervals', () => {
  it('draws the same sequence from the same seed, within [0, 1)', () => {
    const a = seededRandom(7), b = seededRandom(7), c = seededRandom(8);
    const xs = Array.from({ length: 100 }, a);
    assert.deepEqual(xs, Array.from({ length: 100 }, b));
    assert.notDeepEqual(xs, Array.from({ length: 100 }, c));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    // Pinned: a changed constant would silently change every interval the docs quote.
    assert.deepEqual(Array.from({ length: 3 }, seededRandom(SEED)).map((x) => x.toFixed(6)), PINNED);
  });

  it('reads the 2.5th and 97.5th percentiles at the indices a sorted bootstrap sample gives them', () => {
    assert.deepEqual(percentileIndices(2000), [50, 1949]);
    assert.deepEqual(percentileIndices(40), [1, 38]);
    assert.deepEqual(percentileIndices(30), [0, 29]);
  });

  it('feeds every statistic the same resample', () => {
    const units = [1, 2, 3, 4, 5, 6, 7, 8];
    const sum = (s: readonly number[]): number => s.reduce((a, b) => a + b, 0);
    const [total, sameTotal, diff] = bootstrapIntervals(units, [sum, sum, (s) => sum(s) - sum(s)], 500);
    assert.deepEqual(total, sameTotal);
    assert.ok(total![0] < 36 && total![1] > 36, `the sum 36 lies inside ${total}`);
    assert.deepEqual(diff, [0, 0]);
  });

  it('returns the values at those indices, sorted as numbers', () => {
    let n = 0;
    // The statistic counts the resamples: its sorted values are 0 to 399.
    assert.deepEqual(bootstrapIntervals([0], [() => n++], 400)[0], [10, 389]);
    // Mixed signs and magnitudes: a sort by text would put -10 after -2 and 100 before 25.
    const values = [-10, -2, 3, 25, 100];
    let k = 0;
    assert.deepEqual(bootstrapIntervals([0], [() => values[k++ % 5]!], 40)[0], [-10, 100]);
  });

  it('leaves a resample on which a statistic is undefined out of that statistic only', () => {
    // Undefined when the resample holds no 1: a share of nothing. On the rest it is 1 or 2.
    const units = [1, 2, 2, 2, 2, 2];
    const [share, always] = bootstrapIntervals(units, [(s) => (s.includes(1) ? 1 + s.filter((u) => u === 2).length / s.length : Number.NaN), () => Number.NaN], 500);
    assert.ok(Number.isFinite(share![0]) && Number.isFinite(share![1]), `a finite interval: ${share}`);
    assert.ok(share![0] >= 1 && share![1] <= 2);
    assert.ok(Number.isNaN(always![0]) && Number.isNaN(always![1]));
  });

  it('reads the percentiles of the values kept, not of every resample', () => {
    // Half the resamples are undefined: reading indices of all 400 would run past the values kept.
    let n = 0;
    const [kept] = bootstrapIntervals([0], [() => (n++ % 2 === 0 ? n : Number.NaN)], 400);
    assert.ok(Number.isFinite(kept![0]) && Number.isFinite(kept![1]), `${kept}`);
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

  it('counts a repository drawn twice twice', () => {
    // One repository of one document and one of three: a resample holds 2, 4 or 6 documents.
    const docs = [doc('a', 0, 'p'), doc('b', 0, 'p'), doc('b', 1, 'p'), doc('b', 2, 'p')];
    assert.deepEqual(repositoryIntervals(docs, (d) => d.repo, [(s) => s.length], 500)[0], [2, 6]);
  });

  it('prints each figure in its place, and the top-1 gap against the naive anchor on the same resamples', () => {
    // Ten repositories, each with two designs and three documents needing none. The engine is first
    // on the first design and lists the second's primary second; it is quiet on one of the three
    // others. The naive anchor lists the first design's primary second, nothing for the second
    // design, and something for every document needing none.
    const docs = Array.from({ length: 10 }, (_, r) => [0, 1, 2, 3, 4].map((n) => doc(`r${r}`, n, n < 2 ? 'p' : null))).flat();
    const nth = (d: EvalDoc): number => Number(d.id.split('/')[1]);
    const engine = (d: EvalDoc): string[] => [['p'], ['x', 'p'], [], ['x'], ['x']][nth(d)]!;
    const naive = (d: EvalDoc): string[] => [['q', 'p'], [], ['q'], ['q'], ['q']][nth(d)]!;
    // Every repository alike, so every resample gives the same figures: engine top-1 1/2, top-3
    // 2/2, quiet 1/3; naive top-1 0 and top-3 1/2, so the gap is +50 points (-50 the other way
    // round; 0 against naive top-3; 20 over all documents).
    const line = repositoryIntervalLine(docs, engine, naive);
    assert.match(line, /engine top-1 50% to 50%, top-3 100% to 100%, quiet 33% to 33%; engine top-1 less naive 50 to 50 points/);
    assert.match(line, /\(2000 resamples of the 10 repositories\)/);
  });

  it('pairs the gap: two rankers right on the same repositories differ by nothing on every resample', () => {
    // Both are first on every design of the first five repositories and on none of the last five.
    const docs = Array.from({ length: 10 }, (_, r) => [doc(`r${r}`, 0, 'p'), doc(`r${r}`, 1, 'p'), doc(`r${r}`, 2, null)]).flat();
    const ranker = (d: EvalDoc): string[] => (d.primary === null ? [] : Number(d.repo.slice(1)) < 5 ? ['p'] : ['x']);
    const line = repositoryIntervalLine(docs, ranker, (d) => [...ranker(d)]);
    const top1 = /engine top-1 (\d+)% to (\d+)%/.exec(line)!;
    assert.ok(Number(top1[1]) < 50 && Number(top1[2]) > 50, `top-1 varies with the repositories drawn: ${line}`);
    // Drawn apart (another resample, or the whole set), the two would differ by up to tens of points.
    assert.match(line, /engine top-1 less naive 0 to 0 points/);
  });

  it('says there is no interval with fewer than MIN_REPOSITORIES repositories', () => {
    const docs = Array.from({ length: MIN_REPOSITORIES - 1 }, (_, r) => [doc(`r${r}`, 0, 'p'), doc(`r${r}`, 1, null)]).flat();
    const engine = (d: EvalDoc): string[] => (d.primary ? ['p'] : []);
    assert.match(repositoryIntervalLine(docs, engine, engine), new RegExp(`no interval by repository: ${MIN_REPOSITORIES - 1} repositories`));
    assert.match(repositoryIntervalLine([...docs, doc('last', 0, 'p')], engine, engine), new RegExp(`resamples of the ${MIN_REPOSITORIES} repositories`));
  });
});
