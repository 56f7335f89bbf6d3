/**
 * The Design Review never shows one document's rows under another's name, nor a verdict before the
 * analysis. VS Code asks for a tree's rows some time after it is told they changed (later still
 * when the extension host is busy with a large document), while a header or a context key set at
 * once shows at once: the view named a new document above the previous one's rows, and said "no
 * pattern stood out" (the welcome of an empty tree) while a first analysis was running. Now a
 * document that becomes the one reviewed empties the tree at once, under its own name, until its
 * review arrives (a review already cached is shown at once); the "nothing found" welcome is keyed on
 * a review with no row.
 * Run in plain Node with a fake `vscode`.
 */
import { strict as assert } from 'node:assert';
import type { SuggestResult } from '../../../src/core/suggest';
import type * as Controller from '../../../src/extension/suggest/reviewController';
import type * as Provider from '../../../src/extension/suggest/designReviewProvider';
import type { DocumentReview } from '../../../src/extension/suggest/documentReview';
import { FakeEventEmitter as Emitter, loadWithFakeVscode, noEvent, reviewViewVscode } from '../support/fakeVscode';
import { realEngine } from '../review/shared';

function fakeVscode(contexts: Map<string, unknown>, progress: unknown[], editors: Emitter<unknown>): object {
  return {
    ...reviewViewVscode,
    window: { onDidChangeActiveTextEditor: editors.event, activeTextEditor: undefined, withProgress: (options: unknown, task: () => Promise<unknown>) => { progress.push(options); return task(); } },
    workspace: {
      onDidOpenTextDocument: noEvent, onDidSaveTextDocument: noEvent, onDidChangeTextDocument: noEvent,
      onDidCloseTextDocument: noEvent, onDidChangeConfiguration: noEvent,
      getConfiguration: () => ({ get: (_key: string, fallback: unknown) => fallback }),
    },
    commands: { executeCommand: async (command: string, key: string, value: unknown) => { if (command === 'setContext') contexts.set(key, value); } },
  };
}

const document = (name: string) => ({ languageId: 'markdown', uri: { scheme: 'file', path: `/${name}`, toString: () => `file:///${name}` }, version: 1, fileName: `/${name}`, isClosed: false });
function review(name: string, result: SuggestResult): DocumentReview {
  return { uri: document(name).uri, version: 1, name, result, titles: new Map(), durationMs: 1, outline: { headings: [] } } as unknown as DocumentReview;
}

describe('the Design Review never names one document over another one\'s rows, nor gives a verdict before the analysis', () => {
  const { engine } = realEngine();
  const withRows = engine.suggest('# Ticket booking\n\nTwo million fans compete for 50,000 seats at 10:00; two buyers must never get the same seat, so each seat row is locked while it is held.\n');
  const withoutRows = engine.suggest('# Release notes\n\nWe renamed a flag.\n');
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  function setUp() {
    const contexts = new Map<string, unknown>();
    const progress: unknown[] = [];
    const editors = new Emitter<unknown>();
    const fake = fakeVscode(contexts, progress, editors);
    const provider = loadWithFakeVscode<typeof Provider>(fake, '../../../src/extension/suggest/designReviewProvider');
    const controller = loadWithFakeVscode<typeof Controller>(fake, '../../../src/extension/suggest/reviewController');
    restore = () => { controller.restore(); provider.restore(); };
    const reviews = new Map<string, DocumentReview>();
    const view = { visible: true, description: undefined as string | undefined, message: undefined as string | undefined, onDidChangeVisibility: noEvent };
    const treeProvider = new provider.module.DesignReviewProvider();
    // Caches what it answered, by document, as DocumentAnalyzer does.
    const cache = new Map<string, DocumentReview>();
    const analyzer = {
      analyse: async (d: { fileName: string }) => {
        const answer = await reviews.get(d.fileName)!;
        cache.set(d.fileName, answer);
        return answer;
      },
      cachedReview: (d: { fileName: string }) => cache.get(d.fileName),
      forget: () => undefined,
    };
    const ctl = new controller.module.ReviewController(analyzer as never, treeProvider, view as never);
    return { contexts, progress, view, treeProvider, reviews, ctl, editors, keys: controller.module };
  }

  it("while another document's analysis runs, the view names it over an empty tree, not over the previous rows", async () => {
    const { view, treeProvider, reviews, ctl, contexts, keys } = setUp();
    reviews.set('/small.md', review('small.md', withRows));
    await ctl.refresh(document('small.md') as never);
    assert.equal(view.description, 'small.md');
    assert.ok(treeProvider.getChildren().length > 0);
    let answer: (r: DocumentReview) => void = () => undefined;
    reviews.set('/big.md', new Promise<DocumentReview>((resolve) => (answer = resolve)) as never);
    const running = ctl.refresh(document('big.md') as never);
    assert.equal(view.description, 'big.md');
    assert.deepEqual(treeProvider.getChildren(), [], "small.md's rows are gone");
    assert.equal(contexts.get(keys.NOTHING_FOUND_CONTEXT), false, 'no verdict while it runs');
    answer(review('big.md', withRows));
    await running;
    assert.equal(view.description, 'big.md');
    assert.ok(treeProvider.getChildren().length > 0);
  });

  it('a switch back to a document whose review is cached shows its rows at once: the tree never empties on the way', async () => {
    const { view, treeProvider, reviews, ctl } = setUp();
    reviews.set('/a.md', review('a.md', withRows));
    reviews.set('/b.md', review('b.md', withRows));
    await ctl.refresh(document('a.md') as never);
    await ctl.refresh(document('b.md') as never);
    // VS Code fetches the rows at the first change and holds a change that follows within 200 ms:
    // an empty tree told first stays on screen that long.
    const told: number[] = [];
    treeProvider.onDidChangeTreeData(() => told.push(treeProvider.getChildren().length));
    const back = ctl.refresh(document('a.md') as never);
    assert.equal(view.description, 'a.md');
    assert.ok(treeProvider.getChildren().length > 0, "a.md's rows are on display before its refresh answers");
    await back;
    assert.ok(told.length > 0 && told.every((n) => n > 0), `rows at each change: ${told.join(', ')}`);
  });

  it('a failed analysis of a document no longer followed leaves the view on the one followed now', async () => {
    const { view, reviews, ctl, editors, contexts, keys } = setUp();
    view.visible = false; // hidden: the switch below starts no analysis of its own
    let fail: (error: Error) => void = () => undefined;
    reviews.set('/a.md', new Promise<DocumentReview>((_resolve, reject) => (fail = reject)) as never);
    const running = ctl.refresh(document('a.md') as never);
    editors.fire({ document: document('b.md') });
    assert.equal(view.description, 'b.md');
    fail(new Error('the engine broke'));
    await assert.rejects(running);
    assert.equal(view.description, 'b.md', "a.md's failure is not said under b.md, nor does it drop b.md");
    assert.equal(view.message, undefined);
    assert.equal(contexts.get(keys.HAS_DOCUMENT_CONTEXT), true);
  });

  it('"nothing found" is keyed on an empty review, not on a document being on display', async () => {
    const { contexts, reviews, ctl, keys } = setUp();
    reviews.set('/design.md', review('design.md', withRows));
    reviews.set('/notes.md', review('notes.md', withoutRows));
    await ctl.refresh(document('design.md') as never);
    assert.equal(contexts.get(keys.HAS_DOCUMENT_CONTEXT), true);
    assert.equal(contexts.get(keys.NOTHING_FOUND_CONTEXT), false, 'a review with rows never shows the "nothing found" welcome, even before its rows arrive');
    await ctl.refresh(document('notes.md') as never);
    assert.equal(contexts.get(keys.NOTHING_FOUND_CONTEXT), true);
    // An empty document has its own sentence above the tree, not the "nothing found" welcome.
    reviews.set('/blank.md', { ...review('blank.md', withoutRows), empty: true } as DocumentReview);
    await ctl.refresh(document('blank.md') as never);
    assert.equal(contexts.get(keys.NOTHING_FOUND_CONTEXT), false);
  });

  it('an analysis that answers at once shows no progress bar on the view', async () => {
    const { progress, reviews, ctl } = setUp();
    reviews.set('/design.md', review('design.md', withRows));
    await ctl.refresh(document('design.md') as never);
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(progress, []);
  });
});
