/**
 * Open questions: for the patterns the document most needs, what it has not answered. Two kinds:
 *
 * - **Design checks** (content/suggest/checks.json) ask how a mechanism the document names fails:
 *   a lock whose holder dies, a cache that goes stale, a queue that backs up. A check is asked when
 *   the document relies on the mechanism: its `askedWhen` phrases stand, word after word and outside
 *   its `notWhen` false friends, in a heading, or in at least two blocks of the visible text (not
 *   code, a table, front matter, or a section the document sets aside). It is asked at the first
 *   line that names it, and only when none of its
 *   `answeredBy` phrases stands anywhere in the document. It is listed under the first of its
 *   patterns the document is surely suggested.
 * - **Deep dives** of the catalog. One with `appliesTo` is asked when the document relies on one of
 *   those solutions (and at the line where it first names it); one without is asked only for the
 *   document's leading pattern, and only when the document has not named any solution of it yet. One
 *   with `askedWhen` is about a situation (followers in the millions, billions of small files): it
 *   is asked only when one of those phrases stands in the document.
 *
 * A phrase stands in the document when its words stand in order, in one block, at most two other
 * words apart ("resume from the last event id" answers "last event id"; "client", "message" and
 * "id" scattered over a paragraph do not). The deep dives the document's solutions make pressing come
 * first, then the checks, then the general deep dives. A check that `replaces` a deep dive asks the
 * same question: only one of the two is asked, the one an `sdp-todo` marker keeps open (both, when
 * both are marked), else the first in that order; ignoring either ignores both. Questions an
 * `sdp-ignore` comment names, and those `questions.notAsked` lists (never asked unless a marker
 * keeps one open: rule AS), are left out before the two places of a pattern are filled, and a
 * question a marker keeps open always has a place. The first design check the two places cut gets
 * one more place (`extraCheckPlaces`). Only patterns the scorer is sure of get questions
 * (content/suggest/explain.json).
 */
import type { CatalogIndex, IndexedCheck, QuestionPhrase } from './catalogIndex';
import type { KeptBlock } from './evidence';
import { EXPLAIN } from './lexicon';
import { ENGLISH_SUGGEST_MESSAGES, fillMessage, type SuggestMessages } from './messages';
import { lineOf } from './lines';
import type { DocumentStructure } from './structure';
import { tokenizeInto, TokenList } from './tokens';
import type { OpenQuestion, Suggestion } from './types';

const {
  minScore: MIN_SCORE, maxPatterns: MAX_PATTERNS, maxPerPattern: MAX_PER_PATTERN, answersListed: MAX_ANSWERS_LISTED,
  checkMinBlocks: CHECK_MIN_BLOCKS,
} = EXPLAIN.questions;
/** 0 when explain.json leaves it out; `fillPlaces` reads it as a whole number. */
const EXTRA_CHECK_PLACES = EXPLAIN.questions.extraCheckPlaces ?? 0;
const HIDDEN_ROLES = new Set(EXPLAIN.hiddenRoles);
const NOT_ASKED: readonly string[] = EXPLAIN.questions.notAsked ?? [];
const HIDDEN_KINDS = new Set(EXPLAIN.hiddenBlockKinds);

/** What the questions read of the document: its blocks, and the blocks holding each question phrase's key stem. */
export interface QuestionInput {
  readonly structure: DocumentStructure;
  /** `DocumentWords.blocksByKeyStem`, read with the same index. */
  readonly blocksByKeyStem: ReadonlyMap<string, readonly KeptBlock[]>;
}

export function openQuestions(
  index: CatalogIndex, suggestions: readonly Suggestion[], input: QuestionInput,
  solutionLines: ReadonlyMap<string, number>, messages: SuggestMessages = ENGLISH_SUGGEST_MESSAGES,
  /** Deep dives and checks a `<!-- sdp-todo -->` marker keeps open: never answered while the marker stands. */
  pending: ReadonlySet<string> = new Set(),
  /** Question ids an `<!-- sdp-ignore -->` comment names: left out before the places are filled, so the next question takes the place. */
  ignored: ReadonlySet<string> = new Set(),
  /** False: no deep dive is asked but one a marker keeps open; the design checks fill the places. */
  deepDives = true,
): OpenQuestion[] {
  return questionsStage(index, suggestions, input, solutionLines, messages, pending, ignored)(deepDives);
}

/**
 * The open questions with deep dives off (`off`, what the document shows) and with them on (`on`,
 * what it would show): `openQuestions` with `deepDives` false and true, each the same array those
 * calls give. The design checks do not depend on the deep dives, so they are read once for both
 * (deepDivesOff.ts counts what the deep dives would add; two separate calls doubled the stage:
 * docs/suggest.md, rule AL).
 */
export function openQuestionsWithAndWithoutDeepDives(
  index: CatalogIndex, suggestions: readonly Suggestion[], input: QuestionInput,
  solutionLines: ReadonlyMap<string, number>, messages: SuggestMessages = ENGLISH_SUGGEST_MESSAGES,
  pending: ReadonlySet<string> = new Set(), ignored: ReadonlySet<string> = new Set(),
): { off: OpenQuestion[]; on: OpenQuestion[] } {
  const ask = questionsStage(index, suggestions, input, solutionLines, messages, pending, ignored);
  return { off: ask(false), on: ask(true) };
}

/** The questions stage for one document, asked with deep dives on or off; each pattern's design checks are read on first use and kept. */
function questionsStage(
  index: CatalogIndex, suggestions: readonly Suggestion[], input: QuestionInput,
  solutionLines: ReadonlyMap<string, number>, messages: SuggestMessages,
  pending: ReadonlySet<string>, ignored: ReadonlySet<string>,
): (deepDives: boolean) => OpenQuestion[] {
  const { blocksByKeyStem } = input;
  // A block that only restates the question's own title (the heading "Add a section answering"
  // inserts, say "Reconnection") says what is asked, not how: it answers nothing.
  // With no title, it says whether the phrase stands anywhere (an askedWhen situation).
  const answered = ({ stems, key }: QuestionPhrase, title: readonly string[]): boolean =>
    key !== undefined && (blocksByKeyStem.get(key) ?? []).some((kept) => !sameWords(kept.stems, title) && containsLoosely(kept.stems, stems));
  const sure = sureSuggestions(suggestions);
  const surePatterns = new Set(sure.map((s) => s.pattern));
  const ignoredIds = withReplacedPairs(index.checks, ignored);
  // Questions no rater has found useful are never asked (explain.json `questions.notAsked`, rule AS),
  // unless a marker keeps one open; the next question takes the place, as for an ignored id.
  for (const id of NOT_ASKED) if (!pending.has(id)) ignoredIds.add(id);
  const checksOf = new Map<string, { question: OpenQuestion; replaces?: string }[]>();
  const checksFor = (pattern: string): { question: OpenQuestion; replaces?: string }[] => {
    let checks = checksOf.get(pattern);
    if (!checks) {
      checks = checkQuestions(index, pattern, surePatterns, input, answered, messages, pending).filter((c) => !ignoredIds.has(c.question.id));
      checksOf.set(pattern, checks);
    }
    return checks;
  };
  return (deepDives) => {
    const out: OpenQuestion[] = [];
    sure.forEach((s, rank) => {
      const named = (index.solutionsOf.get(s.pattern) ?? []).filter((sol) => solutionLines.has(sol.id));
      // Pressing questions (the document relies on a solution they apply to) first, each group in catalog order.
      const pressing: OpenQuestion[] = [];
      const general: OpenQuestion[] = [];
      for (const dd of index.deepDives) {
        if (dd.parent !== s.pattern || !dd.question || ignoredIds.has(dd.id) || (!deepDives && !pending.has(dd.id))) continue;
        const answers = dd.answeredBy ?? [];
        // The phrases as stems with their key stems, read once per catalog (catalogIndex.ts).
        const phrases = index.deepDivePhrases.get(dd.id)!;
        if (answers.length === 0 || (!pending.has(dd.id) && phrases.answeredBy.some((a) => answered(a, phrases.title)))) continue;
        // A marker the user set keeps its question open, situation or not.
        if (!pending.has(dd.id) && phrases.askedWhen.length > 0 && !phrases.askedWhen.some((w) => answered(w, []))) continue;
        const listed = answers.slice(0, MAX_ANSWERS_LISTED).join(', ');
        const applies = (dd.appliesTo ?? []).filter((id) => solutionLines.has(id));
        const base = { pattern: s.pattern, id: dd.id, title: dd.title, card: dd.id, question: dd.question };
        if (applies.length > 0) {
          const names = applies.map((id) => index.nodes.get(id)?.title ?? id).join(', ');
          pressing.push({ ...base, reason: fillMessage(messages.openQuestionApplies, names, listed), line: solutionLines.get(applies[0]!) });
        } else if ((dd.appliesTo ?? []).length === 0 && rank === 0 && named.length === 0) {
          general.push({ ...base, reason: fillMessage(messages.openQuestionGeneral, listed) });
        }
      }
      const checks = checksFor(s.pattern);
      // A check that `replaces` a deep dive asks the same question: only one of the two is asked. One
      // that a marker keeps open stands; else the one first in the order (pressing, check, general).
      const pressingIds = new Set(pressing.map((q) => q.id));
      const generalIds = new Set(general.map((q) => q.id));
      const dropped = new Set<string>();
      for (const { question: q, replaces } of checks) {
        if (replaces === undefined || !(pressingIds.has(replaces) || generalIds.has(replaces))) continue;
        const [checkKept, deepKept] = [pending.has(q.id), pending.has(replaces)];
        if (checkKept && deepKept) continue;
        if (checkKept || (!deepKept && generalIds.has(replaces))) dropped.add(replaces);
        else dropped.add(q.id);
      }
      const asked = [...pressing, ...checks.map((c) => c.question), ...general].filter((q) => !dropped.has(q.id));
      const checkIds = new Set(checks.map((c) => c.question.id));
      out.push(...fillPlaces(asked, (q) => checkIds.has(q.id), pending, MAX_PER_PATTERN, EXTRA_CHECK_PLACES));
    });
    return out;
  };
}

/** The ids an sdp-ignore comment hides: a check and the deep dive it replaces are one question under two ids, so ignoring either ignores both. */
/** The suggestions sure enough to be asked questions: scored at least `minScore`, the first `maxPatterns`. */
export function sureSuggestions(suggestions: readonly Suggestion[]): readonly Suggestion[] {
  return suggestions.filter((s) => s.score >= MIN_SCORE).slice(0, MAX_PATTERNS);
}

export function withReplacedPairs(checks: CatalogIndex['checks'], ignored: ReadonlySet<string>): Set<string> {
  const ids = new Set(ignored);
  for (const c of checks) {
    if (c.replaces !== undefined && (ignored.has(c.check.id) || ignored.has(c.replaces))) {
      ids.add(c.check.id);
      ids.add(c.replaces);
    }
  }
  return ids;
}

/**
 * Which of one pattern's questions (in the order they are asked) are shown, in that order: the
 * first `places`, but a question a marker keeps open is never cut (it takes a place, and the others
 * fill what is left); then up to `extraForChecks` design checks that the full places cut, each where
 * it stands in the order. The rated samples found a shown check useful more often than a shown deep
 * dive, so a check the places cut gets its own place rather than being dropped (docs/suggest.md).
 */
export function fillPlaces<Q extends { readonly id: string }>(
  asked: readonly Q[], isCheck: (q: Q) => boolean, pending: ReadonlySet<string>, places: number, extraForChecks: number,
): Q[] {
  let free = Math.max(0, places - asked.filter((q) => pending.has(q.id)).length);
  const kept = new Set(asked.filter((q) => pending.has(q.id) || free-- > 0));
  let extra = Number.isFinite(extraForChecks) ? Math.max(0, Math.floor(extraForChecks)) : 0;
  for (const q of asked) {
    if (extra <= 0) break;
    if (!kept.has(q) && isCheck(q)) { kept.add(q); extra--; }
  }
  return asked.filter((q) => kept.has(q));
}

/** The design checks asked under `pattern`, in the order of checks.json, each with the deep dive it replaces. */
function checkQuestions(
  index: CatalogIndex, pattern: string, surePatterns: ReadonlySet<string>, input: QuestionInput,
  answered: (phrase: QuestionPhrase, title: readonly string[]) => boolean, messages: SuggestMessages, pending: ReadonlySet<string>,
): { question: OpenQuestion; replaces?: string }[] {
  const out: { question: OpenQuestion; replaces?: string }[] = [];
  for (const c of index.checks) {
    // Listed once, under the first of its patterns the document surely needs.
    if (c.patterns.find((p) => surePatterns.has(p)) !== pattern) continue;
    const { id, title, question, answeredBy } = c.check;
    const open = pending.has(id);
    if (!open && c.answeredBy.some((a) => answered(a, c.title))) continue;
    const named = firstNamed(c, input, index.questionTitles);
    if (!named && !open) continue;
    const listed = answeredBy.slice(0, MAX_ANSWERS_LISTED).join(', ');
    out.push({
      question: {
        pattern, id, title, card: c.card, question,
        reason: named ? fillMessage(messages.openQuestionApplies, named.phrase, listed) : fillMessage(messages.openQuestionGeneral, listed),
        ...(named ? { line: named.line } : {}),
      },
      ...(c.replaces !== undefined ? { replaces: c.replaces } : {}),
    });
  }
  return out;
}

/**
 * Where the document first names the check's mechanism in visible text: the phrase as the check gives
 * it, and the 1-based line. Undefined unless the design relies on it: named in a heading (or the
 * title), or in at least `CHECK_MIN_BLOCKS` visible blocks. One passing mention is not reliance.
 */
function firstNamed(c: IndexedCheck, { blocksByKeyStem, structure }: QuestionInput, questionTitles: ReadonlySet<string>): { phrase: string; line: number } | undefined {
  let first: { block: number; at: number; phrase: string } | undefined;
  const blocks = new Set<number>();
  let inHeading = false;
  c.askedWhen.forEach(({ stems, key }, i) => {
    if (key === undefined) return;
    for (const kept of blocksByKeyStem.get(key) ?? []) {
      const block = structure.blocks[kept.block]!;
      if (block.weight <= 0 || HIDDEN_ROLES.has(block.role) || HIDDEN_KINDS.has(block.kind)) continue;
      // A heading that restates a question's title (one "Add a section answering" wrote) says what is asked, not what the design relies on.
      if (block.kind === 'heading' && questionTitles.has(kept.stems.join(' '))) continue;
      const at = findNamed(kept.stems, stems, c.notWhen);
      if (at === -1) continue;
      blocks.add(kept.block);
      if (block.kind === 'heading' || block.kind === 'title') inHeading = true;
      // The first in the text wins: by block, then by word within the block.
      if (!first || kept.block < first.block || (kept.block === first.block && at < first.at)) first = { block: kept.block, at, phrase: c.check.askedWhen[i]! };
    }
  });
  if (!first || (!inHeading && blocks.size < CHECK_MIN_BLOCKS)) return undefined;
  // The kept stems are the block's tokens, in order: tokenising the block again gives the word's offset.
  const block = structure.blocks[first.block]!;
  const tokens = new TokenList();
  tokenizeInto(block.text, tokens);
  return { phrase: first.phrase, line: lineOf(structure.lineStarts, block.offset + tokens.starts[first.at]!) + 1 };
}

/**
 * Where `phrase` first stands in `words` word after word, outside every `notWhen` phrase ("cache" in
 * "cache line" is not a cache); -1 when it does not. Stricter than `findLoosely`: a check is asked on
 * it, and a question too many costs the writer more than one too few.
 */
export function findNamed(words: readonly string[], phrase: readonly string[], notWhen: readonly (readonly string[])[]): number {
  const at = (start: number, p: readonly string[]): boolean => start >= 0 && start + p.length <= words.length && p.every((w, k) => words[start + k] === w);
  // A false friend covers the phrase when it starts at most its own length before it and holds it whole.
  const covered = (start: number): boolean => notWhen.some((f) => {
    for (let s = Math.max(0, start + phrase.length - f.length); s <= start; s++) if (at(s, f)) return true;
    return false;
  });
  for (let start = words.indexOf(phrase[0]!); start !== -1; start = words.indexOf(phrase[0]!, start + 1)) {
    if (at(start, phrase) && !covered(start)) return start;
  }
  return -1;
}

const MAX_GAP = 2;

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

/**
 * Whether `phrase` occurs in `words` in order, with at most MAX_GAP other words between consecutive
 * ones. Every stem of the phrase must stand in `words`: the blocks are looked up by one of them
 * (`phraseKey`), so a change that made a stem optional (synonyms, optional words) must change that.
 */
export function containsLoosely(words: readonly string[], phrase: readonly string[]): boolean {
  return findLoosely(words, phrase) !== -1;
}

/** Where `phrase` starts in `words`, read as `containsLoosely` reads it; -1 when it is not there. */
export function findLoosely(words: readonly string[], phrase: readonly string[]): number {
  for (let start = words.indexOf(phrase[0]!); start !== -1; start = words.indexOf(phrase[0]!, start + 1)) {
    let at = start;
    let ok = true;
    for (let k = 1; k < phrase.length && ok; k++) {
      let next = -1;
      for (let j = at + 1; j <= at + 1 + MAX_GAP && j < words.length; j++) if (words[j] === phrase[k]) { next = j; break; }
      if (next === -1) ok = false;
      else at = next;
    }
    if (ok) return start;
  }
  return -1;
}
