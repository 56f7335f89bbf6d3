/**
 * Stage 3: the words of the document. Each block is tokenized once; from its tokens come
 * (a) the catalog phrases it mentions, with the block's weight and whether a negation governs
 * them, and (b) the weighted term counts the text similarity compares with each pattern.
 */
import { DocumentTermCounts } from './terms';
import type { CatalogIndex, Phrase, StemFacts } from './catalogIndex';
import { WORDS } from './lexicon';
import { LEAD_ROLES, type DocumentStructure } from './structure';
import { stemsOf, tokenizeInto, TokenList, WordMemo } from './tokens';

export interface Hit {
  readonly phrase: Phrase;
  readonly block: number;
  /** Document offsets of the matched words. */
  readonly start: number;
  readonly end: number;
  readonly negated: boolean;
}

export interface DocumentWords {
  readonly hits: readonly Hit[];
  /** Weighted counts of unigram and bigram stems (the blocks' weights applied; only the catalog's bigrams). */
  readonly terms: ReadonlyMap<string, number>;
  /** The same for the lead only: the title, the headings and the summary, motivation and goals sections. */
  readonly leadTerms: ReadonlyMap<string, number>;
  /** Words read (code and front matter left out). */
  readonly wordCount: number;
  /**
   * For the open questions (questions.ts): each key stem of a deep dive's or a design check's phrase
   * (`StemFacts.questionKey`, the phrase's longest stem) -> the stems of every block holding
   * it (code included), in document order. Only those blocks can hold the phrase, so the other
   * blocks of a long document are neither kept nor searched.
   */
  readonly blocksByKeyStem: ReadonlyMap<string, readonly KeptBlock[]>;
}

/** A block kept for the question checks: its stems, and its index in `DocumentStructure.blocks`. */
export interface KeptBlock {
  readonly stems: readonly string[];
  readonly block: number;
}

/**
 * The negators' stems, by their first stem: a word can start only the negators that start with its
 * stem (one word a hit in a long document is checked against every negator otherwise). Every
 * negator has a word (lexicon.test.ts checks words.json).
 */
const NEGATORS_BY_FIRST = new Map<string, string[][]>();
const NO_NEGATORS: readonly string[][] = [];
for (const n of WORDS.negators.map(stemsOf)) NEGATORS_BY_FIRST.set(n[0]!, [...(NEGATORS_BY_FIRST.get(n[0]!) ?? []), n]);
const NEGATION_WINDOW = 3;

/** Per catalog index, the facts of each word's stem, looked up once a word (tokens.ts `WordMemo`), not at each occurrence. */
const FACTS = new WeakMap<CatalogIndex, WordMemo<StemFacts | undefined>>();

function stemFactsMemo(index: CatalogIndex): WordMemo<StemFacts | undefined> {
  let memo = FACTS.get(index);
  if (!memo) FACTS.set(index, (memo = new WordMemo((tokens, i) => index.stemFacts.get(tokens.stems[i]!))));
  return memo;
}

export function readWords(structure: DocumentStructure, index: CatalogIndex): DocumentWords {
  const hits: Hit[] = [];
  const terms = new DocumentTermCounts();
  const leadTerms = new DocumentTermCounts();
  const blocksByKeyStem = new Map<string, KeptBlock[]>();
  let wordCount = 0;
  // One token list, refilled block after block, and what the index knows of each token's stem, looked up once.
  const tokens = new TokenList();
  const facts: (StemFacts | undefined)[] = [];
  const memo = stemFactsMemo(index);
  structure.blocks.forEach((block, b) => {
    tokenizeInto(block.text, tokens);
    for (let i = 0; i < tokens.length; i++) facts[i] = memo.at(tokens, i);
    keepForQuestions(tokens, facts, b, blocksByKeyStem);
    if (block.weight <= 0) return;
    wordCount += terms.add(tokens, block.weight, facts);
    if (block.kind === 'title' || block.kind === 'heading' || LEAD_ROLES.has(block.role)) leadTerms.add(tokens, block.weight, facts);
    for (let i = 0; i < tokens.length; i++) {
      const phrase = longestPhrase(tokens, facts, i);
      if (!phrase) continue;
      const last = i + phrase.stems.length - 1;
      if (!phrase.falseFriend) {
        hits.push({ phrase, block: b, start: block.offset + tokens.starts[i]!, end: block.offset + tokens.ends[last]!, negated: negated(tokens, i) });
      }
      i = last;
    }
  });
  return { hits, terms: terms.toMap(), leadTerms: leadTerms.toMap(), wordCount, blocksByKeyStem };
}

/** Files the block's stems under each question key stem it holds, once per block. */
function keepForQuestions(tokens: TokenList, facts: readonly (StemFacts | undefined)[], block: number, blocksByKeyStem: Map<string, KeptBlock[]>): void {
  let kept: KeptBlock | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (facts[i]?.questionKey !== true) continue;
    const key = tokens.stems[i]!;
    kept ??= { stems: tokens.stems.slice(0, tokens.length), block };
    const blocks = blocksByKeyStem.get(key);
    if (!blocks) blocksByKeyStem.set(key, [kept]);
    else if (blocks[blocks.length - 1] !== kept) blocks.push(kept);
  }
}

function longestPhrase(tokens: TokenList, facts: readonly (StemFacts | undefined)[], i: number): Phrase | undefined {
  const candidates = facts[i]?.phrases;
  if (!candidates) return undefined;
  for (const p of candidates) {
    let ok = true;
    for (let k = 1; k < p.stems.length; k++) {
      const t = i + k;
      if (t >= tokens.length || tokens.stems[t] !== p.stems[k] || tokens.breakBefore[t]) { ok = false; break; }
    }
    if (ok) return p;
  }
  return undefined;
}

/** A negator up to three words before, in the same clause: "no cache is needed", "without sharding". */
function negated(tokens: TokenList, i: number): boolean {
  // Walk back within the clause: a break before a word ends it ("No. Cache everything." is not a negated cache).
  for (let j = i - 1; j >= Math.max(0, i - NEGATION_WINDOW); j--) {
    if (tokens.breakBefore[j + 1]) return false;
    for (const n of NEGATORS_BY_FIRST.get(tokens.stems[j]!) ?? NO_NEGATORS) if (j + n.length <= i && stemsAt(tokens, j, n)) return true;
  }
  return false;
}

/** Whether the tokens from `at` on are the stems of `phrase`. */
function stemsAt(tokens: TokenList, at: number, phrase: readonly string[]): boolean {
  for (let k = 0; k < phrase.length; k++) if (tokens.stems[at + k] !== phrase[k]) return false;
  return true;
}
