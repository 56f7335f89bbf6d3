/**
 * The Design Review view's Refresh (sdp.review.refresh) forgets the document and analyses it again.
 * On a large document the analyzer stops the analysis of an earlier Refresh that only the view
 * waits for (DocumentAnalyzer.forget), and that Refresh's call gets `AnalysisCancelled`. The
 * command is superseded by the user's own newer click, not failed: it must resolve quietly, as the
 * Suggest command does, because VS Code reports a command that rejects (an error notification from
 * a title action, an error dialog from the Command Palette). A real failure still rejects.
 * Run in plain Node with a fake `vscode`; the analyzer is a stand-in that behaves as the real one
 * does for a large document with no caller holding a token.
 */
import { strict as assert } from 'node:assert';
import type * as Commands from '../../../src/extension/suggest/reviewViewCommands';
import type * as Controller from '../../../src/extension/suggest/reviewController';
import type * as Provider from '../../../src/extension/suggest/designReviewProvider';
import type * as OffThread from '../../../src/extension/suggest/offThreadAnalysis';
import type { DocumentReview } from '../../../src/extension/suggest/documentReview';
import { loadWithFakeVscode, noEvent, reviewViewVscode } from '../support/fakeVscode';

const doc = { languageId: 'markdown', uri: { scheme: 'file', path: '/big.md', toString: () => 'file:///big.md' }, version: 1, fileName: '/big.md', isClosed: false };

function fakeVscode(): object {
  return {
    ...reviewViewVscode,
    window: {
      onDidChangeActiveTextEditor: noEvent,
      activeTextEditor: { document: doc },
      withProgress: (_options: unknown, task: () => Promise<unknown>) => task(),
      setStatusBarMessage: () => undefined,
      showInformationMessage: async () => undefined,
    },
    workspace: {
      onDidOpenTextDocument: noEvent, onDidSaveTextDocument: noEvent, onDidChangeTextDocument: noEvent,
      onDidCloseTextDocument: noEvent, onDidChangeConfiguration: noEvent,
      getConfiguration: () => ({ get: (_key: string, fallback: unknown) => fallback }),
    },
    commands: { executeCommand: async () => undefined },
  };
}

describe('the view\'s Refresh command, superseded by a newer Refresh, ends quietly', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  function setUp() {
    const loaded = loadWithFakeVscode<typeof Commands>(fakeVscode(), '../../../src/extension/suggest/reviewViewCommands');
    restore = loaded.restore;
    // Loaded under the same fake, so each class is the one the command and the controller see.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { ReviewController } = require('../../../src/extension/suggest/reviewController') as typeof Controller;
    const { DesignReviewProvider } = require('../../../src/extension/suggest/designReviewProvider') as typeof Provider;
    const { AnalysisCancelled } = require('../../../src/extension/suggest/offThreadAnalysis') as typeof OffThread;
    /* eslint-enable @typescript-eslint/no-require-imports */
    // As DocumentAnalyzer for a large document that no caller with a token waits for: forget stops
    // the analysis under way, whose callers get AnalysisCancelled; a later call starts its own.
    const pending: { resolve(r: DocumentReview): void; reject(e: Error): void }[] = [];
    const analyzer = {
      analyse: () => new Promise<DocumentReview>((resolve, reject) => pending.push({ resolve, reject })),
      cachedReview: () => undefined,
      forget: () => {
        for (const p of pending.splice(0)) p.reject(new AnalysisCancelled());
      },
    };
    const view = { visible: false, description: undefined as string | undefined, message: undefined as string | undefined, onDidChangeVisibility: noEvent };
    const provider = new DesignReviewProvider();
    const controller = new ReviewController(analyzer as never, provider, view as never);
    return { refresh: new loaded.module.RefreshReviewCommand(controller), pending, provider };
  }

  const reviewOf = (version: number): DocumentReview => ({
    uri: doc.uri, version, name: 'big.md', result: { suggestions: [], numbers: [], openQuestions: [], combinations: [] },
    titles: new Map(), durationMs: 1, outline: { headings: [] }, binary: false,
  }) as unknown as DocumentReview;

  it('two Refreshes of a large document: the first resolves to undefined, the second to its review, which the view shows', async () => {
    const { refresh, pending, provider } = setUp();
    const first = refresh.execute();
    const second = refresh.execute();
    assert.equal(pending.length, 1, 'the second Refresh stopped the first one\'s analysis');
    const latest = reviewOf(1);
    pending[0]!.resolve(latest);
    assert.equal(await first, undefined, 'the superseded Refresh ends quietly');
    assert.equal(await second, latest);
    assert.equal(provider.current, latest, 'the view shows the last Refresh\'s review');
  });

  it('a Refresh whose analysis fails still rejects', async () => {
    const { refresh, pending } = setUp();
    const running = refresh.execute();
    pending[0]!.reject(new Error('the engine broke'));
    await assert.rejects(running, /the engine broke/);
  });
});
