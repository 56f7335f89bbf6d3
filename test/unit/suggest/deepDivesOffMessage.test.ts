/**
 * Deep dives turned off (the setting, the document's `<!-- sdp-ignore: deep-dives -->`, or both)
 * that left a document with no open question, or fewer: the Design Review says so above the tree,
 * and the copied review under its title, in one translated sentence naming how to ask them again.
 * Run in plain Node with a fake `vscode`.
 */
import { strict as assert } from 'node:assert';
import type { SuggestResult } from '../../../src/core/suggest';
import { reviewToMarkdown } from '../../../src/core/suggest/reviewMarkdown';
import { ignoreCommentFor, NO_DEEP_DIVES_ID } from '../../../src/core/suggest/ignoreComments';
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

  it('the copied review says it under the title, escaped as markdown text', () => {
    const { messages, strings } = load();
    const result = engine.suggest(withComment(SHARDED_MULTI_REGION));
    const deepDivesOff = messages.deepDivesOffMessage(result)!;
    const markdown = reviewToMarkdown({ name: 'doc.md', result, titles: new Map() }, { ...strings.reviewMarkdownLabels({}), deepDivesOff });
    const lines = markdown.split('\n');
    assert.equal(lines[0], '# Design review of doc.md');
    assert.equal(lines[2], '> No open question (with deep dives on there would be 2): this document turns deep dives off with \\<!-- sdp-ignore: deep-dives --\\>; delete that comment to ask them too.');
    assert.doesNotMatch(reviewToMarkdown({ name: 'doc.md', result: engine.suggest(SHARDED_MULTI_REGION), titles: new Map() }, strings.reviewMarkdownLabels({})), /deep dives/);
  });
});
