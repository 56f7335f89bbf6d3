/**
 * Deactivation while an analysis waits for the catalog (src/extension/suggest/documentAnalyzer.ts,
 * the gap docs/platform-seam.md described): disposing the analyzer settles the waiting analysis
 * with AnalysisCancelled at once, and when the catalog arrives later nothing runs: no engine is
 * built, no document analysed, no worker started. Against a fake `vscode` and a fake platform
 * that counts what it is asked to do.
 */
import { strict as assert } from 'node:assert';
import type { ReviewSettings } from '../../../src/extension/suggest/reviewSettings';
import { analyzerUnderTest, EMPTY_RESULT, fakeDocument as document, REVIEW_SETTINGS as SETTINGS } from '../support/analyzer';
import { tick } from '../support/cancellation';

/** No worker here: the analyzer then analyses on its own thread, as it does for a host without workers. */
const setUp = () => analyzerUnderTest();

/** The promise's outcome so far: pending, or how it settled. */
function outcome<T>(promise: Promise<T>): () => { state: 'pending' } | { state: 'resolved'; value: T } | { state: 'rejected'; error: unknown } {
  let seen: { state: 'pending' } | { state: 'resolved'; value: T } | { state: 'rejected'; error: unknown } = { state: 'pending' };
  promise.then((value) => (seen = { state: 'resolved', value }), (error: unknown) => (seen = { state: 'rejected', error }));
  return () => seen;
}

describe('an analysis waiting for the catalog when the extension is deactivated', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  for (const size of ['large (off the thread)', 'small (on the thread)'] as const) {
    it(`a ${size} document: settles with AnalysisCancelled on dispose, and nothing runs when the catalog arrives`, async () => {
      const set = setUp();
      restore = set.restore;
      const text = size.startsWith('large') ? 'x'.repeat(set.OFF_THREAD_CHARS + 1) : 'a small design doc';
      const running = outcome(set.analyzer.analyse(document(text) as never, SETTINGS));
      await tick();
      assert.equal(running().state, 'pending', 'waiting for the catalog');
      set.analyzer.dispose();
      await tick();
      const settled = running();
      assert.equal(settled.state, 'rejected', 'settled on dispose, before the catalog arrived');
      assert.ok(settled.state === 'rejected' && settled.error instanceof set.AnalysisCancelled, String(settled.state === 'rejected' && settled.error));
      set.releaseCatalog();
      await tick();
      await tick();
      assert.deepEqual(set.counts, { catalogLoads: 1, enginesBuilt: 0, analysed: 0, workersStarted: 0 });
    });
  }

  it('an analysis asked for after dispose is cancelled at once and loads nothing', async () => {
    const set = setUp();
    restore = set.restore;
    set.analyzer.dispose();
    await assert.rejects(set.analyzer.analyse(document('a small design doc') as never, SETTINGS), (e) => e instanceof set.AnalysisCancelled);
    assert.equal(set.counts.catalogLoads, 0);
  });

  it('not deactivated: the same large document waits for the catalog, tries a worker and is analysed (the fakes count what runs)', async () => {
    const set = setUp();
    restore = set.restore;
    const running = set.analyzer.analyse(document('x'.repeat(set.OFF_THREAD_CHARS + 1)) as never, SETTINGS);
    set.releaseCatalog();
    const review = await running;
    assert.deepEqual(review.result, EMPTY_RESULT);
    assert.deepEqual(set.counts, { catalogLoads: 1, enginesBuilt: 1, analysed: 1, workersStarted: 1 });
    set.analyzer.dispose();
  });
});

describe('an analysis running when the extension is deactivated', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  // The cache is private; nothing public can read it once the analyzer is disposed (analyse then
  // throws first), so the test looks at it directly: what it holds after dispose is only memory kept.
  const cacheOf = (analyzer: unknown): Map<string, unknown> => (analyzer as { cache: Map<string, unknown> }).cache;

  it('an analysis running when the analyzer is disposed: its review is not cached after dispose emptied the cache', async () => {
    const set = setUp();
    restore = set.restore;
    set.releaseCatalog();
    // The engine is ready: the review runs, and the analyzer is disposed in its middle.
    set.hooks.whileAnalysing = () => set.analyzer.dispose();
    await set.analyzer.analyse(document('a small design doc') as never, SETTINGS).catch(() => undefined);
    assert.equal(set.counts.analysed, 1, 'the review ran');
    assert.equal(cacheOf(set.analyzer).size, 0, 'nothing cached after dispose');
  });

  it('not disposed: the same review is cached (the second call for the version analyses nothing)', async () => {
    const set = setUp();
    restore = set.restore;
    set.releaseCatalog();
    const doc = document('a small design doc');
    await set.analyzer.analyse(doc as never, SETTINGS);
    assert.equal(cacheOf(set.analyzer).size, 1);
    await set.analyzer.analyse(doc as never, SETTINGS);
    assert.equal(set.counts.analysed, 1, 'the second call was answered from the cache');
    set.analyzer.dispose();
    assert.equal(cacheOf(set.analyzer).size, 0);
  });
});

describe('a document that reuses the URI of a closed one (an untitled number, at the same version)', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('is analysed itself: neither the finished review of the closed one nor its running analysis stands for it', async () => {
    const set = setUp();
    restore = set.restore;
    const closed = document('the closed document');
    const reopened = document('another document under the same URI, also at version 1');
    // The closed one's analysis is still running (waiting for the catalog) when the new one asks.
    const first = set.analyzer.analyse(closed as never, SETTINGS);
    const second = set.analyzer.analyse(reopened as never, SETTINGS);
    set.releaseCatalog();
    await first;
    await second;
    assert.equal(set.counts.analysed, 2, 'the new document joined the closed one\'s analysis');
    // Finished: a third object under the same URI and version is not served the cached review either.
    await set.analyzer.analyse(document('a third text') as never, SETTINGS);
    assert.equal(set.counts.analysed, 3);
    // The same object again is: the cache still works.
    const again = document('the same object, asked twice');
    await set.analyzer.analyse(again as never, SETTINGS);
    await set.analyzer.analyse(again as never, SETTINGS);
    assert.equal(set.counts.analysed, 4);
    set.analyzer.dispose();
  });

  it('two callers asking for one document at once share one analysis; after forget, the next asks anew', async () => {
    const set = setUp();
    restore = set.restore;
    const doc = document('one document, asked by the view and the in-document review');
    const both = [set.analyzer.analyse(doc as never, SETTINGS), set.analyzer.analyse(doc as never, SETTINGS)];
    set.releaseCatalog();
    await Promise.all(both);
    assert.equal(set.counts.analysed, 1, 'shared');
    // Forgotten while a new analysis is under way: the next call does not join what forget dropped.
    const edited = { ...doc, version: 2 };
    const running = set.analyzer.analyse(edited as never, SETTINGS);
    set.analyzer.forget(edited.uri as never);
    const after = set.analyzer.analyse(edited as never, SETTINGS);
    await Promise.allSettled([running, after]);
    assert.equal(set.counts.analysed, 3);
    set.analyzer.dispose();
  });
});

describe('the suggest settings reach the engine, on the thread and off it', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });
  const OFF: ReviewSettings = { ...SETTINGS, minScore: 0.4, deepDives: false };

  it('a small document: the engine is given minScore and deepDives as set', async () => {
    const set = setUp();
    restore = set.restore;
    set.releaseCatalog();
    await set.analyzer.analyse(document('a small design doc') as never, OFF);
    assert.deepEqual(set.seen.suggest, [{ maxChars: 18, minScore: 0.4, deepDives: false }]);
    set.analyzer.dispose();
  });

  it('a large document: the worker\'s job carries them (and the analysis on the thread after a worker fails)', async () => {
    const set = setUp();
    restore = set.restore;
    set.releaseCatalog();
    const text = 'x'.repeat(set.OFF_THREAD_CHARS + 1);
    await set.analyzer.analyse(document(text) as never, OFF);
    assert.deepEqual(set.seen.worker, [{ maxChars: text.length, minScore: 0.4, deepDives: false }]);
    assert.deepEqual(set.seen.suggest, [{ maxChars: text.length, minScore: 0.4, deepDives: false }]);
    set.analyzer.dispose();
  });

  it('a review cached under one deepDives setting is not served under the other', async () => {
    const set = setUp();
    restore = set.restore;
    set.releaseCatalog();
    const doc = document('a small design doc');
    await set.analyzer.analyse(doc as never, SETTINGS);
    await set.analyzer.analyse(doc as never, { ...SETTINGS, deepDives: false });
    assert.equal(set.counts.analysed, 2, 'analysed again when the setting changed');
    await set.analyzer.analyse(doc as never, { ...SETTINGS, deepDives: false });
    assert.equal(set.counts.analysed, 2, 'and cached under it');
    set.analyzer.dispose();
  });
});
