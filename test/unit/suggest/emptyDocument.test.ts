/**
 * A document with nothing written yet (empty, or white space only) is not analysed, and both the
 * Suggest Patterns command and the Design Review say it is empty, rather than that its words point
 * to no pattern. Run in plain Node with a fake `vscode`.
 */
import { strict as assert } from 'node:assert';
import type * as Command from '../../../src/extension/suggest/suggestPatternsCommand';
import type * as Messages from '../../../src/extension/suggest/reviewMessages';
import type { DocumentReview } from '../../../src/extension/suggest/documentReview';
import { englishL10n, loadWithFakeVscode } from '../support/fakeVscode';

const EMPTY_REVIEW = { name: 'Untitled-1', empty: true, result: { suggestions: [], numbers: [], openQuestions: [], combinations: [] } } as unknown as DocumentReview;

describe('an empty document', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it('Suggest Patterns says it is empty', async () => {
    const shown: string[] = [];
    const document = { languageId: 'markdown', uri: { scheme: 'untitled', path: '/Untitled-1', toString: () => 'untitled:Untitled-1' }, lineCount: 1, lineAt: () => ({ range: { end: 0 } }), offsetAt: () => 0 };
    const fake = {
      env: { language: 'en' },
      l10n: { t: englishL10n },
      Uri: class {},
      window: { activeTextEditor: { document }, showInformationMessage: async (message: string) => { shown.push(message); } },
      workspace: { textDocuments: [document] },
    };
    const loaded = loadWithFakeVscode<typeof Command>(fake, '../../../src/extension/suggest/suggestPatternsCommand');
    restore = loaded.restore;
    const controller = { refresh: async () => EMPTY_REVIEW };
    await new loaded.module.SuggestPatternsCommand(controller as never).execute();
    assert.equal(shown.length, 1);
    assert.match(shown[0]!, /^Untitled-1 is empty: write the design/);
  });

  it('the Design Review says the same above the tree', () => {
    const loaded = loadWithFakeVscode<typeof Messages>({ env: { language: 'en' }, l10n: { t: englishL10n } }, '../../../src/extension/suggest/reviewMessages');
    restore = loaded.restore;
    assert.match(loaded.module.viewMessage(EMPTY_REVIEW) ?? '', /^Untitled-1 is empty: write the design/);
    assert.equal(loaded.module.viewMessage({ ...EMPTY_REVIEW, empty: undefined } as DocumentReview), undefined, 'a review with no rows and not empty: the welcome explains it');
  });
});
