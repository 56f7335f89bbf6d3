/**
 * A suggestion that quotes no line (the engine shows no keyword line it is not sure enough of):
 * the Design Review tree and the Suggest Patterns quick pick say that no line is quoted, and why,
 * in translated words, instead of leaving the "Why" out. Run in plain Node with a fake `vscode`.
 */
import { strict as assert } from 'node:assert';
import type { Suggestion, SuggestResult } from '../../../src/core/suggest';
import { buildReviewNodes } from '../../../src/extension/suggest/reviewNodes';
import type * as ReviewTreeItems from '../../../src/extension/suggest/reviewTreeItems';
import type * as SuggestPatterns from '../../../src/extension/suggest/suggestPatternsCommand';
import { ENGLISH_REVIEW_LABELS } from '../../../src/core/review/labels';
import { EMPTY_OUTLINE } from '../../../src/core/review/outline';
import type { DocumentReview } from '../../../src/extension/suggest/documentReview';
import {
  englishL10n, FakeMarkdownString as MarkdownString, FakeThemeIcon as ThemeIcon, FakeTreeItem as TreeItem, loadWithFakeVscode,
} from '../support/fakeVscode';

const SENTENCE = 'No line quoted: none is specific and sure enough to count as evidence.';

const QUOTED: Suggestion = {
  pattern: 'contention', title: 'Dealing with Contention', score: 0.91, solutions: ['contention/optimistic-locking'],
  evidence: [{ line: 3, column: 1, text: 'sold twice', reason: '"sold twice" in the goals: points to Dealing with Contention', kind: 'keyword', weight: 0.5 }],
  words: [],
};
const LINELESS: Suggestion = { pattern: 'realtime-updates', title: 'Real-time Updates', score: 0.13, solutions: ['realtime-updates/websockets'], evidence: [], words: [] };
const RESULT: SuggestResult = { suggestions: [QUOTED, LINELESS], numbers: [], openQuestions: [], combinations: [] };

const FIGURES_SENTENCE = 'No keyword line quoted, only figures past a limit: a keyword line is quoted only when one is specific and sure enough, and the score leaves it a place after the figures.';
const FIGURE = { line: 4, column: 9, text: '40,000 writes/s', reason: '40,000 writes/s is past the limit of one primary (writes/s > 10,000)', kind: 'number' as const, weight: 0.7 };
/** Scored below 0.5: its figure past a limit is quoted, no keyword line. */
const FIGURES_ONLY: Suggestion = { pattern: 'scaling-writes', title: 'Scaling Writes', score: 0.34, solutions: [], evidence: [FIGURE], words: [] };
/** A figure and a keyword line: no note. */
const MIXED: Suggestion = { ...QUOTED, evidence: [FIGURE, ...QUOTED.evidence] };
const FIGURES_RESULT: SuggestResult = { suggestions: [MIXED, FIGURES_ONLY, LINELESS], numbers: [], openQuestions: [], combinations: [] };

function review(result: SuggestResult = RESULT): DocumentReview {
  return { uri: { scheme: 'file', toString: () => 'file:///doc.md' } as never, version: 1, name: 'doc.md', result, outline: EMPTY_OUTLINE, titles: new Map(), durationMs: 1 };
}


interface Pick { readonly label: string; readonly description?: string; readonly detail?: string }

/** A fake `vscode` whose active editor shows `document` (none by default); quick picks offered are recorded in `picks`. */
function fakeVscode(picks: Pick[][] = [], document?: object) {
  return {
    env: { language: 'en' },
    l10n: { t: englishL10n },
    TreeItem, MarkdownString, ThemeIcon,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    Uri: class {},
    window: {
      activeTextEditor: document ? { document } : undefined,
      showQuickPick: async (items: Pick[]) => { picks.push(items); return undefined; },
      showInformationMessage: async () => undefined,
      showWarningMessage: async () => undefined,
      showErrorMessage: async () => undefined,
    },
    commands: { executeCommand: async () => undefined },
  };
}

describe('a suggestion with no line to quote', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  function loadTree() {
    const loaded = loadWithFakeVscode<typeof ReviewTreeItems>(fakeVscode(), '../../../src/extension/suggest/reviewTreeItems');
    restore = loaded.restore;
    return { buildReviewNodes, reviewTreeItem: loaded.module.reviewTreeItem };
  }

  it('the Design Review tree: an information item in place of "Why", that leads nowhere', () => {
    const { buildReviewNodes, reviewTreeItem } = loadTree();
    const [quoted, lineless] = buildReviewNodes(review(), ENGLISH_REVIEW_LABELS);
    // The quoted suggestion keeps its "Why" group and gets no such item.
    assert.deepEqual(quoted!.kind === 'suggestion' && quoted.children.map((n) => n.kind === 'group' ? n.group : n.kind), ['why', 'startWith']);
    assert.ok(lineless!.kind === 'suggestion');
    const children = lineless.children;
    assert.deepEqual(children.map((n) => n.kind === 'group' ? n.group : n.kind), ['noLineQuoted', 'startWith']);
    const item = reviewTreeItem(children[0]!) as unknown as TreeItem;
    assert.equal(item.label, 'No line quoted');
    assert.equal(item.description, 'none is specific and sure enough to count as evidence');
    assert.equal(item.tooltip, SENTENCE);
    assert.equal(item.accessibilityInformation?.label, SENTENCE);
    assert.equal(item.collapsibleState, 0, 'nothing under it');
    assert.equal(item.command, undefined, 'a click reveals nothing: there is no line');
    assert.equal(item.contextValue, 'sdp.review.noLineQuoted');
    // No item action of package.json (open card, show in document) matches it.
    assert.doesNotMatch(item.contextValue!, /^sdp\.review\.(suggestion|solution|question|question\.hasLine|combination|evidence|number)$/);
    assert.equal(item.id, 'suggestion:realtime-updates/why/none');
  });

  it('the Design Review tree: the suggestion\'s tooltip says it too, where the reasons would be', () => {
    const { buildReviewNodes, reviewTreeItem } = loadTree();
    const [quoted, lineless] = buildReviewNodes(review(), ENGLISH_REVIEW_LABELS).map((n) => (reviewTreeItem(n) as unknown as TreeItem).tooltip as MarkdownString);
    assert.equal(lineless!.value, '**Real\\-time Updates** · 13%\n\nNo line quoted: none is specific and sure enough to count as evidence\\.');
    assert.ok(!quoted!.value.includes('No line quoted'), quoted!.value);
    assert.ok(quoted!.value.includes('\n- "sold twice" in the goals'), quoted!.value);
  });

  it('the Design Review tree: after the figures, an information item says no keyword line is quoted, for figures only', () => {
    const { buildReviewNodes, reviewTreeItem } = loadTree();
    const [mixed, figuresOnly, lineless] = buildReviewNodes(review(FIGURES_RESULT), ENGLISH_REVIEW_LABELS);
    const why = (n: typeof mixed) => {
      assert.ok(n!.kind === 'suggestion');
      const group = n.children[0]!;
      assert.ok(group.kind === 'group' && group.group === 'why');
      return group;
    };
    assert.deepEqual(why(mixed).children.map((n) => n.kind), ['evidence', 'evidence'], 'a keyword line is quoted: no note');
    assert.ok(lineless!.kind === 'suggestion' && lineless.children[0]!.kind === 'noLineQuoted', 'nothing quoted: the other note, in place of "Why"');
    const group = why(figuresOnly);
    assert.deepEqual(group.children.map((n) => n.kind), ['evidence', 'noKeywordLineQuoted']);
    assert.equal((reviewTreeItem(group) as unknown as TreeItem).description, '1', 'the group counts the quoted lines, not the note');
    const item = reviewTreeItem(group.children[1]!) as unknown as TreeItem;
    assert.equal(item.label, 'No keyword line quoted');
    assert.equal(item.description, 'only figures past a limit');
    assert.equal(item.tooltip, FIGURES_SENTENCE);
    assert.equal(item.accessibilityInformation?.label, FIGURES_SENTENCE);
    assert.equal(item.collapsibleState, 0, 'nothing under it');
    assert.equal(item.command, undefined, 'a click reveals nothing: there is no line');
    assert.equal(item.contextValue, 'sdp.review.noKeywordLineQuoted');
    assert.doesNotMatch(item.contextValue!, /^sdp\.review\.(suggestion|solution|question|question\.hasLine|combination|evidence|number)$/);
    assert.equal(item.id, 'suggestion:scaling-writes/why/figures-only');
    // The suggestion's tooltip: the figure's reason, then the note as a paragraph of its own.
    const tooltip = (reviewTreeItem(figuresOnly!) as unknown as TreeItem).tooltip as MarkdownString;
    assert.ok(tooltip.value.endsWith(`\n- 40,000 writes/s is past the limit of one primary \\(writes/s \\> 10,000\\)\n\nNo keyword line quoted, only figures past a limit: a keyword line is quoted only when one is specific and sure enough, and the score leaves it a place after the figures\\.`), tooltip.value);
    const mixedTooltip = (reviewTreeItem(mixed!) as unknown as TreeItem).tooltip as MarkdownString;
    assert.ok(!mixedTooltip.value.includes('No keyword line quoted'), mixedTooltip.value);
  });

  it('the Suggest Patterns quick pick: the detail line says no line is quoted', async () => {
    const picks: Pick[][] = [];
    const document = { languageId: 'markdown', uri: { scheme: 'file' }, lineCount: 1, lineAt: () => ({ range: { end: 0 } }), offsetAt: () => 10 };
    const loaded = loadWithFakeVscode<typeof SuggestPatterns>(fakeVscode(picks, document), '../../../src/extension/suggest/suggestPatternsCommand');
    restore = loaded.restore;
    await new loaded.module.SuggestPatternsCommand({ refresh: async () => review() } as never).execute();
    assert.equal(picks.length, 1, 'one quick pick');
    assert.deepEqual(picks[0]!.map((p) => [p.label, p.description, p.detail]), [
      ['Dealing with Contention', '91%', QUOTED.evidence[0]!.reason],
      ['Real-time Updates', '13%', SENTENCE],
    ]);
  });

  it('the Suggest Patterns quick pick: with no line to quote, the detail names the words that raised the score, when there are any', async () => {
    const picks: Pick[][] = [];
    const document = { languageId: 'markdown', uri: { scheme: 'file' }, lineCount: 1, lineAt: () => ({ range: { end: 0 } }), offsetAt: () => 10 };
    const loaded = loadWithFakeVscode<typeof SuggestPatterns>(fakeVscode(picks, document), '../../../src/extension/suggest/suggestPatternsCommand');
    restore = loaded.restore;
    const worded: SuggestResult = { ...RESULT, suggestions: [{ ...QUOTED, words: ['sold'] }, { ...LINELESS, words: ['push', 'socket'] }] };
    await new loaded.module.SuggestPatternsCommand({ refresh: async () => review(worded) } as never).execute();
    assert.deepEqual(picks[0]!.map((p) => [p.label, p.detail]), [
      ['Dealing with Contention', QUOTED.evidence[0]!.reason],
      ['Real-time Updates', 'No line quoted; words that raised it: push, socket'],
    ]);
  });

  it('the Design Review tree: the words that raised the score, last in "Why" or after the note in its place; information that leads nowhere', () => {
    const { buildReviewNodes, reviewTreeItem } = loadTree();
    const worded: SuggestResult = { ...FIGURES_RESULT, suggestions: [{ ...MIXED, words: ['sold', 'seat'] }, { ...LINELESS, words: ['push'] }, FIGURES_ONLY] };
    const [mixed, lineless, figuresOnly] = buildReviewNodes(review(worded), ENGLISH_REVIEW_LABELS);
    assert.ok(mixed!.kind === 'suggestion' && lineless!.kind === 'suggestion' && figuresOnly!.kind === 'suggestion');
    const group = mixed.children[0]!;
    assert.ok(group.kind === 'group' && group.group === 'why');
    assert.deepEqual(group.children.map((n) => n.kind), ['evidence', 'evidence', 'scoreWords']);
    assert.equal((reviewTreeItem(group) as unknown as TreeItem).description, '2', 'the group counts the quoted lines, not the words');
    const item = reviewTreeItem(group.children[2]!) as unknown as TreeItem;
    const sentence = 'Words that raised the score most, read by the learned text model: sold, seat.';
    assert.deepEqual([item.label, item.description, item.tooltip, item.accessibilityInformation?.label], ['Words that raised it', 'sold, seat', sentence, sentence]);
    assert.equal(item.command, undefined, 'a click reveals nothing');
    assert.equal(item.collapsibleState, 0);
    assert.equal(item.contextValue, 'sdp.review.scoreWords');
    assert.doesNotMatch(item.contextValue!, /^sdp\.review\.(suggestion|solution|question|question\.hasLine|combination|evidence|number)$/);
    assert.equal(item.id, 'suggestion:contention/why/words');
    const tooltip = (reviewTreeItem(mixed) as unknown as TreeItem).tooltip as MarkdownString;
    assert.ok(tooltip.value.endsWith('\n\nWords that raised the score most, read by the learned text model: sold, seat\\.'), tooltip.value);
    // Nothing quoted: the words follow the note that stands in place of "Why".
    assert.deepEqual(lineless.children.map((n) => n.kind === 'group' ? n.group : n.kind), ['noLineQuoted', 'scoreWords', 'startWith']);
    // No words: no item.
    assert.ok(!JSON.stringify(figuresOnly.children.map((n) => n.kind === 'group' ? n.children.map((c) => c.kind) : n.kind)).includes('scoreWords'));
  });

  it('the Suggest Patterns quick pick: for figures only, the detail line gives the figure\'s reason and says no keyword line is quoted', async () => {
    const picks: Pick[][] = [];
    const document = { languageId: 'markdown', uri: { scheme: 'file' }, lineCount: 1, lineAt: () => ({ range: { end: 0 } }), offsetAt: () => 10 };
    const loaded = loadWithFakeVscode<typeof SuggestPatterns>(fakeVscode(picks, document), '../../../src/extension/suggest/suggestPatternsCommand');
    restore = loaded.restore;
    await new loaded.module.SuggestPatternsCommand({ refresh: async () => review(FIGURES_RESULT) } as never).execute();
    assert.deepEqual(picks[0]!.map((p) => [p.label, p.detail]), [
      ['Dealing with Contention', FIGURE.reason],
      ['Scaling Writes', `${FIGURE.reason} (no keyword line quoted, only figures past a limit)`],
      ['Real-time Updates', SENTENCE],
    ]);
  });
});
