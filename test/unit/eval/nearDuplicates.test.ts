/**
 * The near-duplicate checker (eval/nearDuplicates.ts) on made-up documents, and the record it
 * wrote (eval/corpus/near-duplicates.json), which needs no materialised corpus to check.
 */
import { strict as assert } from 'node:assert';
import type { EvalDoc } from '../../../eval/docs';
import {
  devDocsToScore, exclusions, findNearDuplicates, overlap, readNearDuplicates, recordDrift, ruleText, shingled, shingleHashes, withoutNearDuplicates,
  type NearDuplicatePair, type NearDuplicateRecord, type NearDuplicateSettings,
} from '../../../eval/nearDuplicates';
import { readSplits } from '../../../eval/corpus/manifest';

const SETTINGS: NearDuplicateSettings = { shingleWords: 5, excludeAt: 0.8, listAt: 0.5 };

/** `n` distinct words, `w<from>` to `w<from + n - 1>`, as a text. */
const words = (from: number, n: number): string => Array.from({ length: n }, (_, i) => `w${from + i}`).join(' ');

function doc(id: string, repo: string, split: 'train' | 'dev', text: string, register: 'engineering' | 'fixture' = 'engineering') {
  return shingled({ id, repo, split, register, text }, SETTINGS.shingleWords);
}

const pair = (p: Partial<NearDuplicatePair>): NearDuplicatePair => ({
  doc: 'd', other: 'o', otherIn: 'train', containment: 0.9, otherContainment: 0.9, jaccard: 0.8, excluded: true, ...p,
});

describe('eval/nearDuplicates: shingles', () => {
  it('makes one shingle per run of five words, distinct, whatever the case, punctuation or line breaks', () => {
    assert.equal(shingleHashes(words(0, 10), 5).size, 6);
    // The same ten words twice: no new run except the ones across the seam.
    assert.equal(shingleHashes(`${words(0, 10)} ${words(0, 10)}`, 5).size, 6 + 4);
    assert.deepEqual(shingleHashes('# W0, w1;\n\n* w2 (w3) w4!', 5), shingleHashes('w0 w1 w2 w3 w4', 5));
  });

  it('tells word order apart, gives a short text one shingle and an empty one none, and refuses a size below one', () => {
    assert.notDeepEqual(shingleHashes('w0 w1 w2 w3 w4', 5), shingleHashes('w1 w0 w2 w3 w4', 5));
    assert.equal(shingleHashes('w0 w1', 5).size, 1);
    assert.notDeepEqual(shingleHashes('w0 w1', 5), shingleHashes('w0 w1 w2', 5));
    assert.equal(shingleHashes(' \n-- ', 5).size, 0);
    assert.throws(() => shingleHashes('w0', 0), /at least 1/);
  });

  it('measures a pair by containment both ways and by Jaccard', () => {
    assert.deepEqual(overlap(50, 100, 200), { containmentA: 0.5, containmentB: 0.25, jaccard: 50 / 250 });
    assert.deepEqual(overlap(0, 0, 0), { containmentA: 0, containmentB: 0, jaccard: 0 });
  });
});

describe('eval/nearDuplicates: pairs and the rule', () => {
  it('finds a dev document copied inside a longer train document, and excludes it though the Jaccard index is low', () => {
    const dev = [doc('d1', 'a/dev', 'dev', words(0, 100))];
    const train = [doc('t1', 'b/train', 'train', `${words(1000, 300)} ${words(0, 100)} ${words(2000, 300)}`)];
    const [p, ...rest] = findNearDuplicates(dev, train, SETTINGS);
    assert.equal(rest.length, 0);
    assert.equal(p!.doc, 'd1');
    assert.equal(p!.other, 't1');
    assert.equal(p!.otherIn, 'train');
    assert.equal(p!.containment, 1);
    assert.ok(p!.jaccard < 0.2, `Jaccard ${p!.jaccard}`);
    assert.equal(p!.excluded, true);
  });

  it('lists a pair between listAt and excludeAt without excluding it, and leaves out pairs below listAt', () => {
    const dev = [doc('d1', 'a/dev', 'dev', `${words(0, 64)} ${words(500, 36)}`), doc('d2', 'a/dev', 'dev', `${words(3000, 70)} ${words(600, 30)}`)];
    const train = [doc('t1', 'b/train', 'train', `${words(0, 64)} ${words(700, 36)}`), doc('t2', 'c/train', 'train', `${words(600, 30)} ${words(800, 70)}`)];
    const pairs = findNearDuplicates(dev, train, SETTINGS);
    // d1: 60 of its 96 shingles are in t1 (62.5%); d2 shares 26 of 96 with t2 (27%), below listAt both ways.
    assert.deepEqual(pairs.map((p) => [p.doc, p.other, p.containment, p.excluded]), [['d1', 't1', 0.625, false]]);
  });

  it('excludes a dev document at exactly excludeAt of its shingles, and keeps one just below', () => {
    // 14 words: 10 shingles. t1 holds the first 12 words (8 of d1's shingles, 80%); t2 the first 11 (7, 70%).
    const dev = [doc('d1', 'a/dev', 'dev', words(0, 14))];
    const at = findNearDuplicates(dev, [doc('t1', 'b/train', 'train', `${words(0, 12)} ${words(900, 20)}`)], SETTINGS);
    assert.deepEqual(at.map((p) => [p.doc, p.containment, p.excluded]), [['d1', 0.8, true]]);
    const below = findNearDuplicates(dev, [doc('t2', 'c/train', 'train', `${words(0, 11)} ${words(900, 20)}`)], SETTINGS);
    assert.deepEqual(below.map((p) => [p.doc, p.containment, p.excluded]), [['d1', 0.7, false]]);
  });

  it('keeps a dev document that holds a short train document: the rule reads the share of the dev document that was trained on', () => {
    const dev = [doc('d1', 'a/dev', 'dev', `${words(0, 100)} ${words(5000, 300)}`)];
    const train = [doc('t1', 'b/train', 'train', words(0, 100))];
    assert.deepEqual(findNearDuplicates(dev, train, SETTINGS).map((p) => [p.doc, p.containment, p.otherContainment, p.excluded]), [['d1', 0.242, 1, false]]);
  });

  it('never pairs two documents of one repository', () => {
    const dev = [doc('d1', 'a/dev', 'dev', words(0, 100)), doc('d2', 'a/dev', 'dev', words(0, 100))];
    const train = [doc('t1', 'a/dev', 'train', words(0, 100))];
    assert.deepEqual(findNearDuplicates(dev, train, SETTINGS), []);
  });

  it('says a fixture document is in a fixture set', () => {
    const dev = [doc('d1', 'a/dev', 'dev', words(0, 100))];
    const train = [doc('quiet/x.md', 'fixtures/quiet', 'train', words(0, 100), 'fixture')];
    assert.equal(findNearDuplicates(dev, train, SETTINGS)[0]!.otherIn, 'fixtures');
  });

  it('within dev, excludes the document contained in the other, and of two copies exactly one: the later id', () => {
    const part = doc('b-part', 'b/dev', 'dev', words(0, 100));
    const whole = doc('a-whole', 'a/dev', 'dev', `${words(0, 100)} ${words(5000, 200)}`);
    const contained = findNearDuplicates([part, whole], [], SETTINGS);
    assert.deepEqual(contained.map((p) => [p.doc, p.other, p.otherIn, p.excluded]), [['b-part', 'a-whole', 'dev', true]]);
    // The same order of arguments either way.
    assert.deepEqual(findNearDuplicates([whole, part], [], SETTINGS).map((p) => p.doc), ['b-part']);
    const first = doc('a-copy', 'a/dev', 'dev', words(0, 100));
    const second = doc('b-copy', 'b/dev', 'dev', `${words(0, 100)} w9999`);
    for (const dev of [[first, second], [second, first]]) {
      assert.deepEqual(findNearDuplicates(dev, [], SETTINGS).map((p) => [p.doc, p.excluded]), [['b-copy', true]]);
    }
  });

  it('gives each excluded document its closest pair, a train document before a dev one on a tie, and ignores pairs below the rule', () => {
    const why = exclusions([
      pair({ doc: 'd1', other: 'dev-copy', otherIn: 'dev', containment: 0.9 }),
      pair({ doc: 'd1', other: 'train-copy', otherIn: 'train', containment: 0.9 }),
      pair({ doc: 'd2', other: 'x', containment: 0.85 }),
      pair({ doc: 'd2', other: 'y', containment: 0.95 }),
      pair({ doc: 'd3', other: 'z', containment: 0.6, excluded: false }),
    ]);
    assert.deepEqual([...why].map(([d, p]) => [d, p.other]), [['d1', 'train-copy'], ['d2', 'y']]);
  });

  it('keeps the documents the record does not exclude, and names the excluded ones the split does not hold', () => {
    const dev = [{ id: 'd1' }, { id: 'd2' }, { id: 'd3' }];
    const got = withoutNearDuplicates(dev, [pair({ doc: 'd2' }), pair({ doc: 'd3', excluded: false }), pair({ doc: 'gone' })]);
    assert.deepEqual(got.kept.map((d) => d.id), ['d1', 'd3']);
    assert.deepEqual(got.left.map((l) => l.doc.id), ['d2']);
    assert.deepEqual(got.unknown, ['gone']);
  });

  it('reports a new pair, a changed decision and a pair no longer found, and nothing when the record agrees', () => {
    const recorded = [pair({ doc: 'd1', other: 't1', excluded: false, containment: 0.7 }), pair({ doc: 'd2', other: 't2' })];
    assert.deepEqual(recordDrift(recorded, recorded), []);
    const found = [pair({ doc: 'd1', other: 't1', containment: 0.82 }), pair({ doc: 'd3', other: 't3' })];
    assert.deepEqual(recordDrift(recorded, found), [
      'decision changed: d1 ~ t1 (0.7 -> 0.82)',
      'new pair: d3 ~ t3 (0.9), excluded',
      'no longer found: d2 ~ t2',
    ]);
  });

  it('states the rule from the settings', () => {
    assert.match(ruleText({ shingleWords: 7, excludeAt: 0.9, listAt: 0.5 }), /at least 90% of its distinct 7-word shingles/);
  });
});

describe('eval/nearDuplicates: the dev documents npm run eval scores (devDocsToScore)', () => {
  const evalDoc = (id: string, repo: string, split: 'train' | 'dev', text: string): EvalDoc => ({
    id, repo, split, register: 'engineering', primary: null, relevant: [], confidence: 'clear', text,
  });
  // d2 is a copy of t1 (another repository); d1 and d3 share nothing with anything.
  const dev = [evalDoc('d1', 'a/one', 'dev', words(0, 40)), evalDoc('d2', 'b/two', 'dev', words(100, 40)), evalDoc('d3', 'c/three', 'dev', words(200, 40))];
  const train = [evalDoc('t1', 'z/train', 'train', `${words(100, 40)} ${words(900, 10)}`)];
  const record = (pairs: NearDuplicatePair[]): NearDuplicateRecord => ({
    about: 'test', settings: SETTINGS, checkedOn: '2026-12-06', checked: { dev: 3, train: 1, fixtures: 0 }, pairs,
  });
  const copy = pair({ doc: 'd2', other: 't1', otherIn: 'train', containment: 1, otherContainment: 0.8, jaccard: 0.8, excluded: true });

  it('leaves out the documents the record excludes, says which and why, and keeps the rest in order', () => {
    const got = devDocsToScore(dev, undefined, record([copy]));
    assert.deepEqual(got.kept.map((d) => d.id), ['d1', 'd3']);
    assert.deepEqual([...got.leftOut], ['d2']);
    assert.match(got.lines[0]!, /checked 2026-12-06\): 1 of 3 dev documents left out/);
    assert.ok(got.lines.some((l) => /left out \(engineering\): d2: 100\.0% of its shingles are in train t1/.test(l)), got.lines.join('\n'));
    assert.ok(!got.lines.some((l) => /checked again now|WARNING/.test(l)), 'without the train split, nothing is checked again');
  });

  it('checks the record again when given the train split: silent agreement, or a warning naming the pair the record lacks', () => {
    const found = findNearDuplicates(dev.map((d) => shingled(d, 5)), train.map((d) => shingled(d, 5)), SETTINGS);
    assert.deepEqual(found.map((p) => [p.doc, p.other, p.excluded]), [['d2', 't1', true]]);
    const agreed = devDocsToScore(dev, train, record(found));
    assert.ok(agreed.lines.includes('  checked again now: the record matches the materialised splits'), agreed.lines.join('\n'));
    assert.deepEqual(agreed.kept.map((d) => d.id), ['d1', 'd3']);
    const stale = devDocsToScore(dev, train, record([]));
    assert.deepEqual(stale.kept.map((d) => d.id), ['d1', 'd2', 'd3'], 'the record decides what is left out, not the check run now');
    assert.ok(stale.lines.some((l) => /WARNING: the record no longer matches/.test(l) && /new pair: d2 ~ t1/.test(l)), stale.lines.join('\n'));
  });
});

describe('eval/corpus/near-duplicates.json', () => {
  const record = readNearDuplicates();
  const splits = readSplits();
  const prefix = (repo: string): string => `${repo.replace('/', '__')}__`;
  const inSplit = (id: string, split: 'train' | 'dev' | 'test' | 'holdout'): boolean => splits[split].some((repo) => id.startsWith(prefix(repo)));

  it('pairs each dev document with a train, fixture or dev document of another repository, and never names a held-out split (test, holdout)', () => {
    for (const p of record.pairs) {
      assert.ok(inSplit(p.doc, 'dev'), `${p.doc} is not a dev-split document`);
      if (p.otherIn === 'fixtures') assert.ok(!inSplit(p.other, 'train') && !inSplit(p.other, 'dev'), `${p.other} is not a fixture document`);
      else assert.ok(inSplit(p.other, p.otherIn), `${p.other} is not in the ${p.otherIn} split`);
      for (const held of ['test', 'holdout'] as const) assert.ok(!inSplit(p.doc, held) && !inSplit(p.other, held), `${p.doc} ~ ${p.other} names a ${held}-split document`);
      assert.ok(!p.other.startsWith(prefix(splits.dev.find((repo) => p.doc.startsWith(prefix(repo)))!)), `${p.doc} ~ ${p.other}: one repository`);
    }
  });

  it('lists pairs from listAt up and excludes exactly those at excludeAt (the record rounds to 3 places)', () => {
    const { listAt, excludeAt } = record.settings;
    for (const p of record.pairs) {
      assert.ok(Math.max(p.containment, p.otherContainment) >= listAt - 0.0005, `${p.doc} ~ ${p.other}: below listAt`);
      if (Math.abs(p.containment - excludeAt) > 0.0005) assert.equal(p.excluded, p.containment >= excludeAt, `${p.doc} ~ ${p.other}`);
    }
  });
});
