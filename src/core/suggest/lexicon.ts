/**
 * The engine's data, kept as JSON under `content/suggest/` so that words and figures can be
 * changed without reading TypeScript. This file only gives the JSON its types; the examples each
 * file carries run as unit tests (test/unit/suggest/lexicon.test.ts).
 */
import checksJson from '../../../content/suggest/checks.json';
import explainJson from '../../../content/suggest/explain.json';
import figuresJson from '../../../content/suggest/figures.json';
import sectionsJson from '../../../content/suggest/sections.json';
import wordsJson from '../../../content/suggest/words.json';

export type SectionRole = 'summary' | 'motivation' | 'goals' | 'nonGoals' | 'proposal' | 'alternatives' | 'appendix' | 'body';

export interface SectionLexicon {
  readonly titleWeight: number;
  readonly headingWeight: number;
  readonly codeWeight: number;
  readonly quoteWeight: number;
  readonly tableWeight: number;
  readonly defaultWeight: number;
  readonly roles: readonly { readonly role: SectionRole; readonly weight: number; readonly headings: readonly string[] }[];
  readonly examples: readonly { readonly heading: string; readonly role: SectionRole }[];
}

export type FigureSubject = 'reads' | 'writes' | 'requests' | 'users' | 'items' | 'objects' | 'storage' | 'task';

export interface FigureLexicon {
  readonly peakFactor: number;
  readonly magnitudes: Readonly<Record<string, number>>;
  readonly wordQuantities: Readonly<Record<string, number>>;
  readonly rateUnits: Readonly<Record<string, number>>;
  readonly rateAdverbs: Readonly<Record<string, string>>;
  /** People after a rate adverb, with an optional adjective of `peopleAdjectives` ("5 million daily active users"): no rate, and no count of people there at once, so no figure. */
  readonly peopleNouns: readonly string[];
  readonly peopleAdjectives: readonly string[];
  readonly averageRatePeriods: readonly string[];
  readonly rateAbbreviations: Readonly<Record<string, FigureSubject>>;
  /** Words after a duration's unit that make it an amount over a period ("500 hours of video per minute"), never a run time. */
  readonly amountJoiners: readonly string[];
  /** Prepositions of something else, where an amount's words stop when a number or "the" follows ("3 hours of processing for 500 orders a day" is a run time). */
  readonly amountStopWords: readonly string[];
  /** Short nouns in a rate's unit ("req/s"), ranked as abbreviations are, after the words before the number. */
  readonly rateNounAbbreviations: Readonly<Record<string, FigureSubject>>;
  readonly sizeUnits: Readonly<Record<string, number>>;
  readonly durationUnits: Readonly<Record<string, number>>;
  readonly subjects: Readonly<Record<FigureSubject, readonly string[]>>;
  readonly taskVerbs: readonly string[];
  /** Phrases that, just before a run verb and its figure, say the work did not happen for that long ("did not run for 4 days"). */
  readonly notRunPhrases: readonly string[];
  /** The run verbs those phrases negate ("run for"): "did not finish in 4 hours" stays a run time. */
  readonly notRunVerbs: readonly string[];
  readonly timeoutWords: readonly string[];
  readonly concurrentWords: readonly string[];
  readonly peakWords: readonly string[];
  /** Words that may stand between a peak word and the number it names ("peak of 2B a day"). */
  readonly peakLinkWords: readonly string[];
  readonly ratePrepositions: readonly string[];
  readonly shareNouns: readonly string[];
  /** What makes a number a share ("1% of users"), never a count or a rate (a read share is read before). */
  readonly percentWords: readonly string[];
  readonly ratioWords: { readonly reads: string; readonly writes: string };
  readonly bandwidthAfterSize: readonly string[];
  readonly examples: readonly {
    readonly text: string; readonly kind: string; readonly subject: string; readonly value: number;
    readonly timedOut?: boolean; readonly concurrent?: boolean;
  }[];
}

export interface WordLexicon {
  readonly stopwords: readonly string[];
  readonly keepWhole: readonly string[];
  readonly negators: readonly string[];
  readonly clauseBreaks: readonly string[];
  readonly examples: readonly { readonly word: string; readonly stem: string }[];
}

export const SECTIONS = sectionsJson as SectionLexicon;
export const FIGURES = figuresJson as FigureLexicon;
export const WORDS = wordsJson as WordLexicon;

export interface ExplainSettings {
  readonly evidenceLinesByScore: readonly { readonly minScore: number; readonly lines: number }[];
  readonly hiddenBlockKinds: readonly string[];
  readonly hiddenRoles: readonly string[];
  readonly minSpecificity: number;
  readonly shownShareOfBestLine: number;
  readonly perLine: number;
  /** Runners-up below the threshold are listed only to make the list this long. */
  readonly alsoListedUpTo: number;
  readonly questions: {
    readonly minScore: number; readonly maxPatterns: number; readonly maxPerPattern: number; readonly answersListed: number;
    /** A design check's mechanism must stand in a heading or in this many visible blocks: one passing mention is not reliance. */
    readonly checkMinBlocks: number;
    /** Places beyond `maxPerPattern` that only a design check the full places cut may take. */
    readonly extraCheckPlaces?: number;
    /** Deep dives and design checks never asked, unless an sdp-todo marker keeps one open. */
    readonly notAsked?: readonly string[];
  };
  /** Combinations (combinations.ts): at most `shown`, each with a mean score of its patterns of at least `minMeanScore`. */
  readonly combinations: { readonly shown: number; readonly minMeanScore: number };
  /** The words named beside each suggestion (scoreWords.ts): at most `shown`, each with a share of the log-odds of at least `minEffect`. */
  readonly scoreWords: { readonly shown: number; readonly minEffect: number };
}

export const EXPLAIN = explainJson as ExplainSettings;

/**
 * A design check (content/suggest/checks.json): a question about the way a mechanism the document
 * relies on fails, asked when the mechanism is named and the answer is not.
 */
export interface DesignCheck {
  /** `<pattern>/check-<slug>`: what an `sdp-ignore` comment or an `sdp-todo` marker names. */
  readonly id: string;
  /** Asked under the first of these the document is surely suggested. */
  readonly patterns: readonly string[];
  /** A short title: the heading "Add a section answering" writes. */
  readonly title: string;
  readonly question: string;
  /** The mechanism, named: the check is asked at the first visible line holding one. */
  readonly askedWhen: readonly string[];
  /** False friends of the mechanism: an `askedWhen` phrase inside one of these does not count ("cache line"). */
  readonly notWhen?: readonly string[];
  /** Any of these anywhere in the document answers it. */
  readonly answeredBy: readonly string[];
  /** The catalog entry whose card answers it: "Open card" opens it. */
  readonly card: string;
  /** A deep dive of its first pattern that asks the same question: only one of the two is asked (questions.ts). */
  readonly replaces?: string;
}

export const CHECKS = (checksJson as { readonly checks: readonly DesignCheck[] }).checks;
