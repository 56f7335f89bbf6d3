/**
 * The words the tokenizer has met, found by their characters in the text, so that a word met
 * before costs no string. The bench's 10 MB document holds about 1.2 million words but under two thousand
 * distinct ones: slicing and lowercasing each occurrence, then hashing that new string once for
 * every set it was looked up in (clause words, stems), was most of the tokenizer's time and much
 * of the garbage collector's. Here the tokenizer hashes the characters as it scans them, and a hit
 * hands back the word's one string with what was derived from it once (its stem, whether it
 * breaks a clause).
 *
 * Only words of plain ASCII letters and digits are kept, whose lowercase form is each character
 * code with bit 0x20 set. The tokenizer keeps only short ones, for the reason `tokens.ts` gives for
 * its stem cache (a longer slice may hold the whole document alive), and its table is module-level
 * like that cache, so it is capped: past `maxWords` nothing is added, and a word not kept is read
 * the long way. So that a session that has met many words (hashes, identifiers) does not lose the
 * fast path for good, the tokenizer clears a full table before the next document is read
 * (`beginDocument` in tokens.ts). Nothing here depends on the document beyond its words.
 */

/** A word's hash as the tokenizer computes it, one lowercase character code after another. */
export function nextHash(hash: number, lowerCode: number): number {
  return (Math.imul(hash, 31) + lowerCode) | 0;
}

export class WordTable {
  /** Entry i: the word, its stem, and whether it is a clause word. */
  readonly words: string[] = [];
  readonly stems: string[] = [];
  readonly clauseBreaks: boolean[] = [];
  private readonly hashes: number[] = [];
  /**
   * The entries' words again, as character codes one after another: entry i's are
   * `chars[charStarts[i]]` up to `chars[charStarts[i + 1]]`. A lookup compares the text with these
   * instead of with the word's string: reading a string's characters costs a check of how V8 stores
   * that string at every character, and that comparison was a quarter of the tokenizer's time.
   */
  private chars = new Uint8Array(1 << 14);
  private readonly charStarts: number[] = [0];
  /** Open addressing: entry index + 1, 0 for an empty slot. */
  private slots = new Int32Array(1 << 12);
  /**
   * Bumped by `clear`. An entry number means one word only within a generation: whatever is kept
   * by entry number elsewhere must be dropped when the generation changes. A `TokenList` records the
   * generation it was filled under (`TokenList.generation`), and both keepers by entry number read
   * that, not this: tokens.ts `WordMemo` and terms.ts `DocumentTermCounts` drop their entries when
   * the tokens they are given come from another generation.
   */
  generation = 0;

  constructor(readonly maxWords: number) {}

  get full(): boolean {
    return this.words.length >= this.maxWords;
  }

  /** Empties the table, so that the words of the documents read next get entries again. */
  clear(): void {
    this.words.length = 0;
    this.stems.length = 0;
    this.clauseBreaks.length = 0;
    this.hashes.length = 0;
    this.charStarts.length = 1;
    this.slots = new Int32Array(1 << 12);
    this.generation++;
  }

  get size(): number {
    return this.words.length;
  }

  /**
   * The entry of the word text[start, end), whose characters are ASCII letters and digits and
   * whose hash is `hash`; -1 when it is not in the table.
   */
  find(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = mixed(hash) & mask; ; slot = (slot + 1) & mask) {
      const e = this.slots[slot]! - 1;
      if (e < 0) return -1;
      if (this.hashes[e] === hash && this.holds(e, text, start, end)) return e;
    }
  }

  /** Adds a word not in the table (its lowercase form, as `find` compares it); returns its entry, or -1 when the table is full. */
  add(word: string, hash: number, stem: string, clauseBreak: boolean): number {
    if (this.full) return -1;
    const e = this.words.length;
    this.words.push(word);
    this.stems.push(stem);
    this.clauseBreaks.push(clauseBreak);
    this.hashes.push(hash);
    this.addChars(word);
    // At most half full, so a miss ends at an empty slot after a step or two.
    if ((e + 1) * 2 > this.slots.length) this.grow();
    else this.place(e);
    return e;
  }

  /** Whether entry e's word is text[start, end) lowercased; the text's characters there are ASCII letters and digits. */
  private holds(e: number, text: string, start: number, end: number): boolean {
    const from = this.charStarts[e]!;
    if (this.charStarts[e + 1]! - from !== end - start) return false;
    const chars = this.chars;
    for (let k = 0; k < end - start; k++) {
      if (chars[from + k] !== (text.charCodeAt(start + k) | 0x20)) return false;
    }
    return true;
  }

  /** Keeps the word's characters one byte each: only ASCII words are added (`add`'s callers read ASCII letters and digits). */
  private addChars(word: string): void {
    const from = this.charStarts[this.charStarts.length - 1]!;
    if (from + word.length > this.chars.length) {
      const grown = new Uint8Array(Math.max(this.chars.length * 2, from + word.length));
      grown.set(this.chars);
      this.chars = grown;
    }
    for (let k = 0; k < word.length; k++) this.chars[from + k] = word.charCodeAt(k);
    this.charStarts.push(from + word.length);
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let slot = mixed(this.hashes[e]!) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = e + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let e = 0; e < this.words.length; e++) this.place(e);
  }
}

/**
 * The hash with its high bits folded into the low ones the slots are chosen by: `h * 31 + c` alone
 * leaves the low bits to the last characters, so words that share them would crowd one run of slots.
 */
function mixed(hash: number): number {
  return hash ^ (hash >>> 16);
}
