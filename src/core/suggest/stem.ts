/**
 * A small, predictable English stemmer. It only has to map the inflections a design doc uses
 * ("booking", "booked", "books") onto the same key as the base form a content writer gives
 * ("book"), so it strips a handful of suffixes and never guesses beyond that. Both the catalog
 * keywords and the document go through the same function, so consistency matters more than
 * linguistic accuracy.
 */

const UNDOUBLE = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);

/** Agent nouns kept whole (after the plural "s" is gone): their verbs are too common to stand for them. */
const WHOLE_AGENT_NOUNS = new Set(['worker', 'server', 'container', 'computer', 'number', 'manager', 'runner']);

function hasVowel(word: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = word.charCodeAt(i);
    // a e i o u y
    if (c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121) return true;
  }
  return false;
}

function stripSuffix(word: string, suffix: string, minStem: number): string | undefined {
  if (!word.endsWith(suffix)) return undefined;
  const end = word.length - suffix.length;
  if (end < minStem || !hasVowel(word, end)) return undefined;
  return word.slice(0, end);
}

function undouble(word: string): string {
  const n = word.length;
  if (n >= 4 && UNDOUBLE.has(word.slice(n - 2))) return word.slice(0, n - 1);
  return word;
}

function dropFinalE(word: string): string {
  return word.length > 3 && word.endsWith('e') ? word.slice(0, -1) : word;
}

/** Stem one lowercase word made of letters and digits. */
export function stemWord(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("'s")) w = w.slice(0, -2);

  // Plurals and third person.
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') && w.length > 3) {
    w = w.slice(0, -1);
  }

  // Verb forms.
  let stripped = stripSuffix(w, 'ing', 3) ?? stripSuffix(w, 'ied', 3) ?? stripSuffix(w, 'ed', 3);
  if (stripped !== undefined) {
    if (w.endsWith('ied')) stripped += 'y';
    w = undouble(stripped);
  }

  // Derivations that design docs use interchangeably with the verb ("replication", "replicate").
  const ation = stripSuffix(w, 'ations', 3) ?? stripSuffix(w, 'ation', 3) ?? stripSuffix(w, 'ate', 3);
  if (ation !== undefined) w = ation;

  // Agent nouns: "editor" ~ "edit", "crawler" ~ "crawl", "bidder" ~ "bid".
  // Only with at least four letters left, so "order", "user", "timer" and "later" stay whole.
  // "orchestrator" ~ "orchestration", "coordinator" ~ "coordinate". Not where the verb is a word
  // every document uses: a "worker" is not any "work", a "server" not anything we "serve".
  if (ation === undefined && !WHOLE_AGENT_NOUNS.has(w)) {
    const ator = stripSuffix(w, 'ator', 3);
    if (ator !== undefined) return ator;
    if (w.length >= 6 && (w.endsWith('er') || w.endsWith('or'))) {
      const agent = w.slice(0, -2);
      if (hasVowel(agent, agent.length)) return dropFinalE(undouble(agent));
    }
  }

  return dropFinalE(w);
}
