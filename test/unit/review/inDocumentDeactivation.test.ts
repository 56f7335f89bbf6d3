/**
 * The in-document review's controller (src/extension/review/inDocumentController.ts) when the
 * extension is deactivated while a run waits: the run's later outcome publishes nothing, fires
 * nothing and schedules nothing on the disposed controller. The analyzer's cancellation on
 * deactivation (AnalysisCancelled) used to schedule a new run, and a catalog that arrived after
 * deactivation published to the disposed diagnostics. Against a fake `vscode` that records what
 * reaches a disposed object.
 */
import { strict as assert } from 'node:assert';
import type * as Controller from '../../../src/extension/review/inDocumentController';
import type * as OffThread from '../../../src/extension/suggest/offThreadAnalysis';
import { tick } from '../support/cancellation';
import { englishL10n, loadWithFakeVscode } from '../support/fakeVscode';

/** Lets the controller's timers (it schedules even "now" through setTimeout) and promise callbacks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
  }
}

const noop = { dispose: () => undefined };

function setUp() {
  /** Whatever reached a disposed object, as "what: detail". */
  const afterDispose: string[] = [];
  const published: unknown[] = [];
  const uri = { scheme: 'file', path: '/design.md', toString: () => 'file:///design.md' };
  const document = { uri, version: 1, languageId: 'markdown', isClosed: false, getText: () => '# Design\n', positionAt: () => ({}) };
  class TabInputText { constructor(readonly uri: unknown) {} }
  class EventEmitter<T> {
    private disposed = false;
    private readonly listeners: ((value: T) => void)[] = [];
    readonly event = (listener: (value: T) => void) => (this.listeners.push(listener), noop);
    fire(value: T): void {
      if (this.disposed) afterDispose.push(`fire: ${String(value)}`);
      else this.listeners.forEach((l) => l(value));
    }
    dispose(): void { this.disposed = true; }
  }
  let collectionDisposed = false;
  /** The onDidCloseTextDocument listeners registered and not disposed. */
  const closeListeners = new Set<unknown>();
  /** Fires onDidChangeTextDocument: the user typed in the document. */
  let typed: (event: unknown) => void = () => assert.fail('no change listener');
  /** Fires onDidChangeTabs. */
  let tabsChanged: (event: unknown) => void = () => assert.fail('no tabs listener');
  const fake = {
    l10n: { t: englishL10n },
    env: { language: 'en' },
    EventEmitter,
    TabInputText,
    TabInputTextDiff: class {},
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    Diagnostic: class { constructor(readonly range: unknown, readonly message: string) {} },
    Range: class {},
    Position: class {},
    languages: {
      createDiagnosticCollection: () => ({
        set: (target: unknown, diagnostics: unknown) => (collectionDisposed ? afterDispose.push('diagnostics.set') : published.push([target, diagnostics])),
        delete: () => collectionDisposed && afterDispose.push('diagnostics.delete'),
        dispose: () => (collectionDisposed = true),
      }),
    },
    workspace: {
      textDocuments: [document],
      // An edit pause no test outlasts: its timer runs only if a test waits for it.
      getConfiguration: () => ({ get: (key: string, fallback: unknown) => (key.endsWith('editDelayMs') ? 3_600_000 : fallback) }),
      onDidOpenTextDocument: () => noop,
      onDidChangeTextDocument: (listener: (event: unknown) => void) => ((typed = listener), noop),
      onDidSaveTextDocument: () => noop,
      onDidCloseTextDocument: (listener: unknown) => (closeListeners.add(listener), { dispose: () => closeListeners.delete(listener) }),
      onDidChangeConfiguration: () => noop,
    },
    window: { tabGroups: { all: [{ tabs: [{ input: new TabInputText(uri) }] }] as unknown[], onDidChangeTabs: (listener: (event: unknown) => void) => ((tabsChanged = listener), noop) } },
  };
  // The review's core as the engine bundle gives it: an outline, and a review with no findings.
  const platform = {
    kind: 'node',
    loadSuggestModule: () => ({ readOutline: () => ({ headings: [] }), buildInDocumentReview: () => ({ findings: [] }) }),
  };
  const loaded = loadWithFakeVscode<typeof Controller>(fake, '../../../src/extension/review/inDocumentController', { '../../../src/extension/env/platform': { platform } });
  // Loaded under the same fake: the AnalysisCancelled the controller tells apart.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AnalysisCancelled } = require('../../../src/extension/suggest/offThreadAnalysis') as typeof OffThread;
  const logged: string[] = [];
  const log = { error: (message: string) => void (collectionDisposed ? afterDispose.push(`log.error: ${message}`) : logged.push(message)) };
  /** The user closes the document's only tab; the document itself stays open. */
  const closeTab = (): void => {
    const tab = { input: new TabInputText(uri) };
    fake.window.tabGroups.all = [];
    tabsChanged({ closed: [tab], opened: [], changed: [] });
  };
  return { module: loaded.module, restore: loaded.restore, AnalysisCancelled, afterDispose, published, logged, log, document, closeListeners, typed: (event: unknown) => typed(event), closeTab };
}

/** A promise and the functions that settle it. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** The promise's outcome so far: pending, or the value it resolved with. */
function outcome<T>(promise: Promise<T>): () => { state: 'pending' } | { state: 'resolved'; value: T } {
  let seen: { state: 'pending' } | { state: 'resolved'; value: T } = { state: 'pending' };
  void promise.then((value) => (seen = { state: 'resolved', value }));
  return () => seen;
}

const REVIEW = { version: 1, binary: false, truncation: undefined, result: { suggestions: [], numbers: [], openQuestions: [], combinations: [] } };

/**
 * Every controller a test builds, disposed after it: a test that fails before its own dispose would
 * otherwise leave the hour-long edit-pause timer running, and mocha (no --exit) would wait for it.
 */
const controllers: { dispose(): void }[] = [];
function tracked<T extends { dispose(): void }>(controller: T): T {
  controllers.push(controller);
  return controller;
}

describe('the in-document review when the extension is deactivated during a run', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    for (const controller of controllers.splice(0)) controller.dispose();
    restore?.();
    restore = undefined;
  });

  it('the analysis cancelled by deactivation: no new run is scheduled, nothing fires on the disposed emitter', async () => {
    const set = setUp();
    restore = set.restore;
    const first = deferred<typeof REVIEW>();
    let analyses = 0;
    // A later analysis would wait for ever: the test counts it rather than loop.
    const analyzer = { analyse: () => (++analyses === 1 ? first.promise : new Promise(() => undefined)) };
    const controller = tracked(new set.module.InDocumentController(analyzer as never, async () => ({ byId: new Map() }) as never, {} as never, set.log as never));
    await settle();
    assert.equal(analyses, 1, 'the document a tab shows is analysed');
    controller.dispose();
    first.reject(new set.AnalysisCancelled());
    await settle();
    assert.equal(analyses, 1, 'no run after deactivation');
    assert.deepEqual(set.afterDispose, []);
  });

  // The second case is the first's control: the fakes do see a publication, so the first's empty
  // result means something.
  for (const deactivated of [true, false]) {
    it(deactivated
      ? 'the catalog arriving after deactivation: nothing is published or logged'
      : 'not deactivated: the same run publishes the document\'s diagnostics (the fakes see a publication)', async () => {
      const set = setUp();
      restore = set.restore;
      const catalog = deferred<unknown>();
      const controller = tracked(new set.module.InDocumentController({ analyse: async () => REVIEW } as never, () => catalog.promise as never, {} as never, set.log as never));
      await settle();
      if (deactivated) controller.dispose();
      catalog.resolve({ byId: new Map() });
      await settle();
      assert.deepEqual(set.afterDispose, []);
      assert.deepEqual(set.logged, []);
      assert.equal(set.published.length, deactivated ? 0 : 1);
    });
  }

  // A hover or a quick fix asked for the document's entry and waits for the edit pause or the run;
  // deactivation clears the timer and silences the emitter that would have woken it.
  for (const waitingFor of ['the edit pause (a timer)', 'a run under way'] as const) {
    it(`an entryFor waiting for ${waitingFor}: answers undefined on dispose, and drops its close listener`, async () => {
      const set = setUp();
      restore = set.restore;
      let analyses = 0;
      // The first analysis (the tab's) ends for the edit-pause case; any other runs for ever.
      const analyzer = { analyse: () => (++analyses === 1 && waitingFor !== 'a run under way' ? Promise.resolve(REVIEW) : new Promise(() => undefined)) };
      const controller = tracked(new set.module.InDocumentController(analyzer as never, async () => ({ byId: new Map() }) as never, {} as never, set.log as never));
      await settle();
      assert.equal(analyses, 1, 'the document a tab shows is analysed');
      if (waitingFor === 'the edit pause (a timer)') {
        assert.equal(set.published.length, 1, 'its entry is published');
        // The user types: version 2 waits for the edit pause, whose timer dispose clears.
        set.document.version = 2;
        set.typed({ document: set.document, contentChanges: [{}] });
      }
      const listenersBefore = set.closeListeners.size;
      const entry = outcome(controller.entryFor(set.document as never));
      await tick();
      assert.equal(entry().state, 'pending', 'waits');
      assert.equal(analyses, 1, 'no other run has started');
      assert.equal(set.closeListeners.size, listenersBefore + 1, 'listens for the document\'s closing while it waits');
      controller.dispose();
      await tick();
      assert.deepEqual(entry(), { state: 'resolved', value: undefined });
      assert.equal(set.closeListeners.size, 0, 'no close listener left');
      assert.deepEqual(set.afterDispose, []);
    });
  }

  it('an entryFor waiting for the edit pause of a document with no entry yet answers undefined when its last tab closes (the pause is dropped)', async () => {
    const set = setUp();
    restore = set.restore;
    // The tab's first run ends with the document changed meanwhile: it publishes no entry.
    const controller = tracked(new set.module.InDocumentController({ analyse: async () => ({ ...REVIEW, version: 0 }) } as never, async () => ({ byId: new Map() }) as never, {} as never, set.log as never));
    await settle();
    assert.equal(set.published.length, 0, 'no entry yet');
    set.document.version = 2;
    set.typed({ document: set.document, contentChanges: [{}] });
    const entry = outcome(controller.entryFor(set.document as never));
    await tick();
    assert.equal(entry().state, 'pending', 'waits for the edit pause');
    set.closeTab();
    await tick();
    assert.deepEqual(entry(), { state: 'resolved', value: undefined }, 'the dropped pause wakes it');
    controller.dispose();
  });

  it('an entryFor asked for after dispose answers undefined at once', async () => {
    const set = setUp();
    restore = set.restore;
    const controller = tracked(new set.module.InDocumentController({ analyse: () => new Promise(() => undefined) } as never, async () => ({ byId: new Map() }) as never, {} as never, set.log as never));
    controller.dispose();
    assert.equal(await controller.entryFor(set.document as never), undefined);
    assert.equal(set.closeListeners.size, 0);
  });
});

// The view's Refresh of a large document stops an analysis that only the view and this review wait
// for (DocumentAnalyzer.forget): the review's run gets AnalysisCancelled and must ask again, or the
// document's Problems wait for its next edit; a closed document's analysis is stopped for good.
describe('the in-document review when the analysis it waits for is stopped under it', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    for (const controller of controllers.splice(0)) controller.dispose();
    restore?.();
    restore = undefined;
  });

  for (const closed of [false, true]) {
    it(closed
      ? 'the document closed meanwhile: it does not ask again'
      : 'the document still open: it asks again once and publishes that answer, logging nothing', async () => {
      const set = setUp();
      restore = set.restore;
      const first = deferred<typeof REVIEW>();
      let analyses = 0;
      const analyzer = { analyse: () => (++analyses === 1 ? first.promise : Promise.resolve(REVIEW)) };
      tracked(new set.module.InDocumentController(analyzer as never, async () => ({ byId: new Map() }) as never, {} as never, set.log as never));
      await settle();
      assert.equal(analyses, 1, 'the document a tab shows is analysed');
      if (closed) set.document.isClosed = true;
      first.reject(new set.AnalysisCancelled());
      await settle();
      assert.equal(analyses, closed ? 1 : 2);
      assert.equal(set.published.length, closed ? 0 : 1);
      assert.deepEqual(set.logged, []);
    });
  }
});
