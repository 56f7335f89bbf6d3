/**
 * The engine's vocabulary, built once from the catalog: every keyword and title of the patterns,
 * their solutions and the combinations, and every `answeredBy` phrase of the deep dives, stemmed
 * and indexed by their first word. Nothing here names a pattern: all of it comes from content.
 */
import type { Catalog, CatalogNode } from '../catalog/model';
import { stemWord } from './stem';
import { phraseWords } from './tokenize';

/** What a matched phrase speaks for. */
export interface PhraseTarget {
  readonly pattern: string;
  /** Full solution id when the phrase belongs to a solution. */
  readonly solution?: string;
  /** Source weight: pattern keyword 1, solution keyword 0.75, combination keyword 0.35, ... */
  readonly weight: number;
}

export interface Phrase {
  /** Stem ids, in order. */
  readonly ids: readonly number[];
  /** The phrase as the content writer gave it (first seen form). */
  readonly label: string;
  readonly targets: PhraseTarget[];
  /** Deep dive ids whose `answeredBy` contains the phrase. */
  readonly answers: string[];
  /**
   * False friends only (a pattern's `notKeywords`): the ways it is written, lowercase ("ci cache",
   * "ci caching"). A line's words must be one of these (or its plural), not only share its stems.
   */
  surface?: (readonly string[])[];
  /** Dense index of the phrase, 0..phraseCount-1. */
  readonly index: number;
  /**
   * How much one mention says, 0..1: shared words say less. The product of its keyword
   * specificity (1 / number of patterns it is a keyword of, softened) and its catalog-wide
   * specificity (an IDF over the patterns whose text, prose included, uses it).
   */
  specificity: number;
  /** Number of patterns whose catalog text (keywords and prose) uses the phrase; 0 when unknown. */
  patternFrequency: number;
}

export interface Vocabulary {
  /** Stem -> id. */
  readonly stemIds: ReadonlyMap<string, number>;
  /** First stem id -> phrases starting with it, longest first. */
  readonly byFirst: ReadonlyMap<number, readonly Phrase[]>;
  /**
   * First stem id -> phrases of two or three distinct content words that may also match loosely
   * (words apart or reordered within a clause).
   */
  readonly looseByAnchor: ReadonlyMap<number, readonly Phrase[]>;
  /** `byFirst` and `looseByAnchor` as arrays indexed by stem id (the scanner's hot path). */
  readonly byFirstId: readonly (readonly Phrase[] | undefined)[];
  readonly looseByAnchorId: readonly (readonly Phrase[] | undefined)[];
  readonly maxPhraseLength: number;
  readonly phraseCount: number;
  readonly patterns: readonly CatalogNode[];
  readonly deepDives: readonly CatalogNode[];
  readonly combinations: readonly CatalogNode[];
  /** Pattern id -> its solutions in catalog order. */
  readonly solutionsOf: ReadonlyMap<string, readonly CatalogNode[]>;
  readonly nodes: ReadonlyMap<string, CatalogNode>;
  /**
   * Stem -> register flags (`REGISTER_WORD`, `REGISTER_CORE`): the words of the catalog's own
   * prose register, the way system designs are written (see `registerWords`). Optional so that
   * hand-built vocabularies in tests need not supply it.
   */
  readonly register?: ReadonlyMap<string, number>;
}

/** A word of the catalog's prose register: used across several top-level entries, neither rare nor everywhere. */
export const REGISTER_WORD = 1;
/** ... and used in the text of every pattern: the register's core (the system's roles, its load, its data). */
export const REGISTER_CORE = 2;
/** Share of the catalog's texts a word must appear in to be part of its register (rarer words are topic words). */
const REGISTER_MIN_SHARE = 0.003;
/** Share of the catalog's texts above which a word is plain English ("the", "and", "is"), not register. */
const REGISTER_MAX_SHARE = 0.1;
/** Top-level catalog entries a register word must appear under (one pattern's own words are its vocabulary, not register). */
const REGISTER_MIN_ENTRIES = 3;

const SOURCE_WEIGHT = {
  patternKeyword: 1,
  patternTitle: 1,
  solutionKeyword: 0.75,
  solutionTitle: 0.75,
  combinationPrimary: 0.35,
  combinationOther: 0.2,
} as const;

/** Common English words that never make a useful signal on their own, whatever the content says. */
const STOP_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'by', 'at', 'is', 'are', 'be', 'it', 'as', 'from',
  'that', 'this', 'we', 'you', 'our', 'your', 'i', 'vs', 'via', 'per', 'into', 'how', 'what', 'when', 'which', 'not', 'no',
]);

export function buildVocabulary(catalog: Catalog): Vocabulary {
  const stemIds = new Map<string, number>();
  const phrases = new Map<string, Phrase>();
  const patterns = catalog.roots.filter((n) => n.kind === 'pattern');
  const patternIds = new Set(patterns.map((p) => p.id));
  const solutionsOf = new Map<string, CatalogNode[]>();
  const deepDives: CatalogNode[] = [];
  const combinations: CatalogNode[] = [];

  const idOf = (stem: string): number => {
    let id = stemIds.get(stem);
    if (id === undefined) {
      id = stemIds.size;
      stemIds.set(stem, id);
    }
    return id;
  };
  const add = (text: string, apply: (p: Phrase, words: readonly string[]) => void): void => {
    for (const words of phraseVariants(text)) {
      const stems = words.map(stemWord);
      const key = stems.join(' ');
      let phrase = phrases.get(key);
      if (!phrase) {
        phrase = { ids: stems.map(idOf), label: text.trim(), targets: [], answers: [], specificity: 1, patternFrequency: 0, surface: undefined, index: phrases.size };
        phrases.set(key, phrase);
      }
      apply(phrase, words);
    }
  };
  const target = (t: PhraseTarget) => (p: Phrase): void => {
    const same = p.targets.find((x) => x.pattern === t.pattern && x.solution === t.solution);
    if (!same) p.targets.push(t);
    else if (same.weight < t.weight) p.targets[p.targets.indexOf(same)] = t;
  };

  for (const pattern of patterns) {
    add(pattern.title, target({ pattern: pattern.id, weight: SOURCE_WEIGHT.patternTitle }));
    for (const k of pattern.keywords) add(k, target({ pattern: pattern.id, weight: SOURCE_WEIGHT.patternKeyword }));
    // A false friend is a phrase without targets: the scanner takes the longest phrase at a word,
    // so "docker image" is matched whole and its "image" is never read as the keyword.
    for (const k of pattern.notKeywords ?? []) add(k, (p, words) => { if (p.targets.length === 0 && p.answers.length === 0) (p.surface ??= []).push(words); });
    const solutions: CatalogNode[] = [];
    for (const child of pattern.children) {
      if (child.kind === 'solution') {
        solutions.push(child);
        const t = { pattern: pattern.id, solution: child.id };
        add(child.title, target({ ...t, weight: SOURCE_WEIGHT.solutionTitle }));
        for (const k of child.keywords) add(k, target({ ...t, weight: SOURCE_WEIGHT.solutionKeyword }));
      } else if (child.kind === 'deep-dive') {
        deepDives.push(child);
        for (const a of child.answeredBy ?? []) add(a, (p) => { if (!p.answers.includes(child.id)) p.answers.push(child.id); });
      }
    }
    solutionsOf.set(pattern.id, solutions);
  }
  for (const node of walk(catalog.roots)) {
    if ((node.kind === 'combination' || node.kind === 'entry') && node.patterns && node.patterns.length > 0) {
      combinations.push(node);
      node.patterns.forEach((pid, index) => {
        if (!patternIds.has(pid)) return;
        const weight = index === 0 ? SOURCE_WEIGHT.combinationPrimary : SOURCE_WEIGHT.combinationOther;
        for (const k of node.keywords) add(k, target({ pattern: pid, weight }));
      });
    } else if (node.kind === 'deep-dive' && !deepDives.includes(node) && node.parent && patternIds.has(node.parent)) {
      deepDives.push(node);
    }
  }

  // A false friend that is also somebody's keyword is a keyword: it matches by stem like the rest.
  for (const phrase of phrases.values()) if (phrase.targets.length > 0 || phrase.answers.length > 0) phrase.surface = undefined;
  const byFirst = new Map<number, Phrase[]>();
  let maxPhraseLength = 1;
  for (const phrase of phrases.values()) {
    if (phrase.ids.length === 0) continue;
    maxPhraseLength = Math.max(maxPhraseLength, phrase.ids.length);
    const list = byFirst.get(phrase.ids[0]!) ?? [];
    list.push(phrase);
    byFirst.set(phrase.ids[0]!, list);
  }
  const usedBy = patternsUsing(patterns, stemIds, byFirst);
  for (const phrase of phrases.values()) {
    // Only the patterns the phrase is a keyword of (or of their solutions) dilute it; a
    // combination's keywords add a little to its patterns without making the word vaguer.
    const keywordOf = new Set(phrase.targets.filter((t) => t.weight >= SOURCE_WEIGHT.solutionKeyword).map((t) => t.pattern));
    const distinct = keywordOf.size;
    const keywordSpecificity = distinct <= 1 ? 1 : 1 / Math.pow(distinct, 0.8);
    // A word the catalog uses across many patterns' prose ("cache", "queue", "index") is a
    // generic word of system design, whatever keyword list it sits in.
    const users = usedBy.get(phrase);
    const df = users ? new Set([...users, ...keywordOf]).size : distinct;
    phrase.patternFrequency = df;
    phrase.specificity = keywordSpecificity * Math.pow(inverseFrequency(df, patterns.length), IDF_EXPONENT);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.ids.length - a.ids.length);

  const stopIds = new Set([...STOP_WORDS].map((w) => stemIds.get(stemWord(w))).filter((id): id is number => id !== undefined));
  const looseByAnchor = new Map<number, Phrase[]>();
  for (const phrase of phrases.values()) {
    const n = phrase.ids.length;
    if (n < 2 || n > 3 || phrase.targets.length === 0) continue;
    if (new Set(phrase.ids).size !== n || phrase.ids.some((id) => stopIds.has(id))) continue;
    const list = looseByAnchor.get(phrase.ids[0]!) ?? [];
    list.push(phrase);
    looseByAnchor.set(phrase.ids[0]!, list);
  }

  const nodes = new Map<string, CatalogNode>();
  for (const node of walk(catalog.roots)) nodes.set(node.id, node);
  const dense = (m: ReadonlyMap<number, Phrase[]>): (Phrase[] | undefined)[] => {
    const out: (Phrase[] | undefined)[] = new Array<Phrase[] | undefined>(stemIds.size).fill(undefined);
    for (const [id, list] of m) out[id] = list;
    return out;
  };
  return {
    stemIds, byFirst, looseByAnchor, byFirstId: dense(byFirst), looseByAnchorId: dense(looseByAnchor), maxPhraseLength, phraseCount: phrases.size,
    patterns, deepDives, combinations, solutionsOf, nodes, register: registerWords(catalog.roots, patterns),
  };
}

/**
 * The catalog's prose register: for each stem, in how many of the catalog's texts (titles,
 * summaries, sections, pros and cons of every node) it appears and under how many top-level
 * entries. A word in the middle band (in at least `REGISTER_MIN_SHARE` of the texts, at most
 * `REGISTER_MAX_SHARE`) and under at least `REGISTER_MIN_ENTRIES` entries is how the catalog talks
 * about systems in general ("requests", "replica", "clients", "per second"), not one pattern's
 * vocabulary and not plain English; one also used under every pattern is core. A design document
 * is largely written in these words; a sprint plan, a style guide or a hardware quote is not.
 * Computed once per catalog (a few milliseconds), with no word list of its own.
 */
export function registerWords(roots: readonly CatalogNode[], patterns: readonly CatalogNode[]): Map<string, number> {
  const textCount = new Map<string, number>();
  const entries = new Map<string, Set<CatalogNode>>();
  const patternSet = new Set(patterns);
  let texts = 0;
  for (const root of roots) {
    for (const text of nodeTexts(root)) {
      if (!text) continue;
      texts++;
      const seen = new Set<string>();
      for (const w of phraseWords(text)) {
        const c = w.charCodeAt(0);
        if (c >= 48 && c <= 57) continue;
        seen.add(stemWord(w));
      }
      for (const stem of seen) {
        textCount.set(stem, (textCount.get(stem) ?? 0) + 1);
        let set = entries.get(stem);
        if (!set) entries.set(stem, (set = new Set()));
        set.add(root);
      }
    }
  }
  const out = new Map<string, number>();
  for (const [stem, count] of textCount) {
    const share = count / Math.max(1, texts);
    const under = entries.get(stem)!;
    if (share < REGISTER_MIN_SHARE || share > REGISTER_MAX_SHARE || under.size < REGISTER_MIN_ENTRIES) continue;
    let inPatterns = 0;
    for (const node of under) if (patternSet.has(node)) inPatterns++;
    out.set(stem, REGISTER_WORD | (patterns.length > 0 && inPatterns === patterns.length ? REGISTER_CORE : 0));
  }
  return out;
}

/** How strongly the catalog-wide frequency damps a phrase (0 = not at all, 1 = the full IDF). */
const IDF_EXPONENT = 0.5;

/** IDF over the patterns, scaled so a phrase of one pattern is 1 and one of every pattern is log(2)/log(1+N). */
export function inverseFrequency(df: number, n: number): number {
  if (df <= 1 || n <= 1) return 1;
  return Math.log(1 + n / df) / Math.log(1 + n);
}

/**
 * For each phrase, the patterns whose catalog text uses it: titles, summaries, keywords,
 * sections, pros and cons of the pattern and everything under it. Computed once when the engine
 * is created (a few milliseconds for the full catalog).
 */
function patternsUsing(
  patterns: readonly CatalogNode[], stemIds: ReadonlyMap<string, number>, byFirst: ReadonlyMap<number, readonly Phrase[]>,
): Map<Phrase, Set<string>> {
  const out = new Map<Phrase, Set<string>>();
  const ids = new Map<string, number>();
  const idOfWord = (w: string): number => {
    let id = ids.get(w);
    if (id === undefined) {
      id = stemIds.get(stemWord(w)) ?? -1;
      ids.set(w, id);
    }
    return id;
  };
  for (const pattern of patterns) {
    for (const text of nodeTexts(pattern)) {
      const words = phraseWords(text).map(idOfWord);
      for (let i = 0; i < words.length; i++) {
        const candidates = words[i]! >= 0 ? byFirst.get(words[i]!) : undefined;
        if (!candidates) continue;
        for (const phrase of candidates) {
          const n = phrase.ids.length;
          if (i + n > words.length) continue;
          let k = 1;
          while (k < n && words[i + k] === phrase.ids[k]) k++;
          if (k < n) continue;
          let set = out.get(phrase);
          if (!set) out.set(phrase, (set = new Set()));
          set.add(pattern.id);
        }
      }
    }
  }
  return out;
}

function* nodeTexts(node: CatalogNode): Generator<string> {
  yield node.title;
  yield node.summary;
  yield* node.keywords;
  for (const s of node.sections) yield s.markdown;
  for (const list of [node.pros, node.cons, node.figures, node.answeredBy, node.lessons]) if (list) yield* list;
  for (const t of [node.bestFor, node.avoidWhen, node.cost, node.question, node.interviewAnswer]) if (t) yield t;
  for (const child of node.children) yield* nodeTexts(child);
}

/**
 * The word sequences a phrase can appear as in a doc: as written ("real-time" -> real time),
 * and with a two-word phrase written as one word ("web socket" -> websocket). Stop words are
 * dropped at the ends; a phrase of stop words alone yields nothing.
 */
function phraseVariants(text: string): string[][] {
  let words = phraseWords(text);
  while (words.length > 0 && STOP_WORDS.has(words[0]!)) words = words.slice(1);
  while (words.length > 0 && STOP_WORDS.has(words[words.length - 1]!)) words = words.slice(0, -1);
  if (words.length === 0) return [];
  const variants = [words];
  if (words.length === 2) variants.push([words.join('')]);
  return variants;
}

function* walk(nodes: readonly CatalogNode[]): Generator<CatalogNode> {
  for (const node of nodes) {
    yield node;
    yield* walk(node.children);
  }
}
