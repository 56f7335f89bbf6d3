/**
 * Suggest Patterns on an empty document says it is empty, rather than that its words point to no
 * pattern, and analyses nothing. Run in plain Node with a fake `vscode`.
 */
import { strict as assert } from 'node:assert';
import type * as Command from '../../../src/extension/suggest/suggestPatternsCommand';
import { englishL10n, loadWithFakeVscode } from '../support/fakeVscode';

describe('Suggest Patterns on an empty document', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  for (const text of ['', '  \n\n\t\n']) {
    it(`says the document is empty and analyses nothing (${JSON.stringify(text)})`, async () => {
      const shown: string[] = [];
      const document = { languageId: 'markdown', uri: { scheme: 'untitled', path: '/Untitled-1', toString: () => 'untitled:Untitled-1' }, isUntitled: true, fileName: 'Untitled-1', getText: () => text };
      const fake = {
        env: { language: 'en' },
        l10n: { t: englishL10n },
        Uri: class {},
        window: { activeTextEditor: { document }, showInformationMessage: async (message: string) => { shown.push(message); } },
        workspace: { textDocuments: [document] },
      };
      const loaded = loadWithFakeVscode<typeof Command>(fake, '../../../src/extension/suggest/suggestPatternsCommand');
      restore = loaded.restore;
      let analysed = 0;
      const controller = { refresh: async () => { analysed++; return undefined; } };
      await new loaded.module.SuggestPatternsCommand(controller as never).execute();
      assert.equal(analysed, 0);
      assert.equal(shown.length, 1);
      assert.match(shown[0]!, /^Untitled-1 is empty: write the design/);
    });
  }
});
