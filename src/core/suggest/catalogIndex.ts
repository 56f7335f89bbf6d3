/**
 * What the engine knows of the catalog, built once per catalog: the phrases that are evidence
 * (every keyword and title of the patterns and their solutions, and the context words that name a
 * pattern's usual settings), the false friends that are not
 * (`notKeywords`), each deep dive's phrases as stems (`answeredBy`, `askedWhen`: read by
 * questions.ts, never matched as evidence), the design checks of its patterns
 * (content/suggest/checks.json, read the same way), the guide's limits from
 * the patterns' front matter, and a TF-IDF vector of each pattern's whole text. Nothing here names
 * a pattern: all of it comes from content/.
 */
import type { Catalog, CatalogNode } from '../catalog/model';
import { CHECKS, type DesignCheck } from './lexicon';
import { parseLimits, type Limit } from './limits';
import { addTermsFromTokens } from './terms';
import { stemsOf, tokenizeInto, TokenList } from './tokens';

export interface PhraseTarget {
  readonly pattern: string;
  /** Full solution id when the phrase names or belongs to a solution. */
  readonly solution?: string;
  /** 1 for a pattern keyword, less for a solution's. */
  readonly weight: number;
  /** A `contextKeywords` word: the setting, not the need (counted apart, never shown as evidence). */
  readonly context?: boolean;
}

export interface Phrase {
  readonly stems: readonly string[];
  /** As the content writer gave it. */
  readonly label: string;
  readonly targets: PhraseTarget[];
  /** A false friend: matched first, counts for nothing, and hides the keywords inside it. */
  falseFriend: boolean;
  /**
   * 0..1, how much one mention says: less when several patterns list it, and less when the
   * prose of many patterns uses it (a word every pattern talks about points at none).
   */
  specificity: number;
}

/**
 * The stem a question phrase is looked up by: its longest. A block can only hold the phrase if it
 * holds every stem of it, so any stem would do; the longest is the rarest in practice ("in memory
 * index" is looked up by "memory", not by "in", which half the blocks of a document hold).
 */
export function phraseKey(stems: readonly string[]): string {
  return stems.reduce((best, s) => (s.length > best.length ? s : best), stems[0]!);
}

/** A deep dive's phrase as stems, with the stem its blocks are looked up by, both read once per catalog. */
export interface QuestionPhrase {
  /** Empty for a phrase with no word: it stands nowhere. */
  readonly stems: readonly string[];
  /** `phraseKey(stems)`; undefined when there is no stem. */
  readonly key: string | undefined;
}

/** A deep dive's phrases, for the open-question checks (questions.ts). */
export interface DeepDivePhrases {
  readonly title: readonly string[];
  /** One entry per `answeredBy` phrase, in order. */
  readonly answeredBy: readonly QuestionPhrase[];
  /** One entry per `askedWhen` phrase, in order. */
  readonly askedWhen: readonly QuestionPhrase[];
}

/** A design check whose patterns this catalog has, with its phrases as stems (questions.ts). */
export interface IndexedCheck {
  readonly check: DesignCheck;
  /** The check's patterns that this catalog has, in the check's order. */
  readonly patterns: readonly string[];
  /** The card, when this catalog has it; else the first of `patterns`. */
  readonly card: string;
  /** The deep dive it stands for, when this catalog has it. */
  readonly replaces?: string;
  /** The title's stems: a block that only restates it (the heading a quick fix inserts) answers nothing. */
  readonly title: readonly string[];
  /** One entry per `askedWhen` phrase, in order. */
  readonly askedWhen: readonly QuestionPhrase[];
  /** Its `notWhen` phrases and its patterns' `notKeywords`, as stems: where they stand, the mechanism is not named. */
  readonly notWhen: readonly (readonly string[])[];
  readonly answeredBy: readonly QuestionPhrase[];
}

function questionPhrase(text: string): QuestionPhrase {
  const stems = stemsOf(text);
  return { stems, key: stems.length > 0 ? phraseKey(stems) : undefined };
}

export interface CatalogIndex {
  readonly patterns: readonly CatalogNode[];
  readonly patternIds: readonly string[];
  readonly nodes: ReadonlyMap<string, CatalogNode>;
  readonly deepDives: readonly CatalogNode[];
  /** Deep dive id -> its phrases as stems. */
  readonly deepDivePhrases: ReadonlyMap<string, DeepDivePhrases>;
  /** The design checks (content/suggest/checks.json) of this catalog's patterns, in the file's order. */
  readonly checks: readonly IndexedCheck[];
  /** Every deep dive's and check's title, as stems joined by spaces: the headings "Add a section answering" writes. */
  readonly questionTitles: ReadonlySet<string>;
  readonly combinations: readonly CatalogNode[];
  readonly solutionsOf: ReadonlyMap<string, readonly CatalogNode[]>;
  readonly limits: readonly Limit[];
  /** Term -> inverse document frequency over the pattern texts. */
  readonly idf: ReadonlyMap<string, number>;
  /** Pattern id -> unit-length TF-IDF vector of its text. */
  readonly vectors: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /**
   * What the engine asks of every word of a document (evidence.ts, terms.ts), by stem, in one map:
   * about 1.2 million words in 10 MB, so one lookup a word instead of three. A stem with no phrase,
   * no question key and no bigram is not listed.
   */
  readonly stemFacts: ReadonlyMap<string, StemFacts>;
  /** Problems found while reading the catalog for the engine (unparsable limits). */
  readonly problems: readonly string[];
}

/** What the index knows of one stem (`CatalogIndex.stemFacts`). */
export interface StemFacts {
  /**
   * The phrases that start with it, longest first (a false friend before a keyword of the same
   * length), if any. Each has a target or is a false friend: whatever is listed here is matched and
   * takes its words, so a phrase kept for another purpose would hide the keywords inside it.
   */
  readonly phrases: readonly Phrase[] | undefined;
  /** Whether it is the key stem of a deep dive's or check's phrase: a document's blocks holding one are kept for the question checks. */
  readonly questionKey: boolean;
  /** The second stems of the bigrams in `idf` that start with it, if any: the document's other bigrams are not counted. */
  readonly bigramSeconds: ReadonlySet<string> | undefined;
}

const SOLUTION_KEYWORD_WEIGHT = 0.8;
const SOLUTION_TITLE_WEIGHT = 0.9;
const HEADING_REPEAT = 3;

const INDEXES = new WeakMap<Catalog, CatalogIndex>();

export function indexCatalog(catalog: Catalog): CatalogIndex {
  const cached = INDEXES.get(catalog);
  if (cached) return cached;
  const patterns = catalog.roots.filter((n) => n.kind === 'pattern');
  const nodes = catalog.byId;
  const phrases = new Map<string, Phrase>();
  const phrase = (text: string): Phrase | undefined => {
    const stems = stemsOf(text);
    if (stems.length === 0) return undefined;
    const key = stems.join(' ');
    let p = phrases.get(key);
    if (!p) {
      p = { stems, label: text.toLowerCase(), targets: [], falseFriend: false, specificity: 1 };
      phrases.set(key, p);
    }
    return p;
  };
  const target = (p: Phrase | undefined, t: PhraseTarget): void => {
    if (!p) return;
    const same = p.targets.find((x) => x.pattern === t.pattern && x.solution === t.solution);
    if (!same) p.targets.push(t);
  };
  const solutionsOf = new Map<string, CatalogNode[]>();
  const deepDives: CatalogNode[] = [];
  const deepDivePhrases = new Map<string, DeepDivePhrases>();
  for (const pattern of patterns) {
    for (const k of pattern.keywords) target(phrase(k), { pattern: pattern.id, weight: 1 });
    for (const k of pattern.contextKeywords ?? []) target(phrase(k), { pattern: pattern.id, weight: 1, context: true });
    for (const f of pattern.notKeywords ?? []) { const p = phrase(f); if (p) p.falseFriend = true; }
    const solutions = pattern.children.filter((c) => c.kind === 'solution');
    solutionsOf.set(pattern.id, solutions);
    for (const s of solutions) {
      target(phrase(s.title), { pattern: pattern.id, solution: s.id, weight: SOLUTION_TITLE_WEIGHT });
      for (const k of s.keywords) target(phrase(k), { pattern: pattern.id, solution: s.id, weight: SOLUTION_KEYWORD_WEIGHT });
    }
    for (const d of pattern.children.filter((c) => c.kind === 'deep-dive')) {
      deepDives.push(d);
      deepDivePhrases.set(d.id, { title: stemsOf(d.title), answeredBy: (d.answeredBy ?? []).map(questionPhrase), askedWhen: (d.askedWhen ?? []).map(questionPhrase) });
    }
  }
  // A context word of a pattern is context wherever the catalog lists it for that pattern, also as a
  // solution's keyword ("Redis" for caching): it names the setting, not the need.
  for (const pattern of patterns) {
    const context = new Set((pattern.contextKeywords ?? []).map((k) => phrase(k)));
    for (const p of context) {
      if (!p) continue;
      p.targets.forEach((t, i) => { if (t.pattern === pattern.id && !t.context) p.targets[i] = { ...t, context: true }; });
    }
  }
  const { idf, vectors } = patternVectors(patterns);
  // Specificity: 1 / number of patterns listing the phrase, softened by how many pattern texts use it.
  const n = patterns.length;
  for (const p of phrases.values()) {
    const listedBy = new Set(p.targets.map((t) => t.pattern)).size || 1;
    const key = p.stems.join(' ');
    const used = [...vectors.values()].filter((v) => p.stems.length <= 2 && v.has(key)).length;
    const idfNorm = p.stems.length > 2 || used === 0 ? 1 : Math.log((1 + n) / used) / Math.log(1 + n);
    p.specificity = (1 / listedBy) * (0.4 + 0.6 * idfNorm);
  }
  const phrasesByFirst = new Map<string, Phrase[]>();
  for (const p of phrases.values()) {
    const list = phrasesByFirst.get(p.stems[0]!) ?? [];
    list.push(p);
    phrasesByFirst.set(p.stems[0]!, list);
  }
  for (const list of phrasesByFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length || Number(b.falseFriend) - Number(a.falseFriend));
  const problems: string[] = [];
  const limits = patterns.flatMap((p) => parseLimits(p.id, p.limits ?? [], problems));
  // A catalog without a check's patterns (a test's, a user's trimmed one) does not ask it.
  const patternIdSet = new Set(patterns.map((p) => p.id));
  const checks: IndexedCheck[] = CHECKS.flatMap((check) => {
    const own = check.patterns.filter((id) => patternIdSet.has(id));
    if (own.length === 0) return [];
    const notWhen = [...(check.notWhen ?? []), ...own.flatMap((id) => nodes.get(id)?.notKeywords ?? [])].map(stemsOf).filter((stems) => stems.length > 0);
    return [{
      check, patterns: own, card: nodes.has(check.card) ? check.card : own[0]!, title: stemsOf(check.title),
      // Pairs are made within a pattern: a `replaces` that is not a deep dive of the check's first pattern pairs with nothing.
      ...(check.replaces !== undefined && nodes.get(check.replaces)?.kind === 'deep-dive' && nodes.get(check.replaces)?.parent === own[0] ? { replaces: check.replaces } : {}),
      askedWhen: check.askedWhen.map(questionPhrase), notWhen, answeredBy: check.answeredBy.map(questionPhrase),
    }];
  });
  const questionKeyStems = new Set([...deepDivePhrases.values(), ...checks].flatMap((d) => [...d.answeredBy, ...d.askedWhen]).flatMap((p) => p.key ?? []));
  const index: CatalogIndex = {
    patterns, patternIds: patterns.map((p) => p.id), nodes, deepDives, deepDivePhrases, checks,
    questionTitles: new Set([...[...deepDivePhrases.values()].map((d) => d.title), ...checks.map((c) => c.title)].map((t) => t.join(' '))),
    combinations: [...nodes.values()].filter((node) => (node.kind === 'combination' || node.kind === 'entry') && (node.patterns?.length ?? 0) >= 2),
    solutionsOf, limits, idf, vectors, problems,
    stemFacts: stemFactsOf(phrasesByFirst, questionKeyStems, bigramsOf(idf.keys())),
  };
  INDEXES.set(catalog, index);
  return index;
}

/** Unigram and bigram terms of a text; `counts` gets `weight` per occurrence. */
export function addTerms(text: string, weight: number, counts: Map<string, number>): number {
  return addTermsFromTokens(tokenizeInto(text, new TokenList()), weight, counts);
}

function stemFactsOf(
  phrasesByFirst: ReadonlyMap<string, readonly Phrase[]>, questionKeyStems: ReadonlySet<string>, bigrams: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, StemFacts> {
  const facts = new Map<string, StemFacts>();
  for (const stem of new Set([...phrasesByFirst.keys(), ...questionKeyStems, ...bigrams.keys()])) {
    facts.set(stem, { phrases: phrasesByFirst.get(stem), questionKey: questionKeyStems.has(stem), bigramSeconds: bigrams.get(stem) });
  }
  return facts;
}

function bigramsOf(terms: Iterable<string>): Map<string, Set<string>> {
  const bigrams = new Map<string, Set<string>>();
  for (const term of terms) {
    const space = term.indexOf(' ');
    if (space === -1) continue;
    const first = term.slice(0, space);
    const seconds = bigrams.get(first) ?? new Set<string>();
    seconds.add(term.slice(space + 1));
    bigrams.set(first, seconds);
  }
  return bigrams;
}

function nodeText(node: CatalogNode, counts: Map<string, number>): void {
  addTerms(node.title, HEADING_REPEAT, counts);
  addTerms([node.summary, ...node.keywords, ...(node.contextKeywords ?? []), ...(node.pros ?? []), ...(node.cons ?? []), node.bestFor ?? '', node.question ?? ''].join('.\n'), 1, counts);
  for (const s of node.sections) {
    addTerms(s.heading, HEADING_REPEAT, counts);
    // A ```mermaid diagram restates the prose around it; counting its labels again would tilt the
    // pattern's vector towards whatever was drawn (content/FORMAT.md, "Diagrams").
    for (const line of withoutDiagrams(s.markdown).split('\n')) {
      if (/^\s*#{1,6}\s/.test(line)) addTerms(line, HEADING_REPEAT, counts);
      else addTerms(line, 1, counts);
    }
  }
  for (const c of node.children) nodeText(c, counts);
}

/** The markdown with the lines of its ```mermaid fences removed. */
function withoutDiagrams(markdown: string): string {
  return markdown.replace(/^(`{3,}|~{3,})[ \t]*mermaid\b[^\n]*\n[\s\S]*?^\1[ \t]*$/gim, '');
}

/** Sublinear term frequency (log(1 + count), so a mention under non-goals still counts a little) times IDF, scaled to unit length. */
export function weigh(counts: ReadonlyMap<string, number>, idf: ReadonlyMap<string, number>, tf: (count: number) => number = Math.log1p): Map<string, number> {
  const v = new Map<string, number>();
  let norm = 0;
  for (const [term, c] of counts) {
    const w = idf.get(term);
    if (w === undefined || c <= 0) continue;
    const x = tf(c) * w;
    if (x <= 0) continue;
    v.set(term, x);
    norm += x * x;
  }
  const len = Math.sqrt(norm) || 1;
  for (const [term, x] of v) v.set(term, x / len);
  return v;
}

function patternVectors(patterns: readonly CatalogNode[]): { idf: Map<string, number>; vectors: Map<string, Map<string, number>> } {
  const counts = patterns.map((p) => { const c = new Map<string, number>(); nodeText(p, c); return c; });
  const df = new Map<string, number>();
  for (const c of counts) for (const term of c.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = patterns.length;
  const idf = new Map<string, number>();
  for (const [term, d] of df) idf.set(term, Math.log((1 + n) / (1 + d)) + 1);
  const vectors = new Map(patterns.map((p, i) => [p.id, weigh(counts[i]!, idf)]));
  return { idf, vectors };
}

export function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, x] of small) dot += x * (large.get(term) ?? 0);
  return dot;
}
