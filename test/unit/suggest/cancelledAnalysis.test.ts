/**
 * A cancelled request to the analyzer (src/extension/suggest/documentAnalyzer.ts) ends as
 * cancelled, and a review ready when the request is made is its answer. Against a fake `vscode`
 * whose cancellation token behaves as VS Code's does (a listener added to a token cancelled
 * already is called from a 0 ms timer, not at once) and a fake platform with no worker (the
 * analyzer then analyses on its own thread, as on a host without workers), which counts what runs.
 */
import { strict as assert } from 'node:assert';
import { EMPTY_OUTLINE } from '../../../src/core/review/outline';
import type * as Analyzer from '../../../src/extension/suggest/documentAnalyzer';
import type * as OffThread from '../../../src/extension/suggest/offThreadAnalysis';
import type { ReviewSettings } from '../../../src/extension/suggest/reviewSettings';
import { loadWithFakeVscode } from '../support/fakeVscode';

const EMPTY_RESULT = { suggestions: [], numbers: [], openQuestions: [], combinations: [] };
const SETTINGS: ReviewSettings = { refreshOnEdit: true, editDelayMs: 600, maxDocumentSizeMB: 10, maxChars: 10_000_000, minScore: undefined, deepDives: true };

/** VS Code's CancellationTokenSource as the extension host has it (base/common/cancellation.ts, 1.139). */
class VsCodeLikeTokenSource {
  private readonly listeners = new Set<() => void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: (listener: () => void) => {
      if (this.token.isCancellationRequested) {
        const timer = setTimeout(listener, 0);
        return { dispose: () => clearTimeout(timer) };
      }
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    },
  };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    for (const listener of [...this.listeners]) listener();
    this.listeners.clear();
  }
  dispose(): void {
    this.listeners.clear();
  }
}

function document(text: string, version = 1) {
  return {
    uri: { path: '/design.md', toString: () => 'file:///design.md' },
    version,
    isClosed: false,
    lineCount: 1,
    lineAt: () => ({ range: { end: 'end' } }),
    offsetAt: () => text.length,
    getText: () => text,
  };
}

function setUp() {
  const counts = { analysed: 0, workersStarted: 0 };
  let releaseCatalog!: () => void;
  const catalog = new Promise<{ byId: Map<string, unknown> }>((resolve) => (releaseCatalog = () => resolve({ byId: new Map() })));
  const platform = {
    kind: 'node',
    loadRenderModule: () => assert.fail('the card renderer is not used here'),
    loadSuggestModule: () => ({
      createSuggestEngine: () => ({ suggest: () => (counts.analysed++, EMPTY_RESULT) }),
      suggestWithOutline: (engine: { suggest(text: string, options: unknown): unknown }, text: string, options: unknown) => ({ result: engine.suggest(text, options), outline: EMPTY_OUTLINE }),
      EMPTY_OUTLINE,
    }),
    startSuggestWorker: async () => {
      counts.workersStarted++;
      throw new Error('no worker in this test');
    },
    dispose: () => undefined,
  };
  const fake = { CancellationTokenSource: VsCodeLikeTokenSource, Range: class {}, Position: class {} };
  const loaded = loadWithFakeVscode<typeof Analyzer>(fake, '../../../src/extension/suggest/documentAnalyzer', { '../../../src/extension/env/platform': { platform } });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AnalysisCancelled, OFF_THREAD_CHARS } = require('../../../src/extension/suggest/offThreadAnalysis') as typeof OffThread;
  const analyzer = new loaded.module.DocumentAnalyzer(() => catalog as never, { path: '/ext/dist' } as never, {} as never);
  return { analyzer, counts, releaseCatalog, AnalysisCancelled, large: 'x'.repeat(OFF_THREAD_CHARS + 1), restore: loaded.restore };
}

describe('a cancelled analysis ends as cancelled', () => {
  let set: ReturnType<typeof setUp> | undefined;
  afterEach(() => {
    set?.analyzer.dispose();
    set?.restore();
    set = undefined;
  });

  for (const size of ['large', 'small'] as const) {
    it(`a ${size} document cancelled while the catalog loads: AnalysisCancelled, and nothing is analysed`, async () => {
      set = setUp();
      const source = new VsCodeLikeTokenSource();
      const running = set.analyzer.analyse(document(size === 'large' ? set.large : 'a small design doc') as never, SETTINGS, source.token as never);
      source.cancel();
      set.releaseCatalog();
      const cancelled = set.AnalysisCancelled;
      await assert.rejects(running, (e) => e instanceof cancelled);
      assert.deepEqual(set.counts, { analysed: 0, workersStarted: 0 });
    });
  }

  it('a token cancelled before the call: AnalysisCancelled, even for a version whose review is ready', async () => {
    set = setUp();
    set.releaseCatalog();
    const doc = document(set.large);
    await set.analyzer.analyse(doc as never, SETTINGS);
    const source = new VsCodeLikeTokenSource();
    source.cancel();
    const cancelled = set.AnalysisCancelled;
    await assert.rejects(set.analyzer.analyse(doc as never, SETTINGS, source.token as never), (e) => e instanceof cancelled);
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
    const cancelled = set.AnalysisCancelled;
    await assert.rejects(running, (e) => e instanceof cancelled);
    assert.equal(set.counts.analysed, 1, 'only the shown version was analysed');
  });
});
