/**
 * Deep dives turned off (the setting, the document's `<!-- sdp-ignore: deep-dives -->`, or both)
 * that left a document with no open question, or fewer: the Design Review says so above the tree,
 * and the copied review under its title, in one translated sentence naming how to ask them again.
 * Run in plain Node with a fake `vscode`.
 */
import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import type { SuggestResult } from '../../../src/core/suggest';
import { codeSpan, escapeInlineWithCode, reviewToMarkdown } from '../../../src/core/suggest/reviewMarkdown';
import { ignoreCommentFor, NO_DEEP_DIVES_ID } from '../../../src/core/suggest/commentText';
import type * as ReviewMessages from '../../../src/extension/suggest/reviewMessages';
import type * as Strings from '../../../src/extension/strings';
import type { DocumentReview } from '../../../src/extension/suggest/documentReview';
import { englishL10n, loadWithFakeVscode } from '../support/fakeVscode';
import { realEngine } from '../review/shared';
import { SHARDED_INGEST, SHARDED_MULTI_REGION, SHARDED_QUEUED_INGEST } from './designCheckDocs';

const SETTING = 'systemDesignPatterns.suggest.deepDiveQuestions';
const COMMENT = ignoreCommentFor(NO_DEEP_DIVES_ID);
const withComment = (doc: string): string => doc.replace('\n', `\n${COMMENT}\n`);

const fakeVscode = { env: { language: 'en' }, l10n: { t: englishL10n } };

function review(result: SuggestResult): DocumentReview {
  return { uri: { toString: () => 'file:///doc.md' }, version: 1, name: 'doc.md', result, titles: new Map(), durationMs: 1 } as unknown as DocumentReview;
}

describe('the Design Review says when deep dives off left no open question, or fewer', () => {
  const { engine } = realEngine();
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  function load(): { messages: typeof ReviewMessages; strings: typeof Strings.strings } {
    const messages = loadWithFakeVscode<typeof ReviewMessages>(fakeVscode, '../../../src/extension/suggest/reviewMessages');
    const strings = loadWithFakeVscode<typeof Strings>(fakeVscode, '../../../src/extension/strings');
    restore = () => { messages.restore(); strings.restore(); };
    return { messages: messages.module, strings: strings.module.strings };
  }

  it('none left by the setting: names the setting and says to turn it on', () => {
    const { messages } = load();
    const result = engine.suggest(SHARDED_MULTI_REGION, { deepDives: false });
    assert.deepEqual(result.openQuestions, []);
    assert.ok(result.suggestions.length > 0, 'the tree has rows: the message is not the welcome text');
    assert.equal(messages.viewMessage(review(result)),
      `No open question (with deep dives on there would be 2): the setting "${SETTING}" turns deep dives off; turn it on to ask them too.`);
  });

  it('none left by the document\'s comment: names the comment and says to delete it', () => {
    const { messages } = load();
    assert.equal(messages.deepDivesOffMessage(engine.suggest(withComment(SHARDED_MULTI_REGION))),
      `No open question (with deep dives on there would be 2): this document turns deep dives off with ${COMMENT}; delete that comment to ask them too.`);
  });

  it('both: names the setting and the comment', () => {
    const { messages } = load();
    assert.equal(messages.deepDivesOffMessage(engine.suggest(withComment(SHARDED_MULTI_REGION), { deepDives: false })),
      `No open question (with deep dives on there would be 2): the setting "${SETTING}" and this document's comment ${COMMENT} turn deep dives off; turn the setting on and delete the comment to ask them too.`);
  });

  it('fewer left: says how many against how many, for each cause', () => {
    const { messages } = load();
    const byOption = engine.suggest(SHARDED_INGEST, { deepDives: false });
    assert.equal(byOption.openQuestions.length, 1);
    assert.equal(messages.deepDivesOffMessage(byOption),
      `Fewer open questions (1, against 2 with deep dives on): the setting "${SETTING}" turns deep dives off; turn it on to ask them too.`);
    assert.equal(messages.deepDivesOffMessage(engine.suggest(withComment(SHARDED_INGEST))),
      `Fewer open questions (1, against 2 with deep dives on): this document turns deep dives off with ${COMMENT}; delete that comment to ask them too.`);
    assert.equal(messages.deepDivesOffMessage(engine.suggest(withComment(SHARDED_INGEST), { deepDives: false })),
      `Fewer open questions (1, against 2 with deep dives on): the setting "${SETTING}" and this document's comment ${COMMENT} turn deep dives off; turn the setting on and delete the comment to ask them too.`);
  });

  it('says nothing with deep dives on, or when the design checks took every place they left', () => {
    const { messages } = load();
    assert.equal(messages.viewMessage(review(engine.suggest(SHARDED_MULTI_REGION))), undefined);
    const same = engine.suggest(SHARDED_QUEUED_INGEST, { deepDives: false });
    assert.ok(same.deepDivesOff, 'deep dives were off');
    assert.equal(messages.viewMessage(review(same)), undefined);
  });

  it('follows the size warning above the tree, as one more sentence', () => {
    const { messages } = load();
    const result = engine.suggest(SHARDED_MULTI_REGION, { deepDives: false });
    const cut = { ...review(result), truncation: { analysedChars: 100, totalChars: 200, limitMB: 1 } } as DocumentReview;
    const message = messages.viewMessage(cut)!;
    assert.match(message, /only the first 100 characters were analysed\. No open question \(with deep dives on there would be 2\)/);
  });

  it('the copied review says it under the title (what the copy command puts on the clipboard), the comment as a code span', () => {
    const { messages, strings } = load();
    const copied = (result: SuggestResult): string => messages.copiedReviewMarkdown(review(result));
    const lines = copied(engine.suggest(withComment(SHARDED_MULTI_REGION))).split('\n');
    assert.equal(lines[0], '# Design review of doc.md');
    assert.equal(lines[2], '> No open question (with deep dives on there would be 2): this document turns deep dives off with `<!-- sdp-ignore: deep-dives -->`; delete that comment to ask them too.');
    // The setting alone: no comment to show, the sentence escaped as text.
    assert.equal(copied(engine.suggest(SHARDED_MULTI_REGION, { deepDives: false })).split('\n')[2],
      `> No open question (with deep dives on there would be 2): the setting "${SETTING}" turns deep dives off; turn it on to ask them too.`);
    const both = copied(engine.suggest(withComment(SHARDED_INGEST), { deepDives: false })).split('\n')[2]!;
    assert.match(both, /^> Fewer open questions \(1, against 2 with deep dives on\): .* comment `<!-- sdp-ignore: deep-dives -->` turn deep dives off;/);
    // Deep dives on: nothing said, and the copy is the view's labels alone.
    const on = engine.suggest(SHARDED_MULTI_REGION);
    assert.doesNotMatch(copied(on), /deep dives/);
    assert.equal(copied(on), reviewToMarkdown(review(on), strings.reviewMarkdownLabels({})));
  });

  it('a code span in the copied sentence is fenced past any backtick inside it, and the rest escaped', () => {
    assert.equal(escapeInlineWithCode('use <b> or <!-- x --> here', '<!-- x -->'), 'use \\<b\\> or `<!-- x -->` here');
    assert.equal(escapeInlineWithCode('<!-- x --> first, then <!-- x -->', '<!-- x -->'), '`<!-- x -->` first, then `<!-- x -->`');
    assert.equal(escapeInlineWithCode('no code <here>', '<!-- x -->'), 'no code \\<here\\>');
    assert.equal(escapeInlineWithCode('- a <b>', undefined), '\\- a \\<b\\>');
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('`x`'), '`` `x` ``');
  });

  it('adjacent copies make one span of exactly their text, blank code keeps its spaces, and empty code is refused', () => {
    const md = new MarkdownIt();
    const render = (markdown: string): string => md.renderInline(markdown);
    const c = '<!-- x -->';
    // Two spans side by side would join their fences (`a``a` is one span holding a``a): the copies share one.
    assert.equal(escapeInlineWithCode(`${c}${c}`, c), '`<!-- x --><!-- x -->`');
    assert.equal(render(escapeInlineWithCode(`see ${c}${c}${c}, then ${c}`, c)),
      'see <code>&lt;!-- x --&gt;&lt;!-- x --&gt;&lt;!-- x --&gt;</code>, then <code>&lt;!-- x --&gt;</code>');
    assert.equal(render(escapeInlineWithCode('a`ba`b', 'a`b')), '<code>a`ba`b</code>');
    // Code of spaces only: markdown strips nothing from such a span, and nothing collapses it.
    assert.equal(render(codeSpan(' ')), '<code> </code>');
    assert.equal(render(escapeInlineWithCode('use   here', ' ')), 'use<code>   </code>here');
    assert.equal(render(escapeInlineWithCode('-  ', ' ')), '-<code>  </code>');
    // A space at both ends of other code survives the one the reader strips.
    assert.equal(render(codeSpan(' a ')), '<code> a </code>');
    // A line break inside the code reads as a space, as markdown reads it in a span.
    assert.equal(render(codeSpan('a\nb')), '<code>a b</code>');
    // No empty code span exists in markdown (a pair of backticks is literal text).
    assert.throws(() => codeSpan(''), RangeError);
    assert.equal(escapeInlineWithCode('no <code>', ''), 'no \\<code\\>');
  });
});
