/**
 * The suggest engine: `createSuggestEngine(catalog)` indexes the catalog once; `suggest(text)`
 * then makes one linear pass over the document (lines -> structure -> words -> phrase matches
 * and figures), scores the patterns and assembles the result. The editor calls it on every
 * edit, so a line's own analysis (lineScan.ts) is cached by its text: after an edit only the
 * changed lines are scanned again, and the pass over the rest applies where each line stands.
 */
import type { Catalog } from '../catalog/model';
import { matchCombinations } from './combinations';
import { checkLimits, DB_MAX_READS_PER_SECOND, DB_MAX_WRITES_PER_SECOND } from './limits';
import { messages } from './messages';
import { LineScanner, lineFacts, type LineAnalysis, type LineHit } from './lineScan';
import { openQuestions } from './questions';
import { scorePatterns, type PatternScore, type PhraseStats } from './scorer';
import { stemWord } from './stem';
import { isRequirementWord, REQUIREMENT_LINE_MAX_CHARS, ROLE_WEIGHT, StructureTracker, type LineRole } from './structure';
import type { Evidence, NumberFact, SuggestEngine, SuggestOptions, SuggestResult, Suggestion } from './types';
import { buildVocabulary, REGISTER_CORE, REGISTER_WORD, type Phrase, type Vocabulary } from './vocabulary';
import { FLAG_FIGURE, FLAG_MAGNITUDE, FLAG_NEGATION, FLAG_REGISTER, FLAG_REGISTER_CORE, FLAG_REQUIREMENT, WordTable } from './wordTable';
import { mayNegate } from './negation';
import { documentDirection, extractNumbers, isFigureWord, isMagnitudeWord, undecidedNoun } from './numbers';
import { statesTraffic, type DocumentStats } from './features';
import { decide, type DecisionInput } from './model';

export const DEFAULTS = {
  maxChars: 10_000_000,
  minScore: 0.35,
  maxSuggestions: 5,
  maxEvidence: 12,
} as const;

/** Patterns below this share of the best pattern's raw score are noise next to it. */
const RELATIVE_FLOOR = 0.2;
/** Varied evidence that lets the strongest pattern through below `minScore` (see `pickPatterns`). */
const MIN_SUPPORT = 2;
const MIN_SUPPORTED_RAW = 1;
/** Strength of a capacity finding that makes a case on its own (a figure at least ~1.5x past its limit). */
const MIN_FIGURE_STRENGTH = 0.5;
/** ... and only when it stands clearly ahead of the next pattern: a doc that is about one thing. */
const SUPPORTED_MARGIN = 1.5;
/**
 * Keyword support a pattern needs before its figures count, unless the document states traffic:
 * about one specific keyword of the pattern. A build time, a training run, a firmware image or a
 * bundle size is a figure past a limit, but without a word of the pattern or a stated load on a
 * system it is a figure about a local artifact or a person's workflow, not a design need.
 */
const MIN_KEYWORD_SUPPORT = 0.75;
const EVIDENCE_PER_PHRASE = 3;
/** Register words (vocabulary.ts `registerWords`) a catalog needs before the document's share of them means anything. */
const MIN_REGISTER_WORDS = 100;
const MAX_NUMBER_FACTS = 500;
const MAX_SOLUTIONS = 3;
/** Documents whose line analyses are kept for re-analysis after an edit (the editor may review a few). */
const SNAPSHOTS_KEPT = 3;

const ROLE_WHERE: Readonly<Record<LineRole, string>> = {
  title: messages.whereTitle,
  heading: messages.whereHeading,
  requirement: messages.whereRequirement,
  text: messages.whereText,
  quote: messages.whereQuote,
  reference: messages.whereReference,
  code: messages.whereCode,
};

/** The engine plus its uncalibrated pattern scores (for the eval's tuning aids and tests). */
export interface ScoringEngine extends SuggestEngine {
  scores(text: string): PatternScore[];
  /** What the learned decision reads (scores, line counts, figures, limit findings): for the trainer and tests. */
  analysis(text: string): DecisionInput;
}

/**
 * Vocabularies by catalog: building one reads the whole catalog (keywords and prose), and a
 * catalog is immutable, so engines created for the same catalog share it.
 */
const VOCABULARIES = new WeakMap<Catalog, Vocabulary>();

export function createSuggestEngine(catalog: Catalog): ScoringEngine {
  let vocabulary = VOCABULARIES.get(catalog);
  if (!vocabulary) {
    vocabulary = buildVocabulary(catalog);
    VOCABULARIES.set(catalog, vocabulary);
  }
  const register = vocabulary.register;
  // The table asks for a new word's id and then its flags: both need its stem.
  let stemmed = '';
  let stem = '';
  const stemOf = (lower: string): string => {
    if (lower !== stemmed) {
      stemmed = lower;
      stem = stemWord(lower);
    }
    return stem;
  };
  const registerFlags = (lower: string): number => {
    const r = register?.get(stemOf(lower)) ?? 0;
    return ((r & REGISTER_WORD) !== 0 ? FLAG_REGISTER : 0) | ((r & REGISTER_CORE) !== 0 ? FLAG_REGISTER_CORE : 0);
  };
  const table = new WordTable(
    (lower) => vocabulary.stemIds.get(stemOf(lower)) ?? -1,
    (lower) => (isRequirementWord(lower) ? FLAG_REQUIREMENT : 0) | (isFigureWord(lower) ? FLAG_FIGURE : 0) | registerFlags(lower) |
      (mayNegate(lower) ? FLAG_NEGATION : 0) | (isMagnitudeWord(lower) ? FLAG_MAGNITUDE : 0),
  );
  const scanner = new LineScanner(vocabulary, table);
  const cache = new SnapshotCache();
  return {
    suggest: (text, options) => analyse(vocabulary, scanner, cache, text, options ?? {}),
    scores: (text) => collect(vocabulary, scanner, cache, text).scores,
    analysis: (text) => collect(vocabulary, scanner, cache, text),
  };
}

/** One-shot convenience: builds the engine and analyses `text`. Prefer `createSuggestEngine` for repeated calls. */
export function suggestPatterns(text: string, catalog: Catalog, options: SuggestOptions = {}): SuggestResult {
  return createSuggestEngine(catalog).suggest(text, options);
}

/**
 * The documents analysed last, line by line. A new call finds the snapshot sharing the longest
 * common prefix and suffix with its text and reuses the analyses of the lines inside them, so a
 * re-analysis after an edit scans only the lines the edit touched. Comparing the texts costs far
 * less than scanning them, and a first analysis pays nothing for the cache.
 */
interface Snapshot {
  readonly text: string;
  /** Start offset of each line. */
  readonly starts: Int32Array;
  readonly lines: readonly LineAnalysis[];
}

class SnapshotCache {
  private snapshots: Snapshot[] = [];

  /** The best snapshot for `text` with the common prefix and suffix lengths, or undefined. */
  find(text: string): { snapshot: Snapshot; prefix: number; suffix: number } | undefined {
    let best: { snapshot: Snapshot; prefix: number; suffix: number } | undefined;
    for (const snapshot of this.snapshots) {
      const prefix = commonPrefix(snapshot.text, text);
      const suffix = commonSuffix(snapshot.text, text, Math.min(snapshot.text.length, text.length) - prefix);
      if (!best || prefix + suffix > best.prefix + best.suffix) best = { snapshot, prefix, suffix };
    }
    return best && best.prefix + best.suffix > 0 ? best : undefined;
  }

  remember(snapshot: Snapshot, replaces: Snapshot | undefined): void {
    const rest = this.snapshots.filter((s) => s !== replaces);
    this.snapshots = [snapshot, ...rest].slice(0, SNAPSHOTS_KEPT);
  }
}

/** Length of the common prefix, compared a block at a time (native string equality) and then per char. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let block = 4096; block >= 1; block >>= 4) {
    while (i + block <= n && a.slice(i, i + block) === b.slice(i, i + block)) i += block;
  }
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let k = 0;
  for (let block = 4096; block >= 1; block >>= 4) {
    while (k + block <= max && a.slice(a.length - k - block, a.length - k) === b.slice(b.length - k - block, b.length - k)) k += block;
  }
  return k;
}

function analyse(vocabulary: Vocabulary, scanner: LineScanner, cache: SnapshotCache, input: string, options: SuggestOptions): SuggestResult {
  const maxChars = Math.max(0, options.maxChars ?? DEFAULTS.maxChars);
  const minScore = options.minScore ?? DEFAULTS.minScore;
  const maxSuggestions = options.maxSuggestions ?? DEFAULTS.maxSuggestions;
  const maxEvidence = options.maxEvidence ?? DEFAULTS.maxEvidence;
  const text = input.length > maxChars ? input.slice(0, maxChars) : input;
  const analysis = collect(vocabulary, scanner, cache, text);
  const { scores, facts, answered } = analysis;
  const suggestions: Suggestion[] = [];
  // An explicit `minScore` asks for the calibrated-score rule; by default the learned decision picks.
  const picked = options.minScore !== undefined
    ? pickPatterns(scores, minScore, true, documentEvidence(facts))
    : decide(analysis).picked.map((p) => p.score);
  for (const s of picked) {
    if (suggestions.length >= maxSuggestions) break;
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

/**
 * A rate whose own clause leaves its noun's direction open takes the direction the rest of the
 * document gives that noun ("We count impressions ...", later "300K impressions per second").
 */
function attributeByDocument(text: string, facts: NumberFact[], undecided: ReadonlyMap<NumberFact, string>, weights: Map<NumberFact, number>): void {
  const said = new Map<string, 'reads' | 'writes' | undefined>();
  for (let i = 0; i < facts.length; i++) {
    const fact = facts[i]!;
    const noun = undecided.get(fact);
    if (noun === undefined) continue;
    // Requests below every limit are no evidence either way: not worth a search of the document.
    if (fact.subject === 'requests' && (fact.peakPerSecond ?? fact.value) <= Math.min(DB_MAX_READS_PER_SECOND, DB_MAX_WRITES_PER_SECOND)) continue;
    if (!said.has(noun)) said.set(noun, documentDirection(text, noun));
    const subject = said.get(noun);
    if (subject === undefined || subject === fact.subject) continue;
    const moved = { ...fact, subject };
    facts[i] = moved;
    const w = weights.get(fact);
    if (w !== undefined) weights.set(moved, w);
  }
}

/** One pass over the document: its figures, the deep dives it answers, and every pattern's score. */
function collect(vocabulary: Vocabulary, scanner: LineScanner, cache: SnapshotCache, text: string):
DecisionInput & { scores: PatternScore[]; facts: NumberFact[]; answered: Set<string> } {
  const structure = new StructureTracker();
  const stats = new Map<Phrase, PhraseStats>();
  const answered = new Set<string>();
  const facts: NumberFact[] = [];
  /** Section weight of each fact (the same as for keywords: less in "Scale the design", references). */
  const factWeights = new Map<NumberFact, number>();
  /** Rates whose clause did not say whether their noun is read or written ("300K impressions per second"), with the noun. */
  let undecided: Map<NumberFact, string> | undefined;
  let wordCount = 0;
  let textLines = 0;
  let hitLines = 0;
  let headingLines = 0;
  let requirementLines = 0;
  let registerWords = 0;
  let coreWords = 0;
  const patternLines = new Map<string, number>();
  const linePatterns = new Set<string>();
  let wrap: Wrap | undefined;
  let lineNo = 0;
  let pos = 0;
  const n = text.length;

  const previous = cache.find(text);
  const old = previous?.snapshot;
  const prefix = previous?.prefix ?? 0;
  // New-text offset from which the text equals the old text's tail, and the shift between them.
  const suffixFrom = n - (previous?.suffix ?? 0);
  const shift = old ? old.text.length - n : 0;
  let oldLine = 0;
  const starts: number[] = [];
  const lines: LineAnalysis[] = [];

  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const next = end + 1;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    lineNo++;
    const info = structure.classify(text, pos, end);
    let line: LineAnalysis | undefined;
    if (old) {
      // Unchanged when the line and its line break lie inside the common prefix, or when it lies
      // inside the common suffix and starts a line in the old text too.
      if (next <= prefix && lineNo - 1 < old.lines.length) {
        line = old.lines[lineNo - 1];
      } else if (pos >= suffixFrom) {
        const want = pos + shift;
        while (oldLine < old.starts.length && old.starts[oldLine]! < want) oldLine++;
        if (oldLine < old.starts.length && old.starts[oldLine] === want) line = old.lines[oldLine];
      }
    }
    line ??= scanner.analyse(text, pos, end);
    starts.push(pos);
    lines.push(line);
    wordCount += line.words;
    registerWords += line.registerWords;
    coreWords += line.coreWords;
    if (line.words > 0) textLines++;
    if (info.role === 'title' || info.role === 'heading') headingLines++;
    if (!info.excluded) {
      if (line.words > 0 && lineRole(info.role, end - pos, line.requirementWord) === 'requirement') requirementLines++;
      if (line.hits.length > 0) {
        const role = lineRole(info.role, end - pos, line.requirementWord);
        linePatterns.clear();
        for (const hit of line.hits) {
          for (const dd of hit.phrase.answers) answered.add(dd);
          if (hit.phrase.targets.length > 0) record(stats, hit, role, info.weight, lineNo, text, pos);
          for (const t of hit.phrase.targets) if (t.weight >= 0.75) linePatterns.add(t.pattern);
        }
        if (linePatterns.size > 0) hitLines++;
        for (const p of linePatterns) patternLines.set(p, (patternLines.get(p) ?? 0) + 1);
      }
      if (line.mayHaveFacts && facts.length < MAX_NUMBER_FACTS) {
        for (const f of lineFacts(line, text, pos, end)) {
          if (facts.length >= MAX_NUMBER_FACTS) break;
          const fact = { ...f, line: lineNo };
          const noun = undecidedNoun(f);
          if (noun !== undefined) (undecided ??= new Map()).set(fact, noun);
          facts.push(fact);
          if (info.weight < 1) factWeights.set(fact, info.weight);
        }
      }
      if (wrap && info.role === 'text' && info.contentStart === pos && facts.length < MAX_NUMBER_FACTS) {
        for (const fact of wrappedFacts(text, wrap, pos, end)) {
          // The line's own reading of the same figure ("180,000 lookups" as a count) gives way to the wider one.
          const same = facts.findIndex((k) => k.line === fact.line && k.column === fact.column);
          if (same >= 0 && facts[same]!.text.length >= fact.text.length) continue;
          if (same >= 0) facts.splice(same, 1);
          const noun = undecidedNoun(fact);
          if (noun !== undefined) (undecided ??= new Map()).set(fact, noun);
          facts.push(fact);
          if (wrap.weight < 1) factWeights.set(fact, wrap.weight);
        }
      }
    }
    // A paragraph hard-wrapped in the middle of a figure ("180,000 lookups / per second"): the
    // tail of this line is read together with the head of the next one.
    wrap = line.tailDigit && facts.length < MAX_NUMBER_FACTS && !info.excluded && info.role === 'text'
      ? { from: Math.max(info.contentStart, end - WRAP_TAIL), to: end, lineStart: pos, line: lineNo, weight: info.weight }
      : undefined;
    pos = next;
  }

  cache.remember({ text, starts: Int32Array.from(starts), lines }, old);

  if (undecided) attributeByDocument(text, facts, undecided, factWeights);
  const findings = checkLimits(facts).map((f) => {
    const w = factWeights.get(f.fact);
    return w === undefined ? f : { ...f, strength: f.strength * w };
  });
  const scores = scorePatterns(vocabulary, stats.values(), findings, wordCount, textLines);
  // A catalog too small to have a prose register (a test fixture) leaves the register features unknown.
  const register = (vocabulary.register?.size ?? 0) >= MIN_REGISTER_WORDS ? { registerWords, coreWords } : {};
  const documentStats: DocumentStats = { wordCount, textLines, hitLines, headingLines, requirementLines, patternLines, ...register };
  return { scores, facts, answered, stats: documentStats, findings };
}

/**
 * Which patterns to suggest. A pattern qualifies on its calibrated score when the evidence is
 * more than one word repeated. Without an explicit `minScore`, the strongest pattern also
 * qualifies on varied evidence (several distinct specific keywords or figures) even when the
 * document is too short for its score to reach the threshold; generic, thin evidence stays quiet.
 */
export function pickPatterns(
  scores: readonly PatternScore[], minScore: number, explicitMinScore: boolean, document: DocumentEvidence = { traffic: true },
): PatternScore[] {
  const top = scores[0]?.raw ?? 0;
  const out: PatternScore[] = [];
  const gated = minScore > 0 || !explicitMinScore;
  for (const s of scores) {
    if (s.raw <= 0 || s.raw < RELATIVE_FLOOR * top) continue;
    if (gated && !document.traffic && (s.keywordSupport ?? s.support) < MIN_KEYWORD_SUPPORT) continue;
    // One word repeated is not enough ("versions" all over a README), unless the title says it.
    // Nor is a passing mention: evidence on one line of a longer doc ("the photo upload button")
    // needs varied specific keywords or a figure clearly past a limit to count.
    const spread = (s.spread ?? 2) >= 2 || s.support >= MIN_SUPPORT || s.numberStrength >= MIN_FIGURE_STRENGTH;
    const substantial = (s.distinctPhrases >= 2 || s.titleKeyword || s.numberStrength > 0) && spread;
    const onScore = s.score >= minScore && substantial;
    const onSupport = !explicitMinScore && s === scores[0] && s.support >= MIN_SUPPORT && s.raw >= MIN_SUPPORTED_RAW &&
      s.raw >= SUPPORTED_MARGIN * (scores[1]?.raw ?? 0);
    if (onScore || onSupport) out.push(s);
  }
  return out;
}

/** What the document as a whole says about being a system under load (see `pickPatterns`). */
export interface DocumentEvidence {
  /** It states traffic: a rate, a read:write ratio, or a count of users in the tens of thousands. */
  readonly traffic: boolean;
}

export function documentEvidence(facts: readonly NumberFact[]): DocumentEvidence {
  return { traffic: statesTraffic(facts) };
}

/** The tail of a prose line that ends near a number, to be read with the next line's head. */
interface Wrap {
  readonly from: number;
  readonly to: number;
  readonly lineStart: number;
  readonly line: number;
  readonly weight: number;
}

/** How much of each side of the line break is read together. */
const WRAP_TAIL = 64;
const WRAP_HEAD = 64;

/** Figures that start on the wrapped line and end on the next one, stamped with the wrapped line's position. */
function wrappedFacts(text: string, wrap: Wrap, pos: number, end: number): NumberFact[] {
  const c = text.charCodeAt(pos);
  // The next line must continue the sentence: it starts with a letter or a digit.
  if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return [];
  const tail = text.slice(wrap.from, wrap.to);
  const joined = `${tail} ${text.slice(pos, Math.min(end, pos + WRAP_HEAD))}`;
  const found: NumberFact[] = [];
  extractNumbers(joined, 0, joined.length, wrap.line, found);
  const out: NumberFact[] = [];
  const offset = wrap.from - wrap.lineStart;
  for (const f of found) {
    const start = f.column - 1;
    if (start >= tail.length || start + f.text.length <= tail.length) continue;
    out.push({ ...f, line: wrap.line, column: offset + start + 1 });
  }
  return out;
}

function lineRole(role: LineRole, lineLength: number, requirementWord: boolean): LineRole {
  // Prose sentences with "should" are discussion; a short line with a modal is a requirement.
  if (role !== 'text' || lineLength > REQUIREMENT_LINE_MAX_CHARS) return role;
  return requirementWord ? 'requirement' : role;
}

function record(stats: Map<Phrase, PhraseStats>, hit: LineHit, role: LineRole, sectionWeight: number, line: number, doc: string, lineStart: number): void {
  const phrase = hit.phrase;
  let s = stats.get(phrase);
  if (!s) {
    s = { phrase, count: 0, top: [], prominent: false, inTitle: false, evidence: [] };
    stats.set(phrase, s);
  }
  const weight = ROLE_WEIGHT[role] * sectionWeight * hit.factor;
  const column = hit.column;
  s.count++;
  if (sectionWeight >= 1 && (role === 'title' || role === 'heading' || role === 'requirement')) s.prominent = true;
  if (role === 'title') s.inTitle = true;
  insertTop(s.top, weight, 3);
  if (s.evidence.length < EVIDENCE_PER_PHRASE || weight > s.evidence[s.evidence.length - 1]!.weight) {
    const targets = describeTargets(phrase);
    const text = doc.slice(lineStart + column - 1, lineStart + column - 1 + hit.length);
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
