import * as vscode from 'vscode';
import type { NodeKind } from '../core/catalog/model';
import type { CardLabels } from '../core/render/cardLabels';
import type { ReviewMarkdownLabels } from '../core/suggest/reviewMarkdown';
import type { SuggestMessages } from '../core/suggest';
import { formatNumber } from '../core/suggest/format';

/**
 * Every user-visible string of the editor layer, in one place and through `vscode.l10n.t`
 * so it can be localized. Every call passes a literal as its first argument: that is what
 * `npm run l10n` (@vscode/l10n-dev) extracts into l10n/bundle.l10n.json, and a key chosen at run
 * time would be missing from it. docs/localisation.md says how to add a string.
 */
export const strings = {
  /** The output channel's name (the Output view's list shows it). */
  outputChannelName: () => vscode.l10n.t('System Design Patterns'),
  /** The cause's own text (English, from the file system or the parser) goes to the output channel only (catalogLoadFailure.ts). */
  /** `{0}` is the Show Log button's own label (strings.showLog), so the text names the button as it is shown. */
  catalogLoadFailed: (missing: boolean) => (missing
    ? vscode.l10n.t('System Design Patterns could not find its catalog file, so its installation is incomplete. Reinstall the extension; if that does not help, report the problem with "Help: Report Issue" and include the details from {0}.', strings.showLog())
    : vscode.l10n.t('System Design Patterns could not read its catalog file, so its installation may be damaged. Reinstall the extension; if that does not help, report the problem with "Help: Report Issue" and include the details from {0}.', strings.showLog())),
  /** The button of an error notification that reveals the output channel (showErrorWithLog.ts); messages name it through a placeholder. */
  showLog: () => vscode.l10n.t('Show Log'),
  searchPlaceholder: () => vscode.l10n.t('Search patterns, solutions, deep dives and guides by title, keyword or summary'),
  kindLabel: (kind: NodeKind | string) => kindLabel(kind),
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
    // A card's documentation sources (a heading) and a snippet's (a short line under its description).
    sources: vscode.l10n.t('Sources'),
    snippets: vscode.l10n.t('Snippets'),
    insertSnippet: vscode.l10n.t('Insert'),
    copySnippet: vscode.l10n.t('Copy'),
    snippetUnavailable: (id) => vscode.l10n.t('The snippet "{0}" is not in this build of the snippet library.', id),
    copyDiagram: vscode.l10n.t('Copy Mermaid'),
    codeLanguage: (language) => vscode.l10n.t('{0} code', language),
    scrollableTable: vscode.l10n.t('Table, scrolls sideways'),
    scrollableCode: vscode.l10n.t('Code'),
    opensInBrowser: vscode.l10n.t('opens in the browser'),
    cardMissing: vscode.l10n.t('This card is no longer in the catalog.'),
  }),
  cardRestoreFailed: (detail: string) => vscode.l10n.t('A card could not be restored: {0}', detail),
  snippetCopied: (title: string) => vscode.l10n.t('Copied the "{0}" snippet', title),
  openCardTitle: () => vscode.l10n.t('Open Card'),
  diagramCopied: (title: string) => vscode.l10n.t('Copied the Mermaid source of "{0}"', title),
  diagramNotFound: () => vscode.l10n.t('That diagram is not in this build of the catalog. Reopen the card and try again.'),

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
  suggestEmpty: (name: string) => vscode.l10n.t('{0} is empty: write the design (its goal, the load it must carry, how it works) and run Suggest Patterns again.', name),
  suggestNothing: (name: string, reason: string) => vscode.l10n.t('No pattern stood out in {0}: {1}.', name, reason),
  suggestNothingNoFigures: () =>
    vscode.l10n.t('it states no figures (traffic, data sizes, users) and few of its words point to scale, contention or concurrency'),
  suggestNothingFigures: (count: number) =>
    vscode.l10n.t('the {0} figure(s) it states stay within what one server handles, and few of its words point to scale, contention or concurrency', count),
  suggestTruncated: (name: string, totalChars: number, limitMB: number, setting: string, analysedChars: number) =>
    vscode.l10n.t('{0} has {1} characters, more than the {2} MB limit ("{3}"); only the first {4} characters were analysed.',
      name, displayNumber(totalChars), displayNumber(limitMB), setting, displayNumber(analysedChars)),
  openSettings: () => vscode.l10n.t('Open Settings'),
  reviewGroup: (group: ReviewGroupName) => reviewGroupLabel(group),
  reviewLine: (line: number) => vscode.l10n.t('line {0}', line),
  // A suggestion with no line to quote (the engine shows none it is not sure enough of): said, not left out.
  reviewNoLineQuoted: () => vscode.l10n.t('No line quoted'),
  reviewNoLineQuotedDescription: () => vscode.l10n.t('none is specific and sure enough to count as evidence'),
  reviewNoLineQuotedSentence: () => vscode.l10n.t('No line quoted: none is specific and sure enough to count as evidence.'),
  // A suggestion that quotes figures past a limit but no keyword line (quoteNote.ts `figuresOnly`): said after the figures.
  reviewNoKeywordLineQuoted: () => vscode.l10n.t('No keyword line quoted'),
  reviewNoKeywordLineQuotedDescription: () => vscode.l10n.t('only figures past a limit'),
  reviewNoKeywordLineQuotedSentence: () =>
    vscode.l10n.t('No keyword line quoted, only figures past a limit: a keyword line is quoted only when one is specific and sure enough, and the score leaves it a place after the figures.'),
  /** The Design Review's row, under "Why", naming the words that raised a suggestion's score (Suggestion.words). */
  reviewScoreWords: () => vscode.l10n.t('Words that raised it'),
  reviewScoreWordsSentence: (words: string) => vscode.l10n.t('Words that raised the score most, read by the learned text model: {0}.', words),
  /** The quick pick's second line for a suggestion that quotes no line but names the words that raised its score. */
  suggestNoLineWordsDetail: (words: string) => vscode.l10n.t('No line quoted; words that raised it: {0}', words),
  /** The quick pick's second line for a suggestion that quotes figures only: its first figure's reason, and the note. */
  suggestFiguresOnlyDetail: (reason: string) => vscode.l10n.t('{0} (no keyword line quoted, only figures past a limit)', reason),
  reviewSuggestionAccessible: (title: string, percent: string) => vscode.l10n.t('{0}, {1} match', title, percent),
  reviewEvidenceAccessible: (text: string, line: number, reason: string) => vscode.l10n.t('"{0}" on line {1}: {2}', text, line, reason),
  reviewOpenCardTooltip: (title: string) => vscode.l10n.t('Open the card for {0}', title),
  reviewQuestionWhy: (reason: string) => vscode.l10n.t('Asked because {0}.', reason),
  reviewNumberTooltip: (text: string, normalized: string, line: number) => vscode.l10n.t('"{0}" on line {1}: {2}', text, line, normalized),
  reviewCombinationTooltip: (title: string, patterns: string) => vscode.l10n.t('{0} (patterns: {1})', title, patterns),
  /** The Design Review's group of problems in the document's sdp-ignore and sdp-todo comments: its tooltip, by how many. */
  reviewCommentProblemsTooltip: (count: number) => (count === 1
    ? vscode.l10n.t('One problem in this document\'s sdp-ignore and sdp-todo comments: a word or comment that does not work as written, or an sdp-todo marker that keeps no question open. Click the row under this one to go to it.')
    : vscode.l10n.t('{0} problems in this document\'s sdp-ignore and sdp-todo comments: words or comments that do not work as written, or sdp-todo markers that keep no question open. Click a row under this one to go to it.', count)),
  reviewCommentProblemsAccessible: (count: number) => vscode.l10n.t('Problems in review comments: {0}', count),
  /** One such problem's tooltip and screen-reader label: {0} its line, {1} the Problems panel's message. */
  reviewCommentProblemTooltip: (message: string, line: number) => vscode.l10n.t('Line {0}: {1}', line, message),
  /**
   * One such problem's row: a few words that fit a narrow sidebar (the word as written and the id
   * meant, or what is wrong with the comment); the Problems panel's full message is its tooltip.
   * reviewTreeItems.ts picks one by the finding. {0} the word as written, {1} the id meant.
   */
  reviewUnknownIdLabel: (word: string) => vscode.l10n.t('“{0}”: no such id', word),
  // The id meant comes first: a narrow sidebar cuts the end of a label, and deep-dive ids are long.
  reviewUnknownIdNearestLabel: (word: string, nearest: string) => vscode.l10n.t('Did you mean “{1}”? (“{0}” is no id)', word, nearest),
  reviewUnaskedDeepDiveLabel: (word: string) => vscode.l10n.t('“{0}”: a deep dive never asked', word),
  reviewIgnoreNotClosedLabel: () => vscode.l10n.t('sdp-ignore comment not closed on its line'),
  reviewTodoNamesNothingLabel: () => vscode.l10n.t('sdp-todo marker names no id'),
  reviewTodoNotClosedLabel: () => vscode.l10n.t('sdp-todo marker never closed'),
  reviewTodoEndsPastParagraphLabel: () => vscode.l10n.t('sdp-todo marker ends past its paragraph'),
  reviewTodoCommentBeforeIdLabel: () => vscode.l10n.t('sdp-todo marker holds a comment before its id'),
  // An idle marker (why, and what to do, is its tooltip: the Problems panel's message). {0} its id.
  reviewIdleTodoLabel: (id: string) => vscode.l10n.t('“{0}”: sdp-todo keeps no question open', id),
  /**
   * Above the Design Review (and atop the copied review) when turning the deep dives off left the
   * document with no open question, or fewer (core/suggest/deepDivesOff.ts): one sentence for each
   * case, naming what turned them off and how to ask them again. `shown` and `withDeepDives` count
   * the open questions now and with deep dives on; `setting` is the setting's id; `comment` the
   * document's `<!-- sdp-ignore: deep-dives -->`.
   */
  reviewDeepDivesOff: {
    'none-option': (withDeepDives: number, setting: string) =>
      vscode.l10n.t('No open question (with deep dives on there would be {0}): the setting "{1}" turns deep dives off; turn it on to ask them too.', withDeepDives, setting),
    'none-comment': (withDeepDives: number, comment: string) =>
      vscode.l10n.t('No open question (with deep dives on there would be {0}): this document turns deep dives off with {1}; delete that comment to ask them too.', withDeepDives, comment),
    'none-both': (withDeepDives: number, setting: string, comment: string) =>
      vscode.l10n.t('No open question (with deep dives on there would be {0}): the setting "{1}" and this document\'s comment {2} turn deep dives off; turn the setting on and delete the comment to ask them too.', withDeepDives, setting, comment),
    'fewer-option': (shown: number, withDeepDives: number, setting: string) =>
      vscode.l10n.t('Fewer open questions ({0}, against {1} with deep dives on): the setting "{2}" turns deep dives off; turn it on to ask them too.', shown, withDeepDives, setting),
    'fewer-comment': (shown: number, withDeepDives: number, comment: string) =>
      vscode.l10n.t('Fewer open questions ({0}, against {1} with deep dives on): this document turns deep dives off with {2}; delete that comment to ask them too.', shown, withDeepDives, comment),
    'fewer-both': (shown: number, withDeepDives: number, setting: string, comment: string) =>
      vscode.l10n.t('Fewer open questions ({0}, against {1} with deep dives on): the setting "{2}" and this document\'s comment {3} turn deep dives off; turn the setting on and delete the comment to ask them too.', shown, withDeepDives, setting, comment),
  },
  reviewRevealTitle: () => vscode.l10n.t('Show in Document'),
  reviewNothingToCopy: () =>
    vscode.l10n.t('The Design Review is empty: open a markdown or plain-text design doc, then copy its review.'),
  reviewCopied: (name: string) => vscode.l10n.t('Copied the review of {0} as markdown', name),
  reviewMarkdownLabels: (review: { readonly truncation?: { readonly analysedChars: number; readonly totalChars: number } }): ReviewMarkdownLabels => ({
    title: (name) => vscode.l10n.t('Design review of {0}', name),
    why: strings.reviewGroup('why'),
    noLineQuoted: strings.reviewNoLineQuotedSentence(),
    noKeywordLineQuoted: strings.reviewNoKeywordLineQuotedSentence(),
    scoreWords: strings.reviewScoreWordsSentence,
    startWith: strings.reviewGroup('startWith'),
    openQuestions: strings.reviewGroup('openQuestions'),
    numbers: strings.reviewGroup('numbers'),
    combinations: strings.reviewGroup('combinations'),
    line: (line) => strings.reviewLine(line),
    score: (score) => strings.scorePercent(score),
    nothing: vscode.l10n.t('No pattern stood out in this document.'),
    truncated: review.truncation
      ? vscode.l10n.t('Only the first {0} of {1} characters were analysed.',
        displayNumber(review.truncation.analysedChars), displayNumber(review.truncation.totalChars))
      : undefined,
  }),
  suggestMessages,
};

type ReviewGroupName = 'why' | 'startWith' | 'openQuestions' | 'numbers' | 'combinations' | 'commentProblems';

function reviewGroupLabel(group: ReviewGroupName): string {
  switch (group) {
    case 'why': return vscode.l10n.t('Why');
    case 'startWith': return vscode.l10n.t('Start with');
    case 'openQuestions': return vscode.l10n.t('Open questions');
    case 'numbers': return vscode.l10n.t('Numbers found');
    case 'combinations': return vscode.l10n.t('Combinations');
    case 'commentProblems': return vscode.l10n.t('Problems in review comments');
  }
}

/** What kind of catalog item a node is, as the tree, the search and the cards say it. */
function kindLabel(kind: NodeKind | string): string {
  switch (kind) {
    case 'pattern': return vscode.l10n.t('pattern');
    case 'solution': return vscode.l10n.t('solution');
    case 'deep-dive': return vscode.l10n.t('deep dive');
    case 'example': return vscode.l10n.t('real-world example');
    case 'combination': return vscode.l10n.t('combination');
    case 'group': return vscode.l10n.t('overview');
    case 'guide': return vscode.l10n.t('guide');
    case 'step': return vscode.l10n.t('step');
    case 'questions': return vscode.l10n.t('interview question');
    case 'section': return vscode.l10n.t('section');
    case 'entry': return vscode.l10n.t('scenario');
    // A kind a newer catalog adds shows as written until it gets a label here.
    default: return kind;
  }
}

/** A number in the style of VS Code's display language (`10.000` in German), as the engine's figures are. */
function displayNumber(n: number): string {
  return formatNumber(n, { numberLocale: vscode.env.language });
}

/**
 * The suggest engine's words (src/core/suggest/messages.ts), as templates: `vscode.l10n.t` with
 * no arguments returns the (translated) text with its `{0}` placeholders, which the engine fills.
 * Translations must keep every placeholder; the engine leaves a missing argument's `{n}` visible.
 */
function suggestMessages(): SuggestMessages {
  return {
    truncated: vscode.l10n.t('The document has {0} characters; only the first {1} were analysed. Raise the size limit to analyse all of it.'),
    keywordReason: vscode.l10n.t('"{0}" {1}: points to {2}'),
    where: {
      title: vscode.l10n.t('in the title'),
      heading: vscode.l10n.t('in a heading'),
      summary: vscode.l10n.t('in the summary'),
      motivation: vscode.l10n.t('in the motivation'),
      goals: vscode.l10n.t('in the goals or requirements'),
      proposal: vscode.l10n.t('in the proposal'),
      body: vscode.l10n.t('in the text'),
      table: vscode.l10n.t('in a table'),
      quote: vscode.l10n.t('in a quote'),
      list: vscode.l10n.t('in a list'),
    },
    rateOverLimit: vscode.l10n.t("{0} ({1} at peak) is past one database's ~{3} {2}"),
    rateOverLimitAsStated: vscode.l10n.t("{0} ({1}) is past one database's ~{3} {2}"),
    readHeavy: vscode.l10n.t('{0} reads per write: read-heavy'),
    writeHeavy: vscode.l10n.t('{0} writes per read: write-heavy'),
    largeObject: vscode.l10n.t('objects of {0}, at or past the ~{1} where bytes belong in object storage, not rows'),
    longTask: vscode.l10n.t('work that takes {0}, longer than a {1} request timeout'),
    timedOutTask: vscode.l10n.t('work that times out after {0}: it does not fit in a request'),
    demandOverSupply: vscode.l10n.t('{0} competing for {1} ({2} per item)'),
    openQuestionApplies: vscode.l10n.t('the doc relies on {0} and says nothing of {1}'),
    openQuestionGeneral: vscode.l10n.t('the doc says nothing of {0}'),
    units: {
      perSecond: vscode.l10n.t('{0}/s'),
      bytes: vscode.l10n.t('{0} bytes'),
      kb: vscode.l10n.t('{0} KB'),
      mb: vscode.l10n.t('{0} MB'),
      gb: vscode.l10n.t('{0} GB'),
      tb: vscode.l10n.t('{0} TB'),
      pb: vscode.l10n.t('{0} PB'),
      days: vscode.l10n.t('{0} days'),
      hours: vscode.l10n.t('{0} h'),
      minutes: vscode.l10n.t('{0} min'),
      seconds: vscode.l10n.t('{0} s'),
      milliseconds: vscode.l10n.t('{0} ms'),
      // Counts in millions, billions, trillions: "2.5M" (German might write "2,5 Mio.").
      million: vscode.l10n.t('{0}M'),
      billion: vscode.l10n.t('{0}B'),
      trillion: vscode.l10n.t('{0}T'),
    },
    readsPerWrite: vscode.l10n.t('{0} reads per write'),
    bytesPerSecond: vscode.l10n.t('{0}/s'),
    averageAndPeak: vscode.l10n.t('{0} average, ~{1} at peak'),
    countOf: vscode.l10n.t('{0} {1}'),
    limitAbove: vscode.l10n.t('{0} > {1}'),
    limitAtOrAbove: vscode.l10n.t('{0} >= {1}'),
    measures: {
      'reads/s': vscode.l10n.t('reads/s'),
      'writes/s': vscode.l10n.t('writes/s'),
      'requests/s': vscode.l10n.t('requests/s'),
      'reads:writes': vscode.l10n.t('reads:writes'),
      'writes:reads': vscode.l10n.t('writes:reads'),
      'object bytes': vscode.l10n.t('object bytes'),
      'task seconds': vscode.l10n.t('task seconds'),
      'timed-out task seconds': vscode.l10n.t('timed-out task seconds'),
      'users:items': vscode.l10n.t('users:items'),
    },
    numberLocale: vscode.env.language,
  };
}
