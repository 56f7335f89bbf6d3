/**
 * Problems in the document's review comments (a word an sdp-ignore comment or sdp-todo marker
 * names that is no id, a comment that does nothing) in the Design Review view and the copied
 * review: one group, last, only when there is one, each row in the Problems panel's words and
 * leading to its place; in the copy, a section with line numbers and the words as code spans.
 * Run in plain Node against the real engine, with a fake `vscode` for the editor layer.
 */
import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { commentFindingPlace, commentFindings, hasCommentProblems, type CommentFinding } from '../../../src/core/review/commentFindings';
import { buildInDocumentReview } from '../../../src/core/review/inDocumentReview';
import { ENGLISH_REVIEW_LABELS } from '../../../src/core/review/labels';
import { EMPTY_OUTLINE, readOutline } from '../../../src/core/review/outline';
import type { SuggestResult } from '../../../src/core/suggest';
import { isSuggestResult } from '../../../src/core/suggest/resultCheck';
import { fillWithCode, reviewToMarkdown, type ReviewMarkdownLabels } from '../../../src/core/suggest/reviewMarkdown';
import type { DocumentReview } from '../../../src/extension/suggest/documentReview';
import { buildReviewNodes, childrenOf, type ReviewNode } from '../../../src/extension/suggest/reviewNodes';
import type * as ReviewMessages from '../../../src/extension/suggest/reviewMessages';
import type * as ReviewTreeItems from '../../../src/extension/suggest/reviewTreeItems';
import type * as ReviewViewCommands from '../../../src/extension/suggest/reviewViewCommands';
import {
  englishL10n, FakeMarkdownString as MarkdownString, FakeThemeIcon as ThemeIcon, FakeTreeItem as TreeItem, loadWithFakeVscode,
} from '../support/fakeVscode';
import { example, realEngine } from '../review/shared';

const REVEAL = 'sdp.review.revealInDocument';
const DESIGN = example('ticket-booking-design.md');
/** The sample design doc with a mistyped id and a word far from any id under its title, and an sdp-todo marker never closed at its end. */
const WITH_PROBLEMS = `${DESIGN.replace('\n', '\n<!-- sdp-ignore: Scaling-Raeds, is -->\n')}\n<!-- sdp-todo: contention/double-booking\n`;
/** Nothing suggested (the one pattern the text is about is hidden), and a mistyped id. */
const NOTHING_ELSE = '# Notes\n<!-- sdp-ignore: contension -->\nNothing here yet.\n';

/** No pattern suggested, and an sdp-todo marker (three dashes, capitals, indented) whose question is asked only under a pattern the review is not sure of. */
const IDLE = '# Notes\n\nLunch plans for the team.\n\n  <!--- SDP-TODO: Contention/Deadlocks\nQuestion: ...\n-->\n';
const IDLE_REASON = 'the question is asked only under Dealing with Contention, which the review is not sure this document needs: delete the marker, or say in the document what needs that pattern';
const IDLE_MESSAGE = `This sdp-todo marker ("contention/deadlocks") keeps no question open: ${IDLE_REASON}.`;
const TYPO_MESSAGE = '"Scaling-Raeds" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing. Did you mean "scaling-reads"?';

const URI = { scheme: 'file', toString: () => 'file:///doc.md' };
const fakeVscode = {
  env: { language: 'en' },
  l10n: { t: englishL10n },
  TreeItem, MarkdownString, ThemeIcon,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  Uri: class {},
  window: {}, commands: {},
};

function reviewOf(text: string): DocumentReview {
  const { engine } = realEngine();
  return { uri: URI as never, version: 1, name: 'doc.md', result: engine.suggest(text), outline: EMPTY_OUTLINE, titles: new Map(), durationMs: 1 };
}

function commentGroup(roots: readonly ReviewNode[]): Extract<ReviewNode, { kind: 'group' }> | undefined {
  const found = roots.filter((n) => n.kind === 'group' && n.group === 'commentProblems');
  assert.ok(found.length <= 1, 'one group at most');
  return found[0] as Extract<ReviewNode, { kind: 'group' }> | undefined;
}

describe('problems in review comments, in the Design Review view and the copied review', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  function load<T>(path: string): T {
    const loaded = loadWithFakeVscode<T>(fakeVscode, path);
    const previous = restore;
    restore = () => { loaded.restore(); previous(); };
    return loaded.module;
  }

  it('the core lists the findings in document order, each at the word or opener as written, in the Problems panel\'s words', () => {
    const { result } = reviewOf(WITH_PROBLEMS);
    const findings = commentFindings(result, ENGLISH_REVIEW_LABELS);
    assert.deepEqual(findings.map((f) => [f.kind, commentFindingPlace(f)]), [
      ['unknown-id', { line: 2, column: 18, text: 'Scaling-Raeds' }],
      ['unknown-id', { line: 2, column: 33, text: 'is' }],
      ['malformed-comment', { line: DESIGN.split('\n').length + 2, column: 1, text: '<!-- sdp-todo:' }],
    ]);
    assert.equal(findings[0]!.message, TYPO_MESSAGE);
    // The same findings, in the same words, as the Problems panel gets them.
    const inDocument = buildInDocumentReview(result, WITH_PROBLEMS, readOutline(WITH_PROBLEMS), ENGLISH_REVIEW_LABELS, () => undefined);
    assert.deepEqual(inDocument.findings.filter((f) => f.kind === 'unknown-id' || f.kind === 'malformed-comment'), findings);
    assert.equal(hasCommentProblems(result), true);
    assert.equal(hasCommentProblems(reviewOf(DESIGN).result), false);
  });

  it('an sdp-todo opener inside a line of text whose `-->` is past its paragraph: a message that says so, and a result the worker check accepts', () => {
    const text = `${DESIGN}\nSee the booking flow <!-- sdp-todo: contention/double-booking\n\nWho holds the seat?\n-->\n`;
    const { result } = reviewOf(text);
    assert.deepEqual(result.malformedComments, [{ kind: 'todo-ends-past-paragraph', text: '<!-- sdp-todo:', line: DESIGN.split('\n').length + 1, column: 22 }]);
    assert.equal(isSuggestResult(JSON.parse(JSON.stringify(result))), true);
    const [finding] = commentFindings(result, ENGLISH_REVIEW_LABELS);
    assert.equal(finding!.message, ENGLISH_REVIEW_LABELS.todoEndsPastParagraph);
    assert.doesNotMatch(finding!.message, /no "-->"/, 'it has a `-->`: only too late');
    // On a line of its own but indented four spaces under a line of text: the same kind, and the
    // advice must not be only 'a line of its own', which it already has.
    const indented = reviewOf(`${DESIGN}\nSee the booking flow.\n    <!-- sdp-todo: contention/double-booking\n\nWho holds the seat?\n-->\n`).result;
    assert.deepEqual(indented.malformedComments?.map((m) => [m.kind, m.column]), [['todo-ends-past-paragraph', 5]]);
    const [indentedFinding] = commentFindings(indented, ENGLISH_REVIEW_LABELS);
    assert.match(indentedFinding!.message, /indented four spaces or more under one/);
    assert.match(indentedFinding!.message, /a line of its own, indented less than four spaces\.$/);
  });

  it('the tree: a group last, opened, counting the problems; none when the comments are all right', () => {
    const review = reviewOf(WITH_PROBLEMS);
    const roots = buildReviewNodes(review, ENGLISH_REVIEW_LABELS);
    const group = commentGroup(roots);
    assert.ok(group, roots.map((n) => n.id).join(', '));
    assert.equal(roots.at(-1), group, 'after the suggestions, questions, figures and combinations');
    assert.deepEqual(childrenOf(group).map((n) => n.kind), ['commentProblem', 'commentProblem', 'commentProblem']);
    assert.deepEqual(childrenOf(group).map((n) => n.id), ['comments/unknown-id/1:17', 'comments/unknown-id/1:32', `comments/malformed-comment/${DESIGN.split('\n').length + 1}:0`]);

    const { reviewTreeItem } = load<typeof ReviewTreeItems>('../../../src/extension/suggest/reviewTreeItems');
    const item = reviewTreeItem(group) as unknown as TreeItem;
    assert.equal(item.label, 'Problems in review comments');
    assert.equal(item.description, '3');
    assert.equal(item.collapsibleState, 2, 'expanded: nothing else in the view tells of them');
    assert.equal(item.iconPath?.id, 'warning');
    assert.equal(item.contextValue, 'sdp.review.group.commentProblems');
    assert.equal(item.accessibilityInformation?.label, 'Problems in review comments: 3');
    assert.equal(item.tooltip, '3 problems in this document\'s sdp-ignore and sdp-todo comments: words or comments that do not work as written, or sdp-todo markers that keep no question open. Click a row under this one to go to it.');

    assert.equal(commentGroup(buildReviewNodes(reviewOf(DESIGN), ENGLISH_REVIEW_LABELS)), undefined, 'no group without a problem');
  });

  it('the tree: each row a few words with its line, the Problems panel\'s message as its tooltip, and a click selects the word in the document', () => {
    const review = reviewOf(WITH_PROBLEMS);
    const group = commentGroup(buildReviewNodes(review, ENGLISH_REVIEW_LABELS))!;
    const { reviewTreeItem } = load<typeof ReviewTreeItems>('../../../src/extension/suggest/reviewTreeItems');
    const [typo, far, unclosed] = childrenOf(group).map((n) => reviewTreeItem(n) as unknown as TreeItem);
    // Short enough for a narrow sidebar: the word and the id meant first, the line beside it.
    assert.equal(typo!.label, 'Did you mean “scaling-reads”? (“Scaling-Raeds” is no id)');
    assert.equal(typo!.description, 'line 2');
    assert.equal(typo!.tooltip, `Line 2: ${TYPO_MESSAGE}`);
    assert.equal(typo!.accessibilityInformation?.label, `Line 2: ${TYPO_MESSAGE}`);
    assert.equal(typo!.iconPath?.id, 'warning');
    assert.equal(typo!.contextValue, 'sdp.review.commentProblem');
    assert.equal(typo!.collapsibleState, 0);
    assert.deepEqual(typo!.command && { command: typo!.command.command, arguments: typo!.command.arguments }, { command: REVEAL, arguments: [URI, 2, 18, 'Scaling-Raeds'.length, 'Scaling-Raeds', 1] });
    assert.equal(far!.label, '“is”: no such id');
    assert.equal(far!.tooltip, 'Line 2: "is" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing.');
    assert.equal(unclosed!.label, 'sdp-todo marker never closed');
    assert.match(String(unclosed!.tooltip), /^Line \d+: This sdp-todo marker has no "-->" after it/);
    assert.deepEqual(unclosed!.command?.arguments, [URI, DESIGN.split('\n').length + 2, 1, '<!-- sdp-todo:'.length, '<!-- sdp-todo:', 1], 'the version analysed comes last: unedited, the place is taken as it is');

    // The item action "Show in Document" reveals the same span as the click.
    const { spanOf } = load<typeof ReviewViewCommands>('../../../src/extension/suggest/reviewViewCommands');
    assert.deepEqual(spanOf(childrenOf(group)[0]), { line: 2, column: 18, length: 'Scaling-Raeds'.length, text: 'Scaling-Raeds' });
  });

  it('the tree: every kind of problem has its own short label, never longer than a sidebar shows, and its full message as tooltip', () => {
    // Each form the engine reports, as data (the words need not be in the catalog for a label).
    const result: SuggestResult = {
      suggestions: [], numbers: [], openQuestions: [], combinations: [],
      unknownIds: [
        { id: 'a/b', text: 'a/b', line: 3, column: 18, comment: 'sdp-ignore', deepDiveNotAsked: true },
        { id: 'contension', text: 'contension', line: 4, column: 16, comment: 'sdp-todo', nearest: 'contention' },
        { id: 'zz', text: 'zz', line: 5, column: 18, comment: 'sdp-ignore' },
        { id: 'realtime-updates/reconection', text: 'realtime-updates/reconection', line: 10, column: 18, comment: 'sdp-todo', nearest: 'realtime-updates/reconnection' },
      ],
      malformedComments: [
        { kind: 'ignore-not-closed', text: '<!-- sdp-ignore:', line: 6, column: 1 },
        { kind: 'todo-names-nothing', text: '<!-- sdp-todo:', line: 7, column: 1 },
        { kind: 'todo-ends-past-paragraph', text: '<!-- sdp-todo:', line: 8, column: 5 },
        { kind: 'todo-not-closed', text: '<!-- sdp-todo:', line: 9, column: 1 },
        { kind: 'todo-comment-before-id', text: '<!-- sdp-todo:', line: 9, column: 30 },
      ],
      idleTodos: [{ id: 'contention/deadlocks', line: 11, column: 1, text: '<!-- sdp-todo: contention/deadlocks', reason: 'not-asked' }],
    };
    const review: DocumentReview = { ...reviewOf(NOTHING_ELSE), result };
    const group = commentGroup(buildReviewNodes(review, ENGLISH_REVIEW_LABELS))!;
    const { reviewTreeItem } = load<typeof ReviewTreeItems>('../../../src/extension/suggest/reviewTreeItems');
    const rows = childrenOf(group).map((n) => {
      assert.ok(n.kind === 'commentProblem');
      const item = reviewTreeItem(n) as unknown as TreeItem;
      assert.equal(item.tooltip, `Line ${commentFindingPlace(n.finding).line}: ${n.finding.message}`);
      assert.equal(item.accessibilityInformation?.label, item.tooltip, 'a screen reader hears the whole message');
      // What a narrow sidebar keeps: the first 60 characters hold the id meant, whatever its length.
      if (n.finding.kind === 'unknown-id' && n.finding.unknown.nearest !== undefined) assert.ok(item.label.slice(0, 60).includes(n.finding.unknown.nearest), item.label);
      else assert.ok(item.label.length <= 60, item.label);
      return [n.finding.kind === 'malformed-comment' ? n.finding.malformed.kind : n.finding.kind, item.label];
    });
    assert.deepEqual(rows, [
      ['unknown-id', '“a/b”: a deep dive never asked'],
      ['unknown-id', 'Did you mean “contention”? (“contension” is no id)'],
      ['unknown-id', '“zz”: no such id'],
      ['ignore-not-closed', 'sdp-ignore comment not closed on its line'],
      ['todo-names-nothing', 'sdp-todo marker names no id'],
      ['todo-ends-past-paragraph', 'sdp-todo marker ends past its paragraph'],
      ['todo-not-closed', 'sdp-todo marker never closed'],
      ['todo-comment-before-id', 'sdp-todo marker holds a comment before its id'],
      ['unknown-id', 'Did you mean “realtime-updates/reconnection”? (“realtime-updates/reconection” is no id)'],
      ['idle-todo', '“contention/deadlocks”: sdp-todo keeps no question open'],
    ]);
  });

  it('the tree: a document that is no design doc still lists a mistyped id, and the line above the tree says why nothing else shows', () => {
    const review = reviewOf(NOTHING_ELSE);
    assert.equal(review.result.suggestions.length, 0);
    const roots = buildReviewNodes(review, ENGLISH_REVIEW_LABELS);
    assert.deepEqual(roots.map((n) => n.id), ['group:comments']);
    const { reviewTreeItem } = load<typeof ReviewTreeItems>('../../../src/extension/suggest/reviewTreeItems');
    const row = reviewTreeItem(childrenOf(roots[0]!)[0]!) as unknown as TreeItem;
    assert.equal(row.label, 'Did you mean “contention”? (“contension” is no id)');
    assert.equal(row.tooltip, 'Line 2: "contension" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing. Did you mean "contention"?');
    // The welcome content shows only over an empty tree: with this row the message must say it.
    const { viewMessage } = load<typeof ReviewMessages>('../../../src/extension/suggest/reviewMessages');
    assert.match(viewMessage(review) ?? '', /^No pattern stood out in doc\.md: /);
  });

  it('the copied review: a last section with each problem\'s line, the words as code spans', () => {
    const { copiedReviewMarkdown } = load<typeof ReviewMessages>('../../../src/extension/suggest/reviewMessages');
    const copied = copiedReviewMarkdown(reviewOf(WITH_PROBLEMS));
    const section = copied.slice(copied.indexOf('## Problems in review comments'));
    const unclosedLine = DESIGN.split('\n').length + 2;
    assert.equal(section, [
      '## Problems in review comments',
      '',
      '- line 2: "`Scaling-Raeds`" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing. Did you mean "`scaling-reads`"?',
      // "is" is code where the message names it, and nowhere else in the sentence.
      '- line 2: "`is`" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing.',
      `- line ${unclosedLine}: This sdp-todo marker has no "--\\>" after it, so it keeps no question open: end it with "--\\>" after its prompts.`,
      '',
    ].join('\n'));
    const html = new MarkdownIt().render(section);
    assert.ok(html.includes('<code>Scaling-Raeds</code>') && html.includes('<code>scaling-reads</code>'), html);
    assert.ok(html.includes('&quot;--&gt;&quot; after it'), html);
    assert.equal(copiedReviewMarkdown(reviewOf(DESIGN)).includes('Problems in review comments'), false, 'no section without a problem');
  });

  it('an idle sdp-todo marker: a row in the group (counted in its header), its message and reason as the Problems panel gives them, a click that selects its opener and id, and a line in the copy', () => {
    const text = `${IDLE}<!-- sdp-ignore: contension -->\n`;
    const review = reviewOf(text);
    assert.deepEqual(review.result.idleTodos?.map((t) => [t.id, t.line, t.reason]), [['contention/deadlocks', 5, 'pattern-not-suggested']]);
    const findings = commentFindings(review.result, ENGLISH_REVIEW_LABELS);
    assert.deepEqual(findings.map((f) => [f.kind, commentFindingPlace(f)]), [
      ['idle-todo', { line: 5, column: 3, text: '<!--- SDP-TODO: Contention/Deadlocks' }],
      ['unknown-id', { line: 8, column: 18, text: 'contension' }],
    ]);
    // The same findings, in the same words, as the Problems panel gets them.
    const inDocument = buildInDocumentReview(review.result, text, readOutline(text), ENGLISH_REVIEW_LABELS, () => undefined);
    assert.deepEqual(inDocument.findings.filter((f) => f.kind === 'unknown-id' || f.kind === 'malformed-comment' || f.kind === 'idle-todo'), findings);
    assert.equal(hasCommentProblems({ idleTodos: review.result.idleTodos }), true);

    const group = commentGroup(buildReviewNodes(review, ENGLISH_REVIEW_LABELS))!;
    assert.deepEqual(childrenOf(group).map((n) => n.id), ['comments/idle-todo/4:2', 'comments/unknown-id/7:17']);
    const { reviewTreeItem } = load<typeof ReviewTreeItems>('../../../src/extension/suggest/reviewTreeItems');
    const header = reviewTreeItem(group) as unknown as TreeItem;
    assert.equal(header.description, '2', 'the header counts the idle marker too');
    assert.match(String(header.tooltip), /, or sdp-todo markers that keep no question open\./, 'and its tooltip names such markers among what it counts');
    const row = reviewTreeItem(childrenOf(group)[0]!) as unknown as TreeItem;
    assert.equal(row.label, '“contention/deadlocks”: sdp-todo keeps no question open');
    assert.equal(row.description, 'line 5');
    assert.equal(row.tooltip, `Line 5: ${IDLE_MESSAGE}`);
    assert.equal(row.accessibilityInformation?.label, row.tooltip);
    assert.deepEqual(row.command?.arguments, [URI, 5, 3, 36, '<!--- SDP-TODO: Contention/Deadlocks', 1]);
    // The opener and id come with the engine's result, as a mistyped word does: after an edit the
    // reveal looks for that text near its old place, never for a bare "<!--".

    const { copiedReviewMarkdown } = load<typeof ReviewMessages>('../../../src/extension/suggest/reviewMessages');
    const copied = copiedReviewMarkdown(review);
    assert.ok(copied.endsWith([
      '## Problems in review comments',
      '',
      `- line 5: This sdp-todo marker ("\`contention/deadlocks\`") keeps no question open: ${IDLE_REASON}.`,
      '- line 8: "`contension`" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing. Did you mean "`contention`"?',
      '',
    ].join('\n')), copied);
  });

  it('a single idle sdp-todo marker: the group counts one, and its tooltip says so in the singular', () => {
    const group = commentGroup(buildReviewNodes(reviewOf(IDLE), ENGLISH_REVIEW_LABELS))!;
    assert.deepEqual(childrenOf(group).map((n) => n.id), ['comments/idle-todo/4:2']);
    const { reviewTreeItem } = load<typeof ReviewTreeItems>('../../../src/extension/suggest/reviewTreeItems');
    const header = reviewTreeItem(group) as unknown as TreeItem;
    assert.equal(header.description, '1');
    assert.equal(header.tooltip, 'One problem in this document\'s sdp-ignore and sdp-todo comments: a word or comment that does not work as written, or an sdp-todo marker that keeps no question open. Click the row under this one to go to it.');
  });

  it('the copied review of a document with nothing suggested still lists the mistyped id', () => {
    const { copiedReviewMarkdown } = load<typeof ReviewMessages>('../../../src/extension/suggest/reviewMessages');
    assert.equal(copiedReviewMarkdown(reviewOf(NOTHING_ELSE)), [
      '# Design review of doc.md',
      '',
      'No pattern stood out in this document.',
      '',
      '## Problems in review comments',
      '',
      '- line 2: "`contension`" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing. Did you mean "`contention`"?',
      '',
    ].join('\n'));
  });

  it('reviewToMarkdown takes the section\'s heading and wording from its labels, and leaves it out with no finding', () => {
    const result: SuggestResult = {
      suggestions: [], numbers: [], openQuestions: [], combinations: [],
      unknownIds: [{ id: 'x_y', text: 'x_y', line: 4, column: 6, comment: 'sdp-todo', nearest: 'a`b' }],
    };
    const wording = { ...ENGLISH_REVIEW_LABELS, unknownTodoIdNearest: '#{0} -> {1}' };
    const findings: CommentFinding[] = commentFindings(result, wording);
    const labels: ReviewMarkdownLabels = {
      title: (n) => n, why: 'Why', noLineQuoted: '', noKeywordLineQuoted: '', scoreWords: (w) => w, startWith: '', openQuestions: '', numbers: '',
      combinations: '', line: (l) => `L${l}`, score: String, nothing: 'Nothing.', commentProblems: { heading: 'Comment *problems*', findings, wording },
    };
    const out = reviewToMarkdown({ name: 'd', result, titles: new Map() }, labels);
    assert.ok(out.endsWith('## Comment \\*problems\\*\n\n- L4: \\#`x_y` -\\> ``a`b``\n'), out);
    assert.ok(!reviewToMarkdown({ name: 'd', result, titles: new Map() }, { ...labels, commentProblems: { heading: 'H', findings: [], wording } }).includes('## H'));
  });

  it('the copied idle marker: its reason is text, never read as a template (a title holding "{0}" stays as written), its id a code span even with a backtick', () => {
    const idleTodos = [{ id: 'a`b', line: 3, column: 1, text: '<!-- sdp-todo: a`b', reason: 'pattern-not-suggested' as const, patterns: ['p'], patternTitles: ['Keys {0} and {1}'] }];
    const wording = ENGLISH_REVIEW_LABELS;
    const findings = commentFindings({ idleTodos }, wording);
    const labels: ReviewMarkdownLabels = {
      title: (n) => n, why: 'Why', noLineQuoted: '', noKeywordLineQuoted: '', scoreWords: (w) => w, startWith: '', openQuestions: '', numbers: '',
      combinations: '', line: (l) => `L${l}`, score: String, nothing: 'Nothing.', commentProblems: { heading: 'H', findings, wording },
    };
    const result = { ...realEngine().engine.suggest(''), idleTodos } as SuggestResult;
    const out = reviewToMarkdown({ name: 'd', result, titles: new Map() }, labels);
    const line = out.split('\n').find((l) => l.startsWith('- L3: '))!;
    assert.equal(line, '- L3: This sdp-todo marker ("``a`b``") keeps no question open: the question is asked only under Keys {0} and {1}, which the review is not sure this document needs: delete the marker, or say in the document what needs that pattern.');
    // The Problems panel's message says the same, as plain text.
    assert.ok(findings[0]!.message.includes('only under Keys {0} and {1}, which'), findings[0]!.message);
  });

  it('fillWithCode: a word is code only where its placeholder is; the rest escaped; neighbours share a span', () => {
    assert.equal(fillWithCode('"{0}" is no id; did you mean "{1}"?', ['is', 'it']), '"`is`" is no id; did you mean "`it`"?');
    assert.equal(fillWithCode('# {0} *and* {1}', ['<a>', 'b']), '\\# `<a>` \\*and\\* `b`');
    assert.equal(fillWithCode('{0}{1} x', ['a', 'b']), '`ab` x', 'two spans side by side would join their fences');
    assert.equal(fillWithCode('{0} and {2}', ['a']), '`a` and {2}', 'a placeholder with no argument stays');
    assert.equal(fillWithCode('{0} x', ['']), 'x', 'an empty word fills in as nothing');
    assert.equal(fillWithCode('\uE000 {0}', ['a_b']), '\uE000 a\\_b', 'the placeholder character in the template: plain text');
  });
});
