/**
 * Negation: is a keyword hit evidence that the doc needs the thing, or that it does not?
 *
 * Two kinds of "no" behave oppositely in design docs:
 * - A negated need rules the thing out: "we do not need real-time updates", "no need for a
 *   cache", "analytics do not need to be realtime", "sharding is out of scope". Not evidence.
 * - A negated failure states a requirement: "no double-booking", "never oversell", "must not
 *   lose writes". That is evidence for the pattern that prevents it, so it stays.
 * So a cue word only negates when it governs a need/use verb (or "scope"), or says outright
 * that the thing "is not" there. The scope is the clause: it stops at punctuation and at "but".
 */

/** Words that negate what follows. Apostrophes are already removed ("don't" -> "dont"). */
const NEGATORS = new Set([
  'not', 'no', 'never', 'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'wont', 'cannot', 'cant',
  'neednt', 'shouldnt', 'wouldnt', 'neither', 'nor', 'without',
]);
/** Verbs and nouns of need and use: a negator governing one of these rules the thing out. */
const NEED_WORDS = new Set([
  'need', 'needs', 'needed', 'require', 'requires', 'required', 'necessary', 'use', 'uses', 'using', 'used', 'want',
  'wants', 'support', 'supports', 'supported', 'plan', 'planned', 'build', 'implement', 'provide', 'offer', 'care',
  'scope', 'goal', 'bother', 'matter', 'important', 'expected', 'expect', 'be', 'is', 'are', 'have', 'has',
]);
/** Words that rule out what precedes them on their own ("caching is unnecessary"). */
const SELF_NEGATING_AFTER = new Set(['unnecessary', 'unneeded', 'overkill', 'needless']);
/** Words that rule out what follows them on their own ("instead of polling"). */
const CONTRAST_BEFORE: readonly (readonly string[])[] = [['instead', 'of'], ['rather', 'than'], ['unlike']];
/** Modal words before "not": "must not double-book" states a requirement, not a lack of need. */
const MODALS = new Set(['must', 'should', 'shall', 'may', 'can', 'will', 'mustnt', 'never']);
const COPULAS = new Set(['is', 'are', 'be', 'was', 'were']);
const CLAUSE_WORDS = new Set(['but', 'however', 'although', 'though', 'whereas', 'except']);

/**
 * Whether a word can make a hit negated: `isNegated` answers true only when the line has a
 * negator, a self-negating word, or the first word of a contrast ("instead of", "rather than",
 * "unlike") or of "out of scope". A line without any of them needs no check.
 */
export function mayNegate(lowerWord: string): boolean {
  return NEGATORS.has(lowerWord) || SELF_NEGATING_AFTER.has(lowerWord) || lowerWord === 'instead' || lowerWord === 'rather' ||
    lowerWord === 'unlike' || lowerWord === 'out' || CONTRAST_BEFORE.some((phrase) => phrase[0] === lowerWord);
}

const WINDOW_BEFORE = 7;
const WINDOW_AFTER = 6;

/**
 * Whether the hit spanning lowercase words `[start, end)` of a line is negated.
 * `breakBefore[i]` is true when a clause break precedes word i.
 */
export function isNegated(words: readonly string[], breakBefore: readonly boolean[], count: number, start: number, end: number): boolean {
  return negatedBefore(words, breakBefore, start) || negatedAfter(words, breakBefore, count, end);
}

function negatedBefore(words: readonly string[], breakBefore: readonly boolean[], start: number): boolean {
  let sawNeed = false;
  const from = Math.max(0, start - WINDOW_BEFORE);
  for (let i = start - 1; i >= from; i--) {
    const w = words[i]!;
    if (CLAUSE_WORDS.has(w)) return false;
    if (i + 1 <= start - 1 && isContrast(words, i, start)) return true;
    if (w === 'unlike') return true;
    if (NEED_WORDS.has(w)) sawNeed = true;
    if (NEGATORS.has(w)) {
      const prev = i > 0 ? words[i - 1]! : '';
      // "must not lose writes", "never oversell", "no double-booking": a requirement.
      if (w === 'not' && MODALS.has(prev) && !breakBefore[i]) return false;
      if (sawNeed) return true;
      // "pastes are not realtime", "the feed isn't live": the thing is said to be absent.
      if (w === 'isnt' || w === 'arent' || (w === 'not' && COPULAS.has(prev))) return true;
      return false;
    }
    if (breakBefore[i]) return false;
  }
  return false;
}

function isContrast(words: readonly string[], i: number, start: number): boolean {
  for (const phrase of CONTRAST_BEFORE) {
    if (phrase.length !== 2 || i + 1 >= start) continue;
    if (words[i] === phrase[0] && words[i + 1] === phrase[1]) return true;
  }
  return false;
}

function negatedAfter(words: readonly string[], breakBefore: readonly boolean[], count: number, end: number): boolean {
  const to = Math.min(count, end + WINDOW_AFTER);
  let sawNegator = false;
  for (let i = end; i < to; i++) {
    if (breakBefore[i]) return false;
    const w = words[i]!;
    if (CLAUSE_WORDS.has(w)) return false;
    if (SELF_NEGATING_AFTER.has(w)) return true;
    if (NEGATORS.has(w)) {
      const prev = words[i - 1] ?? '';
      if (w === 'not' && MODALS.has(prev)) return false;
      sawNegator = true;
      continue;
    }
    if (sawNegator && NEED_WORDS.has(w)) return true;
    if (w === 'out' && words[i + 1] === 'of' && words[i + 2] === 'scope') return true;
  }
  return false;
}
