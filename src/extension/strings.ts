import * as vscode from 'vscode';
import type { CardLabels } from '../core/render/cardLabels';

/**
 * Every user-visible string of the editor layer, in one place and through `vscode.l10n.t`
 * so it can be localized.
 */
export const strings = {
  catalogLoadFailed: (detail: string) =>
    vscode.l10n.t('System Design Patterns could not load its catalog: {0}. Reinstall the extension or run "npm run build" in its folder.', detail),
  searchPlaceholder: () => vscode.l10n.t('Search patterns, solutions, deep dives and guides by title, keyword or summary'),
  kindLabel: (kind: string) => vscode.l10n.t(kindLabels[kind] ?? kind),
  nodeNotFound: (id: string) => vscode.l10n.t('No catalog item has the id "{0}".', id),
  copiedLink: (link: string) => vscode.l10n.t('Copied {0}', link),
  snippetReadOnly: (file: string) =>
    vscode.l10n.t('{0} is read-only, so the snippet was not inserted. Open a writable file or an untitled editor and try again.', file),
  snippetInsertFailed: (title: string) =>
    vscode.l10n.t('VS Code did not insert "{0}" (the editor may be read-only or closing). Nothing was changed.', title),
  snippetNotFound: (id: string) => vscode.l10n.t('No snippet has the id "{0}". Rebuild the extension if you edited content/snippets.', id),
  noSnippetsHere: () => vscode.l10n.t('This item has no code snippets yet.'),
  pickSnippet: () => vscode.l10n.t('Pick a snippet to insert'),
  pickSnippetLanguage: (title: string) => vscode.l10n.t('Insert "{0}" in which language?', title),

  // Cards (src/extension/card, src/core/render)
  cardLabels: (): CardLabels => ({
    kind: (kind) => strings.kindLabel(kind),
    back: vscode.l10n.t('Back'),
    forward: vscode.l10n.t('Forward'),
    historyNav: vscode.l10n.t('Card history'),
    breadcrumbNav: vscode.l10n.t('Breadcrumb'),
    solutionsCompared: vscode.l10n.t('Solutions compared'),
    bestFor: vscode.l10n.t('Best for'),
    buys: vscode.l10n.t('Buys'),
    costs: vscode.l10n.t('Costs'),
    avoidWhen: vscode.l10n.t('Avoid when'),
    atAGlance: vscode.l10n.t('At a glance'),
    tradeOffs: vscode.l10n.t('Trade-offs'),
    pros: vscode.l10n.t('Pros'),
    cons: vscode.l10n.t('Cons'),
    figures: vscode.l10n.t('Figures'),
    lessons: vscode.l10n.t('Lessons'),
    question: vscode.l10n.t('The question'),
    interviewAnswer: vscode.l10n.t('Short answer for an interview'),
    answeredBy: vscode.l10n.t('A design doc has answered this when it mentions'),
    appliesTo: vscode.l10n.t('Pressing for these solutions'),
    deepDives: vscode.l10n.t('Deep dives'),
    deepDivesForSolution: vscode.l10n.t('Questions this solution raises'),
    examples: vscode.l10n.t('Real-world examples'),
    alternatives: vscode.l10n.t('Alternatives'),
    contents: vscode.l10n.t('Contents'),
    patterns: vscode.l10n.t('Patterns'),
    related: vscode.l10n.t('Related'),
    snippets: vscode.l10n.t('Snippets'),
    insertSnippet: vscode.l10n.t('Insert'),
    copySnippet: vscode.l10n.t('Copy'),
    snippetUnavailable: (id) => vscode.l10n.t('The snippet "{0}" is not in this build of the snippet library.', id),
    codeLanguage: (language) => vscode.l10n.t('{0} code', language),
    scrollableTable: vscode.l10n.t('Table, scrolls sideways'),
    scrollableCode: vscode.l10n.t('Code'),
    opensInBrowser: vscode.l10n.t('opens in the browser'),
    cardMissing: vscode.l10n.t('This card is no longer in the catalog.'),
  }),
  cardRestoreFailed: (detail: string) => vscode.l10n.t('A card could not be restored: {0}', detail),
  snippetCopied: (title: string) => vscode.l10n.t('Copied the "{0}" snippet', title),
  openCardTitle: () => vscode.l10n.t('Open Card'),

  // Pattern suggestions: the command and the Design Review view (src/extension/suggest/).
  scorePercent: (score: number) => vscode.l10n.t('{0}%', Math.round(score * 100)),
  suggestTitle: (name: string) => vscode.l10n.t('Patterns suggested for {0}', name),
  suggestPlaceholder: () => vscode.l10n.t('Pick a pattern to open its card'),
  suggestNoEditor: () =>
    vscode.l10n.t('Open a markdown or plain-text design doc in the editor, then run "Suggest Patterns for This Document" again.'),
  suggestBinary: (name: string) =>
    vscode.l10n.t('{0} holds binary data (NUL or undecodable bytes), not the text of a design doc, so it was not analysed.', name),
  suggestUnsupported: (name: string, languageId: string) =>
    vscode.l10n.t('{0} is a "{1}" document; pattern suggestions work on markdown and plain-text documents. Change its language mode to Markdown or Plain Text to analyse it.', name, languageId),
  suggestFailed: (detail: string) => vscode.l10n.t('Pattern suggestions failed: {0}', detail),
  suggestAnalysing: (name: string) => vscode.l10n.t('Analysing {0} for system design patterns…', name),
  suggestNothing: (name: string, reason: string) => vscode.l10n.t('No pattern stood out in {0}: {1}.', name, reason),
  suggestNothingNoFigures: () =>
    vscode.l10n.t('it states no figures (traffic, data sizes, users) and few of its words point to scale, contention or concurrency'),
  suggestNothingFigures: (count: number) =>
    vscode.l10n.t('the {0} figure(s) it states stay within what one server handles, and few of its words point to scale, contention or concurrency', count),
  suggestTruncated: (name: string, totalChars: number, limitMB: number, setting: string, analysedChars: number) =>
    vscode.l10n.t('{0} has {1} characters, more than the {2} MB limit ("{3}"); only the first {4} characters were analysed.',
      name, totalChars.toLocaleString(), limitMB, setting, analysedChars.toLocaleString()),
  openSettings: () => vscode.l10n.t('Open Settings'),
  reviewGroup: (group: 'why' | 'startWith' | 'openQuestions' | 'numbers' | 'combinations') => vscode.l10n.t(reviewGroupLabels[group]),
  reviewLine: (line: number) => vscode.l10n.t('line {0}', line),
  reviewSuggestionAccessible: (title: string, percent: string) => vscode.l10n.t('{0}, {1} match', title, percent),
  reviewEvidenceAccessible: (text: string, line: number, reason: string) => vscode.l10n.t('"{0}" on line {1}: {2}', text, line, reason),
  reviewOpenCardTooltip: (title: string) => vscode.l10n.t('Open the card for {0}', title),
  reviewQuestionWhy: (reason: string) => vscode.l10n.t('Asked because {0}.', reason),
  reviewNumberTooltip: (text: string, normalized: string, line: number) => vscode.l10n.t('"{0}" on line {1}: {2}', text, line, normalized),
  reviewCombinationTooltip: (title: string, patterns: string) => vscode.l10n.t('{0} (patterns: {1})', title, patterns),
  reviewRevealTitle: () => vscode.l10n.t('Show in Document'),
};

const reviewGroupLabels: Record<'why' | 'startWith' | 'openQuestions' | 'numbers' | 'combinations', string> = {
  why: 'Why',
  startWith: 'Start with',
  openQuestions: 'Open questions',
  numbers: 'Numbers found',
  combinations: 'Combinations',
};

const kindLabels: Record<string, string> = {
  pattern: 'pattern',
  solution: 'solution',
  'deep-dive': 'deep dive',
  example: 'real-world example',
  combination: 'combination',
  group: 'overview',
  guide: 'guide',
  step: 'step',
  questions: 'interview question',
  section: 'section',
  entry: 'scenario',
};
