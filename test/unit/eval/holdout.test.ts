/** eval/holdout.ts: near-duplicates within one set, by the dev split's rule applied inside a repository too. */
import { strict as assert } from 'node:assert';
import { nearDuplicatesWithin } from '../../../eval/holdout';

const words = (n: number, seed: string): string => Array.from({ length: n }, (_, i) => `${seed}${i}`).join(' ');
const doc = (id: string, text: string, repo = 'o/r') => ({ id, repo, split: 'holdout' as const, register: 'engineering' as const, text });

describe('eval/holdout: nearDuplicatesWithin', () => {
  it('leaves out the later id of two documents that each hold the rule\'s share of the other, within one repository', () => {
    const body = words(200, 'w');
    const out = nearDuplicatesWithin([doc('b', body), doc('a', `${body} extra words here`)], 5, 0.8);
    assert.deepEqual([...out], ['b']);
  });

  it('leaves out only the document held by the other when one is a small part of a larger one', () => {
    const part = words(100, 'w');
    const out = nearDuplicatesWithin([doc('a', part), doc('b', `${part} ${words(400, 'x')}`)], 5, 0.8);
    assert.deepEqual([...out], ['a']);
  });

  it('keeps one of several copies of one template, and every document under the share', () => {
    const template = words(60, 't');
    const docs = [doc('c1', template), doc('c2', template), doc('c3', template), doc('d', `${words(20, 't')} ${words(60, 'y')}`)];
    assert.deepEqual([...nearDuplicatesWithin(docs, 5, 0.8)].sort(), ['c2', 'c3']);
  });

  it('leaves nothing out of documents that share nothing, or only a short run', () => {
    assert.equal(nearDuplicatesWithin([doc('a', words(50, 'p')), doc('b', words(50, 'q'))], 5, 0.8).size, 0);
    assert.equal(nearDuplicatesWithin([doc('a', `${words(10, 's')} ${words(100, 'p')}`), doc('b', `${words(10, 's')} ${words(100, 'q')}`)], 5, 0.8).size, 0);
  });
});
