/**
 * Loads src/extension/strings.ts in plain Node with a stand-in for the one `vscode` API it calls,
 * `vscode.l10n.t`, that behaves as VS Code's does: the message is looked up in a bundle (key = the
 * English literal) and `{0}`-style placeholders are filled from the arguments. A key missing from
 * the bundle falls back to the English text, as in VS Code, and is recorded in `misses`.
 */
import Module from 'node:module';

type Bundle = Readonly<Record<string, string>>;
type StringsModule = typeof import('../../../src/extension/strings');
type ReviewStringsModule = typeof import('../../../src/extension/review/reviewStrings');
type NewDocModule = typeof import('../../../src/extension/review/newDesignDocCommand');

interface ModuleInternals {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
}

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
        return (translated ?? message).replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));
      },
    },
  };
  const internals = Module as unknown as ModuleInternals;
  const original = internals._load;
  internals._load = function load(request, parent, isMain) {
    if (request === 'vscode') return fake;
    return original.call(this, request, parent, isMain);
  };
  const path = require.resolve('../../../src/extension/strings');
  const reviewPath = require.resolve('../../../src/extension/review/reviewStrings');
  const newDocPath = require.resolve('../../../src/extension/review/newDesignDocCommand');
  delete require.cache[path];
  delete require.cache[reviewPath];
  delete require.cache[newDocPath];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(path) as StringsModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const review = require(reviewPath) as ReviewStringsModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const newDoc = require(newDocPath) as NewDocModule;
  return {
    strings: loaded.strings,
    reviewLabels: review.reviewLabels,
    reviewStrings: review.reviewStrings,
    templateProblemText: newDoc.templateProblemText,
    misses,
    restore: () => {
      internals._load = original;
      delete require.cache[path];
      delete require.cache[reviewPath];
      delete require.cache[newDocPath];
    },
  };
}
