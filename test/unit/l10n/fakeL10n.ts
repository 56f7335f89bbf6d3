/**
 * Loads src/extension/strings.ts in plain Node with a stand-in for the one `vscode` API it calls,
 * `vscode.l10n.t`, that behaves as VS Code's does: the message is looked up in a bundle (key = the
 * English literal) and `{0}`-style placeholders are filled from the arguments. A key missing from
 * the bundle falls back to the English text, as in VS Code, and is recorded in `misses`.
 */
import { fillPlaceholders, loadWithFakeVscode } from '../support/fakeVscode';

type Bundle = Readonly<Record<string, string>>;
type StringsModule = typeof import('../../../src/extension/strings');
type ReviewStringsModule = typeof import('../../../src/extension/review/reviewStrings');
type NewDocModule = typeof import('../../../src/extension/review/newDesignDocCommand');

export interface LocalisedStrings {
  readonly strings: StringsModule['strings'];
  /** The in-document review's table (src/extension/review/reviewStrings.ts), under the same bundle. */
  readonly reviewLabels: ReviewStringsModule['reviewLabels'];
  readonly reviewStrings: ReviewStringsModule['reviewStrings'];
  /** How the New Design Doc command words a template problem, under the same bundle. */
  readonly templateProblemText: NewDocModule['templateProblemText'];
  readonly misses: string[];
  restore(): void;
}

/** `language` is what `vscode.env.language` reports (VS Code's display language). */
export function loadStringsUnder(bundle: Bundle, language = 'qps-ploc'): LocalisedStrings {
  const misses: string[] = [];
  const fake = {
    env: { language },
    l10n: {
      t: (message: string, ...args: unknown[]): string => {
        const translated = bundle[message];
        if (translated === undefined) misses.push(message);
        return fillPlaceholders(translated ?? message, args);
      },
    },
  };
  // Loaded under the same fake: the hook stays until restore(), and restore() forgets every module of src/extension.
  const { module: loaded, restore } = loadWithFakeVscode<StringsModule>(fake, '../../../src/extension/strings');
  let review: ReviewStringsModule;
  let newDoc: NewDocModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    review = require('../../../src/extension/review/reviewStrings') as ReviewStringsModule;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    newDoc = require('../../../src/extension/review/newDesignDocCommand') as NewDocModule;
  } catch (error) {
    restore();
    throw error;
  }
  return {
    strings: loaded.strings,
    reviewLabels: review.reviewLabels,
    reviewStrings: review.reviewStrings,
    templateProblemText: newDoc.templateProblemText,
    misses,
    restore,
  };
}
