/**
 * The cross-validated suggestions npm run train leaves for eval/agreement.ts: read back only with the
 * weights written in the same run, and only when every document asked for is there.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHeldOutSuggestions, writeHeldOutSuggestions } from '../../../eval/trainPaths';

describe('eval/trainPaths: the held-out suggestions of a training run', () => {
  let dir = '';
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sdp-heldout-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what was written with the same weights, in the order asked, silence included', () => {
    const file = join(dir, 'cv.json');
    const weights = join(dir, 'weights.json');
    writeFileSync(weights, '{"threshold":0.2}\n');
    writeHeldOutSuggestions({ a: ['contention', 'scaling-reads'], b: [] }, '{"threshold":0.2}\n', file);
    const read = readHeldOutSuggestions(['b', 'a'], file, weights);
    assert.deepEqual([...read], [['b', []], ['a', ['contention', 'scaling-reads']]]);
  });

  it('refuses a file written with other weights, one that lacks a document, and no file at all', () => {
    const file = join(dir, 'cv.json');
    const weights = join(dir, 'weights.json');
    writeFileSync(weights, '{"threshold":0.25}\n');
    writeHeldOutSuggestions({ a: [] }, '{"threshold":0.2}\n', file);
    assert.throws(() => readHeldOutSuggestions(['a'], file, weights), /other weights/);
    writeFileSync(weights, '{"threshold":0.2}\n');
    assert.throws(() => readHeldOutSuggestions(['a', 'c'], file, weights), /no cross-validated suggestion for 1 document\(s\), first c/);
    assert.throws(() => readHeldOutSuggestions(['a'], join(dir, 'none.json'), weights), /run npm run train first/);
  });
});
