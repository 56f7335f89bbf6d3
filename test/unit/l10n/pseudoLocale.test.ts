import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeKind } from '../../../src/core/catalog/model';
import { createSuggestEngine } from '../../../src/core/suggest';
import { reviewToMarkdown } from '../../../src/core/suggest/reviewMarkdown';
import { parseTemplate, unreadableTemplate, type TemplateProblem } from '../../../src/core/templates/designDocTemplates';
import { fixtureCatalog } from '../suggest/fixtures';
import { loadStringsUnder, type LocalisedStrings } from './fakeL10n';

const ROOT = join(__dirname, '..', '..', '..');
const readJson = (file: string): Record<string, string> => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, string>;

const KINDS: readonly NodeKind[] = ['pattern', 'solution', 'deep-dive', 'example', 'combination', 'group', 'guide', 'step', 'questions', 'section', 'entry'];
const GROUPS = ['why', 'startWith', 'openQuestions', 'numbers', 'combinations'] as const;
/** A pseudo-localised string is bracketed as a whole (scripts/l10n.mjs). */
const PSEUDO = /^⟦[\s\S]*⟧$/;
/** Accented by the pseudo-locale: no plain ASCII word of three letters or more survives outside placeholders. */
const PLAIN_WORD = /(?<![{\w])[A-Za-z]{3,}(?![}\w])/;

/**
 * Every text the extension layer's string table can produce, with where it came from: each
 * `strings` entry called with sample arguments, and the tables it returns (card labels, the
 * suggest engine's messages, the copied review's labels) walked to every leaf.
 */
function everyOutput(s: LocalisedStrings['strings'], review?: Pick<LocalisedStrings, 'reviewLabels' | 'reviewStrings'>): { where: string; text: unknown }[] {
  const out: { where: string; text: unknown }[] = [];
  const sample = (i: number): string => `ARG${i}`;
  const walk = (where: string, value: unknown): void => {
    if (typeof value === 'function' && where.endsWith('.kind')) {
      // The card's kind label takes a node kind: every kind has its own string.
      for (const kind of KINDS) walk(`${where}(${kind})`, (value as (k: NodeKind) => string)(kind));
    } else if (typeof value === 'function') {
      const fn = value as (...args: unknown[]) => unknown;
      walk(`${where}()`, fn(...Array.from({ length: Math.max(fn.length, 1) }, (_, i) => sample(i))));
    } else if (typeof value === 'object' && value !== null) {
      // The number style's locale tag is a setting for Intl, not words.
      for (const [key, inner] of Object.entries(value)) if (key !== 'numberLocale') walk(`${where}.${key}`, inner);
    } else {
      out.push({ where, text: value });
    }
  };
  for (const [key, value] of Object.entries(s)) {
    if (key === 'kindLabel') for (const kind of KINDS) out.push({ where: `kindLabel(${kind})`, text: s.kindLabel(kind) });
    else if (key === 'catalogLoadFailed') for (const missing of [true, false]) out.push({ where: `catalogLoadFailed(${missing})`, text: s.catalogLoadFailed(missing) });
    else if (key === 'reviewGroup') for (const group of GROUPS) out.push({ where: `reviewGroup(${group})`, text: s.reviewGroup(group) });
    else if (key === 'reviewMarkdownLabels') walk(key, s.reviewMarkdownLabels({ truncation: { analysedChars: 10, totalChars: 20 } }));
    else walk(key, value);
  }
  if (review) {
    walk('reviewLabels', review.reviewLabels());
    walk('reviewStrings', review.reviewStrings);
  }
  return out;
}

/**
 * The outputs that are not wholly pseudo-localised: not bracketed, or with a plain English word
 * inside the brackets (English placed into a template, or a second string joined to a pseudo one).
 * The sample arguments (ARG0…, NaN where a number was expected), placeholders, codicons and command links are not words.
 */
function notPseudo(outputs: { where: string; text: unknown }[]): string[] {
  const words = (text: string): string => text.replace(/ARG\d+|NaN|\{\d+\}|\$\([\w~-]+\)|\(command:[^)]*\)/g, '');
  return outputs
    .filter((o) => typeof o.text !== 'string' || !PSEUDO.test(o.text) || PLAIN_WORD.test(words(o.text)))
    .map((o) => `${o.where} -> ${String(o.text)}`);
}

describe('pseudo-localisation (l10n/bundle.l10n.qps-ploc.json)', () => {
  const pseudo = readJson('l10n/bundle.l10n.qps-ploc.json');
  let loaded: LocalisedStrings | undefined;
  afterEach(() => loaded?.restore());

  it('the pseudo bundle has every key of the English bundle, each transformed', () => {
    const english = readJson('l10n/bundle.l10n.json');
    assert.deepStrictEqual(Object.keys(pseudo).sort(), Object.keys(english).sort());
    for (const [key, value] of Object.entries(pseudo)) {
      assert.match(value, PSEUDO, key);
      // Placeholders, codicons and command links are kept as written; everything else is accented.
      assert.doesNotMatch(value.replace(/\{\d+\}|\$\([\w~-]+\)|\(command:[^)]*\)/g, ''), PLAIN_WORD, `${key} -> ${value}`);
      // Placeholders survive, or the engine and l10n.t could not fill them.
      assert.deepStrictEqual(value.match(/\{\d+\}/g)?.sort() ?? [], key.match(/\{\d+\}/g)?.sort() ?? [], key);
    }
  });

  it('every string, label and message table of the extension layer comes out pseudo-localised', () => {
    loaded = loadStringsUnder(pseudo);
    const outputs = everyOutput(loaded.strings, loaded);
    assert.ok(outputs.some((o) => o.where.startsWith('reviewLabels.')) && outputs.some((o) => o.where.startsWith('reviewStrings.')), 'the in-document review\'s table is walked');
    assert.ok(outputs.length > 130, `only ${outputs.length} outputs were produced: the walk missed the tables`);
    assert.deepStrictEqual(notPseudo(outputs), []);
    assert.deepStrictEqual(loaded.misses, [], 'every l10n.t key is in the bundle');
  });

  it('fails for a string the bundle lacks (the check can fail)', () => {
    const withoutOne = { ...pseudo };
    delete withoutOne['Copied {0}'];
    loaded = loadStringsUnder(withoutOne);
    assert.deepStrictEqual(notPseudo(everyOutput(loaded.strings)), ['copiedLink() -> Copied ARG0']);
    assert.deepStrictEqual(loaded.misses, ['Copied {0}']);
  });

  it('finds English placed inside a pseudo string, and a plain string in the in-document review\'s table', () => {
    const planted = {
      ...pseudo,
      'Copied {0}': '⟦Çöƥîéð Score {0}⟧',
      'Limit compared with: {0}': 'Limit compared with: {0}',
    };
    loaded = loadStringsUnder(planted);
    assert.deepStrictEqual(notPseudo(everyOutput(loaded.strings, loaded)), [
      'copiedLink() -> ⟦Çöƥîéð Score ARG0⟧',
      'reviewLabels.hoverLimit -> Limit compared with: {0}',
    ]);
  });

  it('template problems reach the user in the bundle\'s words, whatever their kind', () => {
    const problems: TemplateProblem[] = [];
    parseTemplate('x.md', '---\ntitle T\n---\n\n', problems);
    parseTemplate('e.md', '\n', problems);
    problems.push(
      { file: 'y.md', kind: 'no-placeholder', message: 'no placeholder' },
      ...unreadableTemplate('z.md', 'EACCES').problems,
      ...unreadableTemplate('w.md', 'EACCES', true).problems,
    );
    assert.deepStrictEqual(problems.map((p) => p.kind), ['front-matter-line', 'empty-body', 'empty-file', 'no-placeholder', 'unreadable', 'no-read-permission']);
    loaded = loadStringsUnder(pseudo);
    const texts = problems.map((p, i) => ({ where: `${p.kind} ${i}`, text: loaded!.templateProblemText(p).replace('title T', 'ARG1') }));
    assert.deepStrictEqual(notPseudo(texts), []);
    // Each way of saying the built-in templates are unreadable (the table walk calls only one).
    const unreadable = (['workspace-templates', 'no-workspace-templates', 'no-folder'] as const).map((w) => ({ where: `templatesUnreadable(${w})`, text: loaded!.reviewStrings.templatesUnreadable(w) }));
    assert.deepStrictEqual(notPseudo(unreadable), []);
  });

  it('the suggest engine words its reasons and figures from the injected (pseudo) table', () => {
    loaded = loadStringsUnder(pseudo);
    const engine = createSuggestEngine(fixtureCatalog(), loaded.strings.suggestMessages());
    const doc = [
      '# Ticket sales',
      '',
      'We expect 200,000 concurrent users competing for 10,000 seats when a big show goes on sale.',
      'We rely on websockets to push seat maps; two fans must never book the same seat.',
      'Reads dominate: 500,000 reads per second at peak, served from a cache, with 30 TB of objects of 5 MB each.',
    ].join('\n');
    const result = engine.suggest(doc, { minScore: 0 });
    const reasons = [...result.suggestions.flatMap((s) => s.evidence.map((e) => e.reason)), ...result.openQuestions.map((q) => q.reason)];
    const figures = result.numbers.map((n) => n.normalized);
    assert.ok(reasons.length >= 3 && figures.length >= 3, `reasons: ${reasons.length}, figures: ${figures.length}`);
    for (const text of [...reasons, ...figures]) assert.match(text, PSEUDO);
    // The limit a figure was compared with (the hover's "Limit compared with"), measure included.
    const limits = result.suggestions.flatMap((s) => s.evidence.flatMap((e) => (e.limit ? [e.limit] : [])));
    assert.ok(limits.length >= 1, 'a figure past a limit');
    assert.deepStrictEqual(notPseudo(limits.map((text, i) => ({ where: `limit ${i}`, text }))), []);
    // The English table (CLI, eval) is untouched by it.
    const english = createSuggestEngine(fixtureCatalog()).suggest(doc, { minScore: 0 });
    assert.ok(english.numbers.every((n) => !n.normalized.includes('⟦')));
    assert.strictEqual(english.numbers.length, result.numbers.length);

    // And the copied review, built from them with the pseudo labels, has no English of its own.
    const markdown = reviewToMarkdown({ name: 'doc.md', result, titles: new Map() }, loaded.strings.reviewMarkdownLabels({}));
    const ownWords = markdown.split('\n').filter((line) => /^#+ /.test(line) && !result.suggestions.some((s) => line.includes(s.title)));
    for (const heading of ownWords) assert.match(heading.replace(/^#+ /, ''), PSEUDO);
  });

  it('the manifest pseudo file has every key of package.nls.json, each transformed', () => {
    const nls = readJson('package.nls.json');
    const nlsPseudo = readJson('package.nls.qps-ploc.json');
    assert.deepStrictEqual(Object.keys(nlsPseudo).sort(), Object.keys(nls).sort());
    for (const value of Object.values(nlsPseudo)) assert.match(value, PSEUDO);
  });
});
