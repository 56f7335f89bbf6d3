/**
 * The suggest engine: `createSuggestEngine(catalog)` indexes the catalog once; `suggest(text)` runs
 * the stages in order, each a pure function of the previous stages' typed results:
 *
 *   structure (structure.ts) -> words and catalog evidence (evidence.ts) -> figures (figures.ts)
 *   -> limit findings (limits.ts) -> features (features.ts) -> scores (scorer.ts)
 *   -> explanation (explain.ts), open questions (questions.ts), combinations (combinations.ts)
 *
 * docs/suggest.md explains each stage and how to change it.
 */
import type { Catalog } from '../catalog/model';
import { indexCatalog, type CatalogIndex } from './catalogIndex';
import { matchCombinations } from './combinations';
import { readWords, type DocumentWords } from './evidence';
import { explain, linesForScore } from './explain';
import { hideHtmlComments } from './htmlComments';
import { NO_DEEP_DIVES_ID, readIgnoreComments } from './ignoreComments';
import { catalogCommentIds, malformedComments, unknownCommentIds, type CommentIds } from './commentIds';
import { UNCHECKED_IDS_ID } from './commentText';
import { deepDivesOffBy, deepDivesOffRecord } from './deepDivesOff';
import { documentFeatures, type PatternFeatures } from './features';
import { readFigures } from './figures';
import { LEARNED_TERMS } from './learnedTerms';
import { scoreWords } from './scoreWords';
import { shippedTextModel } from './textModel';
import { formatNumber, round } from './format';
import { checkLimits, type LimitFinding } from './limits';
import { ENGLISH_SUGGEST_MESSAGES, fillMessage, type SuggestMessages } from './messages';
import { idleTodos } from './idleTodos';
import { openQuestions, openQuestionsWithAndWithoutDeepDives } from './questions';
import { EXPLAIN } from './lexicon';
import { scorePatterns, selectSuggestions, TRAINED_WEIGHTS, type PatternScore, type ScorerWeights } from './scorer';
import { lineOf } from './lines';
import { readStructure, SET_ASIDE_ROLES, type DocumentStructure } from './structure';
import { beginDocument } from './tokens';
import type { NumberFact, OpenQuestion, SuggestEngine, SuggestOptions, SuggestResult, Suggestion } from './types';
import { withLoneCarriageReturnsAsNewlines } from '../text/lineBreaks';

export const DEFAULTS = {
  maxChars: 10_000_000,
  maxSuggestions: 5,
  maxEvidence: 8,
} as const;

const MAX_NUMBER_FACTS = 500;
const MAX_SOLUTIONS = 3;

/** Everything the stages found in one document, before anything is decided: for the trainer, the eval and tests. */
export interface Analysis {
  readonly structure: DocumentStructure;
  readonly words: DocumentWords;
  readonly numbers: readonly NumberFact[];
  readonly findings: readonly LimitFinding[];
  readonly features: readonly PatternFeatures[];
}

/**
 * `suggest`'s result with the structure stage 1 read for it, so a caller can take the document's
 * headings from this analysis instead of parsing the text again (core/review/suggestWithOutline.ts).
 */
export interface SuggestReading {
  readonly result: SuggestResult;
  /** The text analysed: the input with lone `\r` as `\n`, cut to `maxChars` when longer. */
  readonly text: string;
  /** What stage 1 read: `text` with its HTML comments hidden, and the review's own comments blanked before that. */
  readonly structure: DocumentStructure;
  /**
   * Whether the review's own comments (`sdp-ignore`, and `sdp-todo` markers with the heading above
   * each) changed the text before stage 1, so `structure` is not the structure of `text` as written.
   */
  readonly reviewCommentsBlanked: boolean;
}

export interface ScoringEngine extends SuggestEngine {
  readonly index: CatalogIndex;
  analyse(text: string): Analysis;
  /** `suggest`, with the structure it read. */
  read(text: string, options?: SuggestOptions): SuggestReading;
  /** Scores of every pattern, best first, under the given weights (the trained ones by default). */
  scores(analysis: Analysis, weights?: ScorerWeights): PatternScore[];
}

/**
 * `messages` words the reasons and figures the engine returns; the editor passes its localised
 * table (see ./messages.ts), everything else the English one.
 */
export function createSuggestEngine(catalog: Catalog, messages: SuggestMessages = ENGLISH_SUGGEST_MESSAGES): ScoringEngine {
  const index = indexCatalog(catalog);
  const analyse = (raw: string): Analysis => {
    // suggest() has made the line breaks whole already; eval/train call analyse() directly. What a
    // reader never sees is not read: HTML comments (the review's own were blanked by suggest()).
    const text = hideHtmlComments(withLoneCarriageReturnsAsNewlines(raw));
    beginDocument();
    const structure = readStructure(text);
    const words = readWords(structure, index);
    const lineOfOffset = (offset: number): number => lineOf(structure.lineStarts, offset);
    const numbers: NumberFact[] = [];
    // Figures under non-goals, alternatives or an appendix are shown, but compared with no limit:
    // a load the document sets aside or gives as an example is not this design's load.
    const compared: NumberFact[] = [];
    for (const block of structure.blocks) {
      if (numbers.length >= MAX_NUMBER_FACTS) break;
      for (const fact of readFigures(block, lineOfOffset, structure.lineStarts, MAX_NUMBER_FACTS - numbers.length, messages)) {
        numbers.push(fact);
        if (!SET_ASIDE_ROLES.has(block.role)) compared.push(fact);
      }
    }
    const findings = checkLimits(compared, index.limits, messages);
    const figureCount = numbers.filter((n) => n.subject !== 'other').length;
    const features = documentFeatures(index, structure, words.hits, words.terms, words.leadTerms, words.wordCount, findings, figureCount, LEARNED_TERMS, shippedTextModel());
    return { structure, words, numbers, findings, features };
  };
  let commentIds: CommentIds | undefined;
  const scores = (analysis: Analysis, weights: ScorerWeights = TRAINED_WEIGHTS): PatternScore[] =>
    scorePatterns(analysis.features, weights).sort((a, b) => b.score - a.score || a.pattern.localeCompare(b.pattern));

  const engine: ScoringEngine = {
    index,
    analyse,
    scores,
    suggest: (raw, options) => engine.read(raw, options).result,
    read(raw: string, options: SuggestOptions = {}): SuggestReading {
      // A lone `\r` ends a line in an editor; the stages count lines at `\n` (same length: no offset moves).
      const input = withLoneCarriageReturnsAsNewlines(raw);
      const maxChars = options.maxChars ?? DEFAULTS.maxChars;
      // `<!-- sdp-ignore: id -->` comments and `<!-- sdp-todo: id -->` markers are blanked before
      // analysis and applied after scoring.
      const analysed = input.length > maxChars ? input.slice(0, maxChars) : input;
      // A cut text (here, or by the caller) may hold a comment whose end is past the cut.
      const ignored = readIgnoreComments(analysed, { textIsPrefix: options.textIsPrefix === true || analysed.length < input.length });
      const text = ignored.text;
      const todos = new Map(ignored.todos.map((t) => [t.id, t]));
      const analysis = analyse(text);
      const minScore = options.minScore ?? TRAINED_WEIGHTS.threshold;
      // The score shown is rounded to two decimals; the comparison uses the same number.
      const ranked = selectSuggestions(scores(analysis).map((s) => ({ ...s, score: round(s.score) })),
        minScore, TRAINED_WEIGHTS.alsoListedRatio, EXPLAIN.alsoListedUpTo, (s) => ignored.ids.has(s.pattern))
        .slice(0, options.maxSuggestions ?? DEFAULTS.maxSuggestions);
      const solutionLines = namedSolutions(analysis);
      const words = scoreWords(analysis.structure, analysis.words.terms, shippedTextModel(), ranked, TRAINED_WEIGHTS);
      const suggestions: Suggestion[] = ranked.map(({ pattern, score }) => {
        const features = analysis.features.find((f) => f.pattern === pattern)!;
        return {
          pattern,
          title: index.nodes.get(pattern)?.title ?? pattern,
          score,
          solutions: solutionsFor(index, pattern, features),
          // A runner-up below the trained threshold shows its figures past a limit, but no keyword line.
          // One listed only because the user raised minScore past the threshold keeps the lines its
          // score gives (linesForScore), so "no line quoted" always means none was sure enough.
          evidence: explain(pattern, score >= Math.min(minScore, TRAINED_WEIGHTS.threshold) ? linesForScore(score) : 0, index, analysis.structure, text, features.contributions,
            analysis.findings.filter((f) => f.pattern === pattern), options.maxEvidence ?? DEFAULTS.maxEvidence, messages),
          words: words.get(pattern) ?? [],
        };
      });
      // Off for a folder (the setting) or for this document (`<!-- sdp-ignore: deep-dives -->`).
      const offBy = deepDivesOffBy(options.deepDives, ignored.ids.has(NO_DEEP_DIVES_ID));
      const questionInput = { structure: analysis.structure, blocksByKeyStem: analysis.words.blocksByKeyStem };
      const pending = new Set(todos.keys());
      // A question marked `<!-- sdp-todo: id -->` points at the section written for it.
      const atMarkers = (qs: readonly OpenQuestion[]): OpenQuestion[] => qs.map((q) => {
        const todo = todos.get(q.id);
        return todo ? { ...q, line: (todo.headingLine ?? todo.line) + 1 } : q;
      });
      let questions: OpenQuestion[];
      let withDeepDives: OpenQuestion[] | undefined;
      if (offBy.length === 0) {
        questions = atMarkers(openQuestions(index, suggestions, questionInput, solutionLines, messages, pending, ignored.ids, true));
      } else {
        // Off: what the deep dives would have asked too (the design checks read once for both), so a
        // review can say that turning them off left the document with no question, or fewer.
        const both = openQuestionsWithAndWithoutDeepDives(index, suggestions, questionInput, solutionLines, messages, pending, ignored.ids);
        questions = atMarkers(both.off);
        withDeepDives = atMarkers(both.on);
      }
      // Words the comments name that are no id: they hide nothing, and the writer should hear of it.
      // `<!-- sdp-ignore: unknown-id -->` asks for no such check in its document.
      // Markers naming a question the review does not ask here keep nothing open: the writer hears why.
      const idle = ignored.todos.length === 0 ? [] : idleTodos(index, ignored.todos, questions, suggestions, solutionLines, ignored.ids);
      const unknownIds = ignored.named.length === 0 || ignored.ids.has(UNCHECKED_IDS_ID) ? [] : unknownCommentIds(ignored.named, commentIds ??= catalogCommentIds(index));
      const result: SuggestResult = {
        suggestions,
        numbers: analysis.numbers,
        openQuestions: questions,
        // Runners-up are a hint, not a need: combinations are matched on the sure suggestions only.
        combinations: matchCombinations(index, suggestions.filter((s) => s.score >= minScore)),
        ...(input.length > maxChars ? { truncated: { analysedChars: maxChars, totalChars: input.length, message: fillMessage(messages.truncated, formatNumber(input.length, messages), formatNumber(maxChars, messages)) } } : {}),
        ...(withDeepDives ? { deepDivesOff: deepDivesOffRecord(offBy, questions, withDeepDives) } : {}),
        ...(unknownIds.length > 0 ? { unknownIds } : {}),
        ...(ignored.malformed.length > 0 ? { malformedComments: malformedComments(ignored.malformed) } : {}),
        ...(idle.length > 0 ? { idleTodos: idle } : {}),
      };
      return { result, text: analysed, structure: analysis.structure, reviewCommentsBlanked: ignored.text !== analysed };
    },
  };
  return engine;
}

/** Solutions the document names, by the evidence for them, then the pattern's others in catalog order. */
function solutionsFor(index: CatalogIndex, pattern: string, features: PatternFeatures): string[] {
  const weight = new Map<string, number>();
  for (const [hit, c] of features.contributions) {
    for (const t of hit.phrase.targets) if (t.pattern === pattern && t.solution) weight.set(t.solution, (weight.get(t.solution) ?? 0) + c);
  }
  const named = [...weight.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  const rest = (index.solutionsOf.get(pattern) ?? []).map((s) => s.id).filter((id) => !weight.has(id));
  return [...named, ...rest].slice(0, MAX_SOLUTIONS);
}

/** Solution id -> 1-based line where the document first relies on it (not negated, not set aside). Exported for tests and the bench. */
export function namedSolutions(analysis: Analysis): Map<string, number> {
  const lines = new Map<string, number>();
  for (const hit of analysis.words.hits) {
    const block = analysis.structure.blocks[hit.block]!;
    if (hit.negated || SET_ASIDE_ROLES.has(block.role)) continue;
    for (const t of hit.phrase.targets) {
      if (t.solution && !lines.has(t.solution)) lines.set(t.solution, lineOf(analysis.structure.lineStarts, hit.start) + 1);
    }
  }
  return lines;
}
