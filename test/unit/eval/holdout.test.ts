/** eval/holdout.ts: near-duplicates within one set (the dev split's rule, applied inside a repository too), and the fingerprint of the texts scored. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelledSetDocs } from '../../../eval/docs';
import { holdoutTextsWarning, nearDuplicatesWithin, textsFingerprint } from '../../../eval/holdout';

/** `n` distinct words made of letters only (the tokenizer reads each as one word): seed + a base-26 count. */
const words = (n: number, seed: string): string => Array.from({ length: n }, (_, i) => {
  let w = '';
  let k = i;
  do { w = String.fromCharCode(97 + (k % 26)) + w; k = Math.floor(k / 26); } while (k > 0);
  return `${seed}${w}`;
}).join(' ');
const doc = (id: string, text: string, repo = 'o/r') => ({ id, repo, split: 'holdout' as const, register: 'engineering' as const, text });
const SETTINGS = { shingleWords: 5, excludeAt: 0.8, listAt: 0.5 };

describe('eval/holdout: nearDuplicatesWithin (the dev split\'s rule, within one repository too)', () => {
  it('of two documents that each hold the rule\'s share of the other, leaves out the later id, even when it is the larger', () => {
    const body = words(200, 'w');
    // 'a' is the smaller and the more contained; the tie rule still leaves out 'b'.
    assert.deepEqual([...nearDuplicatesWithin([doc('a', body), doc('b', `${body} ${words(10, 'z')}`)], SETTINGS)], ['b']);
  });

  it('leaves out only the document held by the other when one is a small part of a larger one', () => {
    const part = words(100, 'w');
    assert.deepEqual([...nearDuplicatesWithin([doc('b', part), doc('a', `${part} ${words(400, 'x')}`)], SETTINGS)], ['b']);
  });

  it('leaves a document out at exactly the rule\'s share, and keeps it just under', () => {
    // 29 words make 25 shingles; the other holds the first 24 words (20 shingles, 80%) or 23 (19, 76%).
    const a = words(29, 'w');
    const at = nearDuplicatesWithin([doc('a', a), doc('b', `${words(24, 'w')} ${words(200, 'y')}`)], SETTINGS);
    assert.deepEqual([...at], ['a']);
    const under = nearDuplicatesWithin([doc('a', a), doc('b', `${words(23, 'w')} ${words(200, 'y')}`)], SETTINGS);
    assert.equal(under.size, 0);
  });

  it('keeps one of several copies of one template (the first id), and every document under the share', () => {
    const template = words(60, 't');
    const docs = [doc('c1', template), doc('c2', template), doc('c3', template), doc('d', `${words(20, 't')} ${words(60, 'y')}`)];
    assert.deepEqual([...nearDuplicatesWithin(docs, SETTINGS)].sort(), ['c2', 'c3']);
  });

  it('orders ids by code units, as the dev rule does ("x-1" before "x_1")', () => {
    const body = words(80, 'w');
    assert.deepEqual([...nearDuplicatesWithin([doc('x_1', body), doc('x-1', body)], SETTINGS)], ['x_1']);
  });

  it('leaves nothing out of documents that share nothing, only a short run, or are empty', () => {
    assert.equal(nearDuplicatesWithin([doc('a', words(50, 'p')), doc('b', words(50, 'q'))], SETTINGS).size, 0);
    assert.equal(nearDuplicatesWithin([doc('a', `${words(10, 's')} ${words(100, 'p')}`), doc('b', `${words(10, 's')} ${words(100, 'q')}`)], SETTINGS).size, 0);
    assert.equal(nearDuplicatesWithin([doc('a', ''), doc('b', '')], SETTINGS).size, 0);
  });
});

describe('eval/holdout: the texts scored', () => {
  const docs = [doc('b', 'two'), doc('a', 'one')];
  it('fingerprints ids and texts whatever their order, and changes with a text or an id', () => {
    const f = textsFingerprint(docs);
    assert.match(f, /^[0-9a-f]{64}$/);
    assert.equal(textsFingerprint([...docs].reverse()), f);
    assert.notEqual(textsFingerprint([doc('a', 'one'), doc('b', 'two!')]), f);
    assert.notEqual(textsFingerprint([doc('a', 'one'), doc('c', 'two')]), f);
  });
  it('warns only when the materialised texts differ from those recorded', () => {
    assert.equal(holdoutTextsWarning(docs, textsFingerprint(docs)), undefined);
    assert.match(holdoutTextsWarning([doc('a', 'one')], textsFingerprint(docs))!, /differ/);
    assert.equal(holdoutTextsWarning(docs, undefined), undefined);
  });
});

describe('eval/docs: labelledSetDocs (a folder with a labels.json, as eval/holdout.ts --dir reads it)', () => {
  it('reads labelled documents, prompts and documents that need no pattern, named by the set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdp-set-'));
    try {
      writeFileSync(join(dir, 'a.md'), '# A lock service');
      writeFileSync(join(dir, 'q.md'), '# Release notes');
      writeFileSync(join(dir, 'b.md'), '# A read replica');
      // As a set of real/manifest.json is saved: its own fields kept, quiet entries as objects.
      writeFileSync(join(dir, 'labels.json'), JSON.stringify({
        name: 'mine', about: 'a set',
        docs: [{ file: 'a.md', url: 'https://example.org/a', primary: 'contention', relevant: ['contention'], confidence: 'arguable' }, { file: 'b.md', primary: 'scaling-reads', relevant: ['scaling-reads'] }],
        prompts: [{ text: 'cache the feed', primary: 'scaling-reads' }],
        quiet: [{ file: 'q.md', url: 'https://example.org/q' }, 'a.md'],
      }));
      const docs = labelledSetDocs(dir, 'mine', 'real/mine');
      assert.deepEqual(docs.map((d) => [d.id, d.primary, d.relevant, d.confidence, d.repo, d.split, d.register, d.text]), [
        ['mine/a.md', 'contention', ['contention'], 'arguable', 'real/mine', 'train', 'fixture', '# A lock service'],
        ['mine/b.md', 'scaling-reads', ['scaling-reads'], 'clear', 'real/mine', 'train', 'fixture', '# A read replica'],
        ['mine/prompt:cache the feed', 'scaling-reads', ['scaling-reads'], 'clear', 'real/mine', 'train', 'fixture', 'cache the feed'],
        ['mine/q.md', null, [], 'clear', 'real/mine', 'train', 'fixture', '# Release notes'],
        ['mine/a.md', null, [], 'clear', 'real/mine', 'train', 'fixture', '# A lock service'],
      ]);
      // A whole manifest saved by mistake, or a broken file: the message says which file and what to do.
      writeFileSync(join(dir, 'labels.json'), JSON.stringify({ sets: [] }));
      assert.throws(() => labelledSetDocs(dir, 'mine'), /labels\.json: needs a "docs" list; save one set's entry/);
      writeFileSync(join(dir, 'labels.json'), '{');
      assert.throws(() => labelledSetDocs(dir, 'mine'), /labels\.json: not readable JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
