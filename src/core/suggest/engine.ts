/**
 * The suggest engine: `createSuggestEngine(catalog)` indexes the catalog once; `suggest(text)`
 * then makes one linear pass over the document (lines -> structure -> words -> phrase matches
 * and figures), scores the patterns and assembles the result. The editor calls it on every
 * edit, so the pass allocates little and memoises word stems across calls.
 */
import type { Catalog } from '../catalog/model';
import { matchCombinations } from './combinations';
import { checkLimits } from './limits';
import { messages } from './messages';
import { isNegated } from './negation';
import { extractNumbers } from './numbers';
import { openQuestions } from './questions';
import { scorePatterns, type PhraseStats } from './scorer';
import { stemWord } from './stem';
import { isRequirementWord, REQUIREMENT_LINE_MAX_CHARS, ROLE_WEIGHT, StructureTracker, type LineRole } from './structure';
import { createLineTokens, tokenizeLine } from './tokenize';
import type { Evidence, NumberFact, SuggestEngine, SuggestOptions, SuggestResult, Suggestion } from './types';
import { buildVocabulary, type Phrase, type Vocabulary } from './vocabulary';

export const DEFAULTS = {
  maxChars: 10_000_000,
  minScore: 0.35,
  maxSuggestions: 5,
  maxEvidence: 12,
} as const;

/** Patterns below this share of the best pattern's raw score are noise next to it. */
const RELATIVE_FLOOR = 0.2;
const EVIDENCE_PER_PHRASE = 3;
const MAX_NUMBER_FACTS = 500;
const MAX_SOLUTIONS = 3;
const MEMO_LIMIT = 200_000;

const ROLE_WHERE: Readonly<Record<LineRole, string>> = {
  title: messages.whereTitle,
  heading: messages.whereHeading,
  requirement: messages.whereRequirement,
  text: messages.whereText,
  quote: messages.whereQuote,
  reference: messages.whereReference,
  code: messages.whereCode,
};

export function createSuggestEngine(catalog: Catalog): SuggestEngine {
  const vocabulary = buildVocabulary(catalog);
  // Word as written -> stem id (-1 when the stem is in no phrase). Shared across calls.
  const memo = new Map<string, number>();
  const stemIdOf = (word: string): number => {
    let id = memo.get(word);
    if (id === undefined) {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      id = vocabulary.stemIds.get(stemWord(word.toLowerCase())) ?? -1;
      memo.set(word, id);
    }
    return id;
  };
  return { suggest: (text, options) => analyse(vocabulary, stemIdOf, text, options ?? {}) };
}

/** One-shot convenience: builds the engine and analyses `text`. Prefer `createSuggestEngine` for repeated calls. */
export function suggestPatterns(text: string, catalog: Catalog, options: SuggestOptions = {}): SuggestResult {
  return createSuggestEngine(catalog).suggest(text, options);
}

function analyse(vocabulary: Vocabulary, stemIdOf: (w: string) => number, input: string, options: SuggestOptions): SuggestResult {
  const maxChars = Math.max(0, options.maxChars ?? DEFAULTS.maxChars);
  const minScore = options.minScore ?? DEFAULTS.minScore;
  const maxSuggestions = options.maxSuggestions ?? DEFAULTS.maxSuggestions;
  const maxEvidence = options.maxEvidence ?? DEFAULTS.maxEvidence;
  const text = input.length > maxChars ? input.slice(0, maxChars) : input;

  const structure = new StructureTracker();
  const tokens = createLineTokens();
  const ids: number[] = [];
  const lower: string[] = [];
  const stats = new Map<Phrase, PhraseStats>();
  const answered = new Set<string>();
  const facts: NumberFact[] = [];
  let wordCount = 0;
  let lineNo = 0;
  let pos = 0;
  const n = text.length;

  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const next = end + 1;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    lineNo++;
    const info = structure.classify(text, pos, end);
    tokenizeLine(text, info.contentStart, end, tokens);
    const count = tokens.count;
    wordCount += count;
    let hasDigit = false;
    let anyId = false;
    for (let t = 0; t < count; t++) {
      const w = tokens.words[t]!;
      const c = w.charCodeAt(0);
      if (c >= 48 && c <= 57) hasDigit = true;
      const id = stemIdOf(w);
      ids[t] = id;
      if (id >= 0) anyId = true;
    }
    let lowered = false;
    const lowerWords = (): string[] => {
      if (!lowered) {
        for (let t = 0; t < count; t++) lower[t] = tokens.words[t]!.toLowerCase();
        lowered = true;
      }
      return lower;
    };

    if (anyId && !info.excluded) {
      let role: LineRole | undefined;
      for (let t = 0; t < count; t++) {
        const candidates = vocabulary.byFirst.get(ids[t]!);
        if (!candidates) continue;
        const phrase = longestMatch(candidates, ids, t, count);
        if (!phrase) continue;
        const last = t + phrase.ids.length;
        const negated = isNegated(lowerWords(), tokens.breakBefore, count, t, last);
        if (!negated) {
          role ??= lineRole(info.role, end - pos, lowerWords(), count);
          for (const dd of phrase.answers) answered.add(dd);
          if (phrase.targets.length > 0) {
            record(stats, phrase, role, info.peripheral, lineNo, tokens.starts[t]! - pos + 1, text.slice(tokens.starts[t]!, tokens.ends[last - 1]!));
          }
        }
        t = last - 1;
      }
    }
    if (hasDigit && !info.excluded && facts.length < MAX_NUMBER_FACTS) {
      const words = lowerWords();
      extractNumbers(text, pos, end, lineNo, new Set(words.slice(0, count)), facts);
      if (facts.length > MAX_NUMBER_FACTS) facts.length = MAX_NUMBER_FACTS;
    }
    pos = next;
  }

  const findings = checkLimits(facts);
  const scores = scorePatterns(vocabulary, stats.values(), findings, wordCount);
  const top = scores[0]?.raw ?? 0;
  const suggestions: Suggestion[] = [];
  for (const s of scores) {
    if (suggestions.length >= maxSuggestions) break;
    // One word repeated is not enough ("versions" all over a README), unless the title says it.
    const substantial = s.distinctPhrases >= 2 || s.titleKeyword || s.numberStrength > 0;
    if (s.score < minScore || !substantial || s.raw < RELATIVE_FLOOR * top) continue;
    const node = vocabulary.patterns.find((p) => p.id === s.pattern)!;
    suggestions.push({
      pattern: s.pattern,
      title: node.title,
      score: s.score,
      solutions: pickSolutions(vocabulary, s.pattern, s.solutionScores),
      evidence: pickEvidence(s.evidence, maxEvidence),
    });
  }
  const mentioned = new Set<string>();
  for (const s of scores) for (const [id, v] of s.solutionScores) if (v > 0) mentioned.add(id);

  const result: SuggestResult = {
    suggestions,
    numbers: facts,
    openQuestions: openQuestions(vocabulary, suggestions, answered, mentioned),
    combinations: matchCombinations(vocabulary, suggestions),
  };
  if (input.length > maxChars) {
    return { ...result, truncated: { analysedChars: maxChars, totalChars: input.length, message: messages.truncated(maxChars, input.length) } };
  }
  return result;
}

function longestMatch(candidates: readonly Phrase[], ids: readonly number[], t: number, count: number): Phrase | undefined {
  for (const phrase of candidates) {
    const len = phrase.ids.length;
    if (t + len > count) continue;
    let ok = true;
    for (let k = 1; k < len && ok; k++) ok = ids[t + k] === phrase.ids[k];
    if (ok) return phrase;
  }
  return undefined;
}

function lineRole(role: LineRole, lineLength: number, words: readonly string[], count: number): LineRole {
  if (role !== 'text' || lineLength > REQUIREMENT_LINE_MAX_CHARS) return role;
  // Prose sentences with "should" are discussion; a short line with a modal is a requirement.
  for (let t = 0; t < count; t++) if (isRequirementWord(words[t]!)) return 'requirement';
  return role;
}

/** What peripheral sections (references, further reading) weigh relative to the body. */
const PERIPHERAL_FACTOR = 0.35;

function record(stats: Map<Phrase, PhraseStats>, phrase: Phrase, role: LineRole, peripheral: boolean, line: number, column: number, text: string): void {
  let s = stats.get(phrase);
  if (!s) {
    s = { phrase, count: 0, top: [], prominent: false, inTitle: false, evidence: [] };
    stats.set(phrase, s);
  }
  const weight = ROLE_WEIGHT[role] * (peripheral ? PERIPHERAL_FACTOR : 1);
  s.count++;
  if (!peripheral && (role === 'title' || role === 'heading' || role === 'requirement')) s.prominent = true;
  if (role === 'title') s.inTitle = true;
  insertTop(s.top, weight, 3);
  if (s.evidence.length < EVIDENCE_PER_PHRASE || weight > s.evidence[s.evidence.length - 1]!.weight) {
    const targets = describeTargets(phrase);
    const e: Evidence = { line, column, text, kind: 'keyword', weight, reason: messages.keywordReason(phrase.label, targets, ROLE_WHERE[role]) };
    s.evidence.push(e);
    s.evidence.sort((a, b) => b.weight - a.weight || a.line - b.line);
    if (s.evidence.length > EVIDENCE_PER_PHRASE) s.evidence.length = EVIDENCE_PER_PHRASE;
  }
}

function describeTargets(phrase: Phrase): string {
  const names = phrase.targets.map((t) => t.solution ?? t.pattern);
  return [...new Set(names)].slice(0, 3).join(', ');
}

function insertTop(top: number[], value: number, size: number): void {
  if (top.length < size) top.push(value);
  else if (value > top[size - 1]!) top[size - 1] = value;
  else return;
  top.sort((a, b) => b - a);
}

function pickSolutions(vocabulary: Vocabulary, pattern: string, scores: ReadonlyMap<string, number>): string[] {
  const ranked = [...scores].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).map(([id]) => id);
  const out = ranked.slice(0, MAX_SOLUTIONS);
  if (out.length === 0) {
    // Nothing named yet: the catalog's own order puts the usual first choices first.
    for (const sol of vocabulary.solutionsOf.get(pattern) ?? []) {
      if (out.length >= 2) break;
      out.push(sol.id);
    }
  }
  return out;
}

function pickEvidence(evidence: readonly Evidence[], max: number): Evidence[] {
  return [...evidence].sort((a, b) => b.weight - a.weight || a.line - b.line || a.column - b.column).slice(0, max);
}
