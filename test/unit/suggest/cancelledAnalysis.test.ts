/**
 * A cancelled request to the analyzer (src/extension/suggest/documentAnalyzer.ts) ends as
 * cancelled, and a review ready when the request is made is its answer. Against a fake `vscode`
 * whose cancellation token behaves as VS Code's does (a listener added to a token cancelled
 * already is called from a 0 ms timer, not at once) and a fake platform with no worker (the
 * analyzer then analyses on its own thread, as on a host without workers), which counts what runs.
 */
import { strict as assert } from 'node:assert';
import { analyzerUnderTest, fakeDocument as document, REVIEW_SETTINGS as SETTINGS } from '../support/analyzer';
import { tick, VsCodeLikeTokenSource } from '../support/cancellation';

/** `worker`: none (every start fails, as on a host without workers) or held (each start gives a `HeldWorker`, in `workers`). */
const setUp = (worker: 'none' | 'held' = 'none') => analyzerUnderTest({ worker });

/** The analyzer of the test running (set by it). */
let set: ReturnType<typeof setUp> | undefined;

/** After each test: the analyzer disposed, the fake `vscode` restored. */
function disposeSet(): void {
  set?.analyzer.dispose();
  set?.restore();
  set = undefined;
}

/** A held-worker analyzer whose catalog is loaded already. */
function heldWithCatalog(): ReturnType<typeof setUp> {
  const held = setUp('held');
  held.releaseCatalog();
  return held;
}

/** What a call that ended as cancelled rejects with. */
const isCancelled = (e: unknown): boolean => e instanceof set!.AnalysisCancelled;

/** The large document, and the Suggest's call for it. */
function suggestOnLarge() {
  const doc = document(set!.large);
  return { doc, ...suggestCall(doc) };
}

/** The Suggest's call for `doc`: with a token the test may cancel. */
function suggestCall(doc: ReturnType<typeof document>, settings = SETTINGS) {
  const suggest = new VsCodeLikeTokenSource();
  return { suggest, asked: set!.analyzer.analyse(doc as never, settings, suggest.token as never) };
}

describe('a cancelled analysis ends as cancelled', () => {
  afterEach(disposeSet);

  for (const size of ['large', 'small'] as const) {
    it(`a ${size} document cancelled while the catalog loads: AnalysisCancelled, and nothing is analysed`, async () => {
      set = setUp();
      const source = new VsCodeLikeTokenSource();
      const running = set.analyzer.analyse(document(size === 'large' ? set.large : 'a small design doc') as never, SETTINGS, source.token as never);
      source.cancel();
      set.releaseCatalog();
      await assert.rejects(running, isCancelled);
      assert.deepEqual(set.counts, { catalogLoads: 1, enginesBuilt: 1, analysed: 0, workersStarted: 0 });
    });
  }

  it('a token cancelled before the call: AnalysisCancelled, even for a version whose review is ready', async () => {
    set = setUp();
    set.releaseCatalog();
    const doc = document(set.large);
    await set.analyzer.analyse(doc as never, SETTINGS);
    const source = new VsCodeLikeTokenSource();
    source.cancel();
    await assert.rejects(set.analyzer.analyse(doc as never, SETTINGS, source.token as never), isCancelled);
  });

  it('a review ready when the call is made answers it, though cancelled right after; a new version is cancelled', async () => {
    set = setUp();
    set.releaseCatalog();
    // What the Design Review view and the in-document review do when the document is shown.
    const shown = document(set.large);
    const review = await set.analyzer.analyse(shown as never, SETTINGS);
    const late = new VsCodeLikeTokenSource();
    const answered = set.analyzer.analyse(shown as never, SETTINGS, late.token as never);
    late.cancel();
    assert.equal(await answered, review);
    // The writer typed: a version nothing analysed yet, whose analysis the cancel ends.
    const typed = { ...shown, version: 2 };
    const source = new VsCodeLikeTokenSource();
    const running = set.analyzer.analyse(typed as never, SETTINGS, source.token as never);
    source.cancel();
    await assert.rejects(running, isCancelled);
    assert.equal(set.counts.analysed, 1, 'only the shown version was analysed');
  });
});

/** Lets the analysis run until `done` holds (promise turns only; no clock). */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await tick();
  assert.ok(done(), what);
}

/** Lets the analysis run until `count` workers have started. */
async function workersStarted(count: number, what: string): Promise<void> {
  await until(() => set!.workers.length === count, what);
}

/**
 * What the Design Review view's Refresh does (ReviewController.refreshNow): forget `doc`, then
 * analyse it again, while the first worker runs; back once the Refresh's own worker started.
 */
async function refreshBesideWorker(doc: ReturnType<typeof document>, what: string) {
  set!.analyzer.forget(doc.uri as never);
  const refreshed = set!.analyzer.analyse(doc as never, SETTINGS);
  await workersStarted(2, what);
  await tick();
  return { refreshed };
}

/** How a promise settled, without waiting for it: 'pending' when it has not yet. */
function settledState(promise: Promise<unknown>): () => string {
  let state = 'pending';
  promise.then(() => (state = 'resolved'), (e: unknown) => (state = e instanceof Error ? e.constructor.name : 'rejected'));
  return () => state;
}

describe('a shared analysis belongs to all who wait for it', () => {
  afterEach(disposeSet);

  it('the Suggest that started a worker analysis is cancelled: the view that joined it keeps it and gets its review', async () => {
    set = heldWithCatalog();
    const { doc, suggest, asked } = suggestOnLarge();
    const askedState = settledState(asked);
    await workersStarted(1, 'the worker started');
    // The view's automatic refresh (a save, the view shown again) for the same version: it joins.
    const view = set.analyzer.analyse(doc as never, SETTINGS);
    suggest.cancel();
    await until(() => askedState() !== 'pending', 'the Suggest settled');
    assert.equal(askedState(), 'AnalysisCancelled', 'the Suggest ends at once');
    assert.equal(set.workers[0]!.terminated, 0, 'the worker the view waits for runs on');
    set.workers[0]!.reply();
    const review = await view;
    assert.equal(review.offThread, true);
    assert.equal(review.version, 1);
    assert.equal(set.analyzer.cachedReview(doc as never, SETTINGS), review, 'and it is cached');
    assert.equal(set.counts.workersStarted, 1);
  });

  it('cancelled while the catalog loads: the in-document review that joined still gets its review', async () => {
    set = setUp();
    const doc = document('a small design doc');
    const { suggest, asked } = suggestCall(doc);
    const joined = set.analyzer.analyse(doc as never, SETTINGS);
    suggest.cancel();
    set.releaseCatalog();
    await assert.rejects(asked, isCancelled);
    assert.equal((await joined).version, 1);
    assert.equal(set.counts.analysed, 1);
  });

  it('a call made after every waiter cancelled, while the catalog still loads, is answered by an analysis of its own', async () => {
    set = setUp();
    const doc = document('a small design doc');
    const { suggest, asked } = suggestCall(doc);
    suggest.cancel();
    // The in-document review's run for the same version, before the cancelled analysis has wound down.
    const later = set.analyzer.analyse(doc as never, SETTINGS);
    set.releaseCatalog();
    await assert.rejects(asked, isCancelled);
    assert.equal((await later).version, 1);
    assert.equal(set.counts.analysed, 1, 'the cancelled analysis analysed nothing');
  });

  it('every waiter cancelled: the worker is stopped, and a later call starts an analysis of its own', async () => {
    set = heldWithCatalog();
    const doc = document(set.large);
    const first = new VsCodeLikeTokenSource();
    const second = new VsCodeLikeTokenSource();
    const a = set.analyzer.analyse(doc as never, SETTINGS, first.token as never);
    await workersStarted(1, 'the worker started');
    const b = set.analyzer.analyse(doc as never, SETTINGS, second.token as never);
    const bState = settledState(b);
    first.cancel();
    await assert.rejects(a, isCancelled);
    assert.equal(set.workers[0]!.terminated, 0, 'one waiter is left');
    assert.equal(bState(), 'pending');
    second.cancel();
    await assert.rejects(b, isCancelled);
    assert.equal(set.workers[0]!.terminated, 1, 'nobody waits: the worker is stopped');
    // Not joined to the analysis cancelled a moment ago: its own, answered.
    const later = set.analyzer.analyse(doc as never, SETTINGS);
    await workersStarted(2, 'a second worker started');
    set.workers[1]!.reply();
    assert.equal((await later).version, 1);
  });
});

describe('an analysis on a worker runs under one cancellation token of its own', () => {
  afterEach(disposeSet);

  it('one token source per analysis (beside the analyzer\'s own lifetime), disposed when it settles, answered or cancelled', async () => {
    set = heldWithCatalog();
    assert.deepEqual(set.tokenSources, { created: 1, disposed: 0 }, 'the analyzer\'s lifetime');
    // Answered: the view and the in-document review share it.
    const doc = document(set.large);
    const shared = [set.analyzer.analyse(doc as never, SETTINGS), set.analyzer.analyse(doc as never, SETTINGS)];
    await workersStarted(1, 'the worker started');
    assert.equal(set.tokenSources.created, 2, 'one for the analysis, none more for its worker');
    set.workers[0]!.reply();
    await Promise.all(shared);
    await tick();
    assert.deepEqual(set.tokenSources, { created: 2, disposed: 1 });
    // Cancelled by its only waiter while on a worker: the worker stops, and the source is disposed.
    const typed = document(set.large, 2);
    const suggest = new VsCodeLikeTokenSource();
    const cancelled = set.analyzer.analyse(typed as never, SETTINGS, suggest.token as never);
    await workersStarted(2, 'a second worker started');
    suggest.cancel();
    await assert.rejects(cancelled, isCancelled);
    await until(() => set!.tokenSources.disposed === 2, 'the cancelled analysis\'s source disposed');
    assert.equal(set.workers[1]!.terminated, 1);
    assert.equal(set.tokenSources.created, 3);
  });

  it('a newer version stops the older version\'s worker: its callers, token or none, get AnalysisCancelled', async () => {
    set = heldWithCatalog();
    const first = document(set.large);
    const withToken = new VsCodeLikeTokenSource();
    // Their outcomes, read as they settle (the newer call settles them before the test looks).
    const older = [set.analyzer.analyse(first as never, SETTINGS), set.analyzer.analyse(first as never, SETTINGS, withToken.token as never)]
      .map((call) => call.then(() => 'answered', (e: unknown) => e));
    await workersStarted(1, 'the worker started');
    const newer = set.analyzer.analyse({ ...first, version: 2 } as never, SETTINGS);
    await workersStarted(2, 'the newer version\'s worker started');
    assert.equal(set.workers[0]!.terminated, 1, 'the older worker is stopped');
    for (const outcome of await Promise.all(older)) assert.ok(outcome instanceof set.AnalysisCancelled, String(outcome));
    set.workers[1]!.reply();
    assert.equal((await newer).version, 2);
    assert.equal(set.workers[1]!.terminated, 1, 'a worker that answered is let go');
  });

  it('a newer version asked for in the turn the older version\'s worker answers: the older callers, token or none, still get its review', async () => {
    set = heldWithCatalog();
    const first = document(set.large);
    const withToken = new VsCodeLikeTokenSource();
    const older = [set.analyzer.analyse(first as never, SETTINGS), set.analyzer.analyse(first as never, SETTINGS, withToken.token as never)]
      .map((call) => call.then((review) => review.version, (e: unknown) => e));
    await workersStarted(1, 'the worker started');
    // The answer is in, but the older analysis has not settled yet when the newer one reaches its worker
    // (a few promise turns later): the newer one may cancel the older's token, too late to matter.
    set.workers[0]!.reply();
    const newer = set.analyzer.analyse({ ...first, version: 2 } as never, SETTINGS);
    assert.deepEqual(await Promise.all(older), [1, 1], 'the answer the worker gave is theirs');
    await workersStarted(2, 'the newer version\'s worker started');
    set.workers[1]!.reply();
    assert.equal((await newer).version, 2);
    assert.equal(set.workers[0]!.terminated, 1, 'the older worker was let go once, when it answered');
  });
});

describe('forget drops the cache, not an analysis someone waits for', () => {
  afterEach(disposeSet);

  it('the view\'s Refresh forgets the document while the Suggest waits for its worker: the Suggest gets its review, the Refresh its own, and the cache the Refresh\'s', async () => {
    set = heldWithCatalog();
    const { doc, asked } = suggestOnLarge();
    const askedState = settledState(asked);
    await workersStarted(1, 'the Suggest\'s worker started');
    const { refreshed } = await refreshBesideWorker(doc, 'the Refresh\'s own worker started');
    assert.equal(set.workers[0]!.terminated, 0, 'the worker the Suggest waits for runs on');
    assert.equal(askedState(), 'pending');
    set.workers[1]!.reply();
    const review = await refreshed;
    assert.equal(set.analyzer.cachedReview(doc as never, SETTINGS), review);
    set.workers[0]!.reply();
    const answer = await asked;
    assert.equal(answer.offThread, true);
    assert.equal(answer.version, 1);
    assert.equal(set.analyzer.cachedReview(doc as never, SETTINGS), review, 'the forgotten analysis is not cached over the Refresh\'s');
  });

  it('a forgotten analysis still stops when its last waiter with a token cancels, and on dispose', async () => {
    set = heldWithCatalog();
    const { doc, suggest, asked } = suggestOnLarge();
    await workersStarted(1, 'the worker started');
    set.analyzer.forget(doc.uri as never);
    suggest.cancel();
    await assert.rejects(asked, isCancelled);
    assert.equal(set.workers[0]!.terminated, 1, 'nobody waits: stopped');
    // One the Suggest still waits for, forgotten, stops on dispose.
    const again = set.analyzer.analyse(document(set.large, 2) as never, SETTINGS, new VsCodeLikeTokenSource().token as never);
    const againState = settledState(again);
    await workersStarted(2, 'the second worker started');
    set.analyzer.forget(doc.uri as never);
    await tick();
    assert.equal(set.workers[1]!.terminated, 0);
    set.analyzer.dispose();
    await until(() => againState() !== 'pending', 'the Suggest\'s call settled');
    assert.equal(againState(), 'AnalysisCancelled');
    assert.equal(set.workers[1]!.terminated, 1);
  });

  it('a Refresh storm on a large document keeps one worker running: each Refresh stops the analysis no caller with a token waits for', async () => {
    set = heldWithCatalog();
    const doc = document(set.large);
    // The view and the in-document review wait without a token.
    const outcome = (call: Promise<unknown>): Promise<unknown> => call.then((r) => r, (e: unknown) => e);
    const waiting = [outcome(set.analyzer.analyse(doc as never, SETTINGS)), outcome(set.analyzer.analyse(doc as never, SETTINGS))];
    await workersStarted(1, 'the first worker started');
    for (let refresh = 1; refresh <= 3; refresh++) {
      set.analyzer.forget(doc.uri as never);
      waiting.push(outcome(set.analyzer.analyse(doc as never, SETTINGS)));
      await workersStarted(refresh + 1, `refresh ${refresh}'s worker started`);
      await tick();
      assert.deepEqual(set.workers.map((w) => w.terminated), [...Array(refresh).fill(1), 0], `after refresh ${refresh}: only the newest worker runs`);
    }
    set.workers[3]!.reply();
    const outcomes = await Promise.all(waiting);
    for (const outcome of outcomes.slice(0, 4)) assert.ok(outcome instanceof set.AnalysisCancelled, String(outcome));
    assert.equal(set.analyzer.cachedReview(doc as never, SETTINGS), outcomes[4], 'the last Refresh\'s review is cached');
  });

  it('the Suggest cancels an analysis forgotten under it: its worker stops though a caller without a token joined it, and that caller gets AnalysisCancelled', async () => {
    set = heldWithCatalog();
    const { doc, suggest, asked } = suggestOnLarge();
    const inDocument = set.analyzer.analyse(doc as never, SETTINGS);
    await workersStarted(1, 'the worker started');
    const { refreshed } = await refreshBesideWorker(doc, 'the Refresh\'s worker started');
    assert.equal(set.workers[0]!.terminated, 0, 'the Suggest still waits for it');
    const inDocumentState = settledState(inDocument);
    suggest.cancel();
    await assert.rejects(asked, isCancelled);
    await until(() => inDocumentState() !== 'pending', 'the in-document review\'s call settled');
    assert.equal(inDocumentState(), 'AnalysisCancelled');
    assert.equal(set.workers[0]!.terminated, 1, 'no caller that can cancel it waits: stopped');
    set.workers[1]!.reply();
    assert.equal((await refreshed).version, 1);
  });

  it('a Refresh while the Suggest\'s analysis waits for the catalog: neither analysis stops the other\'s worker', async () => {
    set = setUp('held');
    const doc = document(set.large);
    const asked = set.analyzer.analyse(doc as never, SETTINGS, new VsCodeLikeTokenSource().token as never);
    set.analyzer.forget(doc.uri as never);
    const refreshed = set.analyzer.analyse(doc as never, SETTINGS);
    set.releaseCatalog();
    await workersStarted(2, 'both workers started');
    await tick();
    assert.deepEqual(set.workers.map((w) => w.terminated), [0, 0], 'both workers run');
    set.workers[0]!.reply();
    set.workers[1]!.reply();
    assert.equal((await asked).offThread, true);
    const review = await refreshed;
    assert.equal(set.analyzer.cachedReview(doc as never, SETTINGS), review, 'the Refresh\'s review is cached, not the forgotten one');
  });

  it('a Refresh while the Suggest of a small document waits for the catalog: the Suggest, which has no token, still gets its review', async () => {
    set = setUp('held');
    const doc = document('a small design doc');
    // The Suggest passes no token for a document analysed on this thread (no notification to cancel).
    const asked = set.analyzer.analyse(doc as never, SETTINGS);
    const askedState = settledState(asked);
    set.analyzer.forget(doc.uri as never);
    const refreshed = set.analyzer.analyse(doc as never, SETTINGS);
    set.releaseCatalog();
    await refreshed;
    await until(() => askedState() !== 'pending', 'the Suggest\'s call settled');
    assert.equal(askedState(), 'resolved', 'the Suggest gets a review, not AnalysisCancelled');
    assert.equal(set.counts.analysed, 2);
  });

  it('a large document forgotten while it waits for the catalog, with no caller that could cancel it: no worker is started for it', async () => {
    set = setUp('held');
    const doc = document(set.large);
    const view = settledState(set.analyzer.analyse(doc as never, SETTINGS));
    set.analyzer.forget(doc.uri as never);
    const refreshed = set.analyzer.analyse(doc as never, SETTINGS);
    set.releaseCatalog();
    await until(() => view() !== 'pending', 'the dropped call settled');
    assert.equal(view(), 'AnalysisCancelled');
    await workersStarted(1, 'the Refresh\'s worker started');
    await tick();
    assert.equal(set.workers.length, 1, 'one worker, the Refresh\'s');
    set.workers[0]!.reply();
    assert.equal((await refreshed).offThread, true);
  });

  it('a large document analysed on this thread (the size limit cuts it under the worker\'s threshold), forgotten while it waits for the catalog: the Suggest\'s cancel leaves it to the view, which gets its review', async () => {
    set = setUp('held');
    // The Suggest holds a token (the document is over the threshold); the analysed part is not.
    const cut = { ...SETTINGS, maxDocumentSizeMB: 0.5, maxChars: 500_000 };
    const doc = document(set.large);
    const { suggest, asked } = suggestCall(doc, cut);
    const view = settledState(set.analyzer.analyse(doc as never, cut));
    set.analyzer.forget(doc.uri as never);
    suggest.cancel();
    await assert.rejects(asked, isCancelled);
    set.releaseCatalog();
    await until(() => view() !== 'pending', 'the view\'s call settled');
    assert.equal(view(), 'resolved', 'an analysis on this thread forgotten while it waited for the catalog runs once and answers');
    assert.equal(set.counts.analysed, 1);
    assert.equal(set.workers.length, 0);
  });

  for (const size of ['large', 'small'] as const) {
    it(`a closed ${size} document: forget stops its analysis, and every waiter gets AnalysisCancelled`, async () => {
      set = setUp('held');
      const doc = document(size === 'large' ? set.large : 'a small design doc');
      const waiting = [set.analyzer.analyse(doc as never, SETTINGS), set.analyzer.analyse(doc as never, SETTINGS, new VsCodeLikeTokenSource().token as never)]
        .map((call) => call.then(() => 'answered', (e: unknown) => e));
      if (size === 'large') {
        set.releaseCatalog();
        await workersStarted(1, 'the worker started');
      }
      doc.isClosed = true;
      set.analyzer.forget(doc.uri as never);
      set.releaseCatalog();
      for (const outcome of await Promise.all(waiting)) assert.ok(outcome instanceof set.AnalysisCancelled, String(outcome));
      if (size === 'large') assert.equal(set.workers[0]!.terminated, 1, 'the worker is stopped');
      assert.equal(set.counts.analysed, 0, 'nothing analysed on this thread');
    });
  }
});
