/**
 * The in-document review's controller (src/extension/review/inDocumentController.ts) takes the
 * document's outline from the analysis (DocumentReview.outline, read off the engine's own parse:
 * on the worker for a large document) and parses no markdown on the extension host's thread. Against
 * a fake `vscode`, the real review core (the lazy suggest module) and a spy on markdown-it's parse.
 */
import { strict as assert } from 'node:assert';
import type * as Controller from '../../../src/extension/review/inDocumentController';
import { ENGLISH_REVIEW_LABELS } from '../../../src/core/review/labels';
import { readOutline } from '../../../src/core/review/outline';
import { parsesDuringAsync } from '../support/markdownParses';
import { suggestWithOutline } from '../../../src/core/review/suggestWithOutline';
import { createSuggestEngine } from '../../../src/core/suggest';
import * as suggestModule from '../../../src/extension/lazy/suggest';
import { fixtureCatalog } from '../suggest/fixtures';
import { tick } from '../support/cancellation';
import { englishL10n, loadWithFakeVscode } from '../support/fakeVscode';

const noop = { dispose: () => undefined };

/** A design doc with a comment under every heading (its hidden heading is none) and CRLF line ends. */
const DOC = [
  '# Seat booking', '', '<!-- say what the system is for', '## Not a heading', '-->',
  'Two million fans compete for 50,000 seats; double booking must never happen.', '',
  'Alternatives', '---', '<!-- list them -->', 'A queue in front of the seat map.', '',
  '## Appendix', 'Websocket chat for live updates, with long polling as a fallback.', '',
].join('\r\n');

/** Lets the controller's timers (it schedules even "now" through setTimeout) and promise callbacks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
  }
}

/** The controller under a fake `vscode` showing one document in a tab, with the real review core. */
function setUp(text: string) {
  const uri = { scheme: 'file', path: '/design.md', toString: () => 'file:///design.md' };
  const offsetOf = (p: { offset: number }): number => p.offset;
  const document = {
    uri, version: 1, languageId: 'markdown', isClosed: false,
    // The analysed part of a document over the size limit is read as a range from its start.
    getText: (range?: { end: { offset: number } }) => (range ? text.slice(0, offsetOf(range.end)) : text),
    positionAt: (offset: number) => ({ offset }),
  };
  class TabInputText { constructor(readonly uri: unknown) {} }
  class EventEmitter<T> {
    private readonly listeners: ((value: T) => void)[] = [];
    readonly event = (listener: (value: T) => void) => (this.listeners.push(listener), noop);
    fire(value: T): void { this.listeners.forEach((l) => l(value)); }
    dispose(): void {}
  }
  const published: unknown[][] = [];
  const fake = {
    l10n: { t: englishL10n },
    env: { language: 'en' },
    EventEmitter,
    TabInputText,
    TabInputTextDiff: class {},
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    Diagnostic: class { constructor(readonly range: unknown, readonly message: string) {} },
    Range: class { constructor(readonly start: unknown, readonly end: unknown) {} },
    Position: class { constructor(readonly line: number, readonly character: number) {} },
    languages: { createDiagnosticCollection: () => ({ set: (_target: unknown, diagnostics: unknown[]) => void published.push(diagnostics), delete: () => undefined, dispose: () => undefined }) },
    workspace: {
      textDocuments: [document],
      getConfiguration: () => ({ get: (key: string, fallback: unknown) => (key.endsWith('editDelayMs') ? 3_600_000 : fallback) }),
      onDidOpenTextDocument: () => noop,
      onDidChangeTextDocument: () => noop,
      onDidSaveTextDocument: () => noop,
      onDidCloseTextDocument: () => noop,
      onDidChangeConfiguration: () => noop,
    },
    window: { tabGroups: { all: [{ tabs: [{ input: new TabInputText(uri) }] }], onDidChangeTabs: () => noop } },
  };
  const platform = { kind: 'node', loadSuggestModule: () => suggestModule };
  const loaded = loadWithFakeVscode<typeof Controller>(fake, '../../../src/extension/review/inDocumentController', { '../../../src/extension/env/platform': { platform } });
  return { ...loaded, document, published };
}

describe('the in-document review takes the outline from the analysis', () => {
  const engine = createSuggestEngine(fixtureCatalog());
  let restore: (() => void) | undefined;
  let dispose: (() => void) | undefined;
  afterEach(() => {
    dispose?.();
    restore?.();
    dispose = restore = undefined;
  });

  for (const truncatedAt of [undefined, DOC.indexOf('## Appendix') + 4]) {
    it(truncatedAt === undefined ? 'a whole document: the entry holds the analysis\'s outline, and no markdown is parsed on this thread'
      : 'a document over the size limit: the outline of the analysed part, and no markdown is parsed on this thread', async () => {
      const analysed = truncatedAt === undefined ? DOC : DOC.slice(0, truncatedAt);
      // What the analyzer hands over (a worker computes it for a large document).
      const { result, outline } = suggestWithOutline(engine, analysed, { maxChars: analysed.length, minScore: 0 });
      assert.ok(result.suggestions.length > 0, 'a design doc');
      const review = {
        version: 1, binary: false, result, outline,
        truncation: truncatedAt === undefined ? undefined : { analysedChars: analysed.length, totalChars: DOC.length, limitMB: 1 },
      };
      const set = setUp(DOC);
      restore = set.restore;
      let controller: Controller.InDocumentController | undefined;
      const parses = await parsesDuringAsync(async () => {
        controller = new set.module.InDocumentController({ analyse: async () => review } as never, async () => ({ byId: new Map() }) as never, ENGLISH_REVIEW_LABELS, undefined);
        dispose = () => controller!.dispose();
        await settle();
      });
      assert.equal(set.published.length, 1, 'the run published its findings');
      const entry = await controller!.entryFor(set.document as never);
      assert.ok(entry);
      assert.equal(parses, 0, 'no markdown-it parse on the host for the review');
      assert.equal(entry.outline, outline, 'the analysis\'s own outline');
      assert.equal(entry.text, analysed);
      assert.deepStrictEqual(entry.outline, readOutline(analysed), 'the outline readOutline gives the analysed text');
      assert.ok(entry.outline.headings.some((h) => h.role === 'alternatives'), 'a setext heading counts');
      assert.ok(!entry.outline.headings.some((h) => h.text === 'Not a heading'), 'a heading in a comment is none');
    });
  }

  it('a document with no suggestion: the empty text\'s outline, as before', async () => {
    const text = '# Release notes\n\nNothing here.\n';
    const { result, outline } = suggestWithOutline(engine, text, { maxChars: text.length });
    assert.equal(result.suggestions.length, 0);
    const set = setUp(text);
    restore = set.restore;
    const controller = new set.module.InDocumentController({ analyse: async () => ({ version: 1, binary: false, result, outline }) } as never, async () => ({ byId: new Map() }) as never, ENGLISH_REVIEW_LABELS, undefined);
    dispose = () => controller.dispose();
    await settle();
    const entry = await controller.entryFor(set.document as never);
    assert.deepStrictEqual(entry?.outline, readOutline(''));
    assert.equal(entry?.text, '');
  });
});
