/**
 * The golden snapshot: what the engine says on every committed eval document (test/fixtures/eval)
 * must equal eval/snapshot.json. A change in behaviour fails here until `npm run eval -- --snapshot`
 * is run and the snapshot's diff is committed with the change, so every effect is visible in review.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createSuggestEngine } from '../../../src/core/suggest/engine';
import { loadRepoCatalog } from '../../../eval/catalog';
import { fixtureDocs } from '../../../eval/docs';
import { SNAPSHOT_FILE, snapshotOf, type Snapshot } from '../../../eval/snapshot';

describe('suggest golden snapshot (eval/snapshot.json)', function () {
  this.timeout(120_000);
  it('every fixture document gets the result recorded in the snapshot: suggestions, scores, evidence lines, named words, questions, figures', () => {
    const expected = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as Snapshot;
    const actual = snapshotOf(createSuggestEngine(loadRepoCatalog()), fixtureDocs());
    const changed = Object.keys({ ...expected, ...actual }).filter((id) => JSON.stringify(expected[id]) !== JSON.stringify(actual[id]));
    assert.deepEqual(changed.slice(0, 10).map((id) => `${id}: ${JSON.stringify(expected[id])} -> ${JSON.stringify(actual[id])}`), [],
      `${changed.length} result(s) changed; if that is intended, run npm run eval -- --snapshot and commit eval/snapshot.json`);
  });
});
