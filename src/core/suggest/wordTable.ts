/**
 * Word -> stem id without allocating a string per word. The scanner hashes each word's
 * characters as it reads them (ASCII letters folded to lowercase, apostrophes skipped) and looks
 * the hash up in an open-addressing table whose entries are compared in place against the text.
 * Only a word never seen before is sliced, lowercased and stemmed; afterwards every occurrence of
 * it, in any document, costs a hash probe. The table is shared by all calls of one engine.
 */

/** Entry flags. */
export const FLAG_REQUIREMENT = 1;
/** A word that can turn a number next to it into a figure (numbers.ts `isFigureWord`). */
export const FLAG_FIGURE = 2;
/** A word of the catalog's prose register (vocabulary.ts `REGISTER_WORD`). */
export const FLAG_REGISTER = 4;
/** A word of the register's core (vocabulary.ts `REGISTER_CORE`). */
export const FLAG_REGISTER_CORE = 8;
/** A word that can negate a hit in its line (negation.ts `mayNegate`). */
export const FLAG_NEGATION = 16;
/** A plural magnitude that states a figure without a digit ("millions of writes"; numbers.ts `isMagnitudeWord`). */
export const FLAG_MAGNITUDE = 32;

const MAX_ENTRIES = 1 << 18;

/**
 * The table's words are also kept in a trie over folded ASCII letters and digits, which the
 * scanner walks as it reads a word's characters: a known word resolves to its entry at the end
 * of the word, with no hash probe and no second pass comparing it against its key. Node 0 is a
 * dead end whose children are all 0, so a walk that leaves the trie stays at 0 without a branch;
 * the root is node 1. Words with other characters (or met once the trie is full) go through the
 * hash table only.
 */
export const TRIE_WIDTH = 37;
/** Column of a word character in a trie node: 0..35 for ASCII digits and letters (either case); 36, never set, for the rest. */
export const TRIE_OTHER = 36;
export const TRIE_ROOT = 1;
/** Node indices are 16-bit. */
const MAX_TRIE_NODES = 0xffff;
const INITIAL_TRIE_NODES = 1 << 11;

/** Trie column by UTF-16 code unit (`TRIE_OTHER` for everything but ASCII digits and letters). */
export const TRIE_COLUMN = ((): Uint8Array => {
  const t = new Uint8Array(0x10000).fill(TRIE_OTHER);
  for (let c = 48; c <= 57; c++) t[c] = c - 48;
  for (let c = 97; c <= 122; c++) {
    t[c] = c - 97 + 10;
    t[c - 32] = c - 97 + 10;
  }
  return t;
})();

export class WordTable {
  private slots: Int32Array;
  private mask: number;
  private keys: string[] = [];
  private hashes: number[] = [];
  private ids: number[] = [];
  private flags: number[] = [];
  private lowers: string[] = [];
  /** Children of each trie node, `TRIE_WIDTH` per node by `TRIE_COLUMN`; 0: none. Replaced when it grows. */
  trie = new Uint16Array(INITIAL_TRIE_NODES * TRIE_WIDTH);
  /** Entry + 1 of the word that ends at each trie node; 0: none. Replaced when it grows. */
  trieEntries = new Int32Array(INITIAL_TRIE_NODES);
  private trieNodes = TRIE_ROOT + 1;

  constructor(
    private readonly resolve: (lowerWord: string) => number,
    private readonly flagOf: (lowerWord: string) => number,
  ) {
    this.slots = new Int32Array(1 << 12);
    this.mask = this.slots.length - 1;
  }

  /**
   * Entry index of the word `text[start, end)` whose folded hash is `hash`; adds it when new.
   * `apostrophes` says whether the span contains apostrophes to skip.
   */
  lookup(text: string, start: number, end: number, hash: number, apostrophes: boolean): number {
    const mask = this.mask;
    let slot = mix(hash) & mask;
    for (;;) {
      const e = this.slots[slot]! - 1;
      if (e < 0) break;
      if (this.hashes[e] === hash && equalsFolded(this.keys[e]!, text, start, end, apostrophes)) return e;
      slot = (slot + 1) & mask;
    }
    if (this.keys.length >= MAX_ENTRIES) this.clear();
    let word = text.slice(start, end);
    if (apostrophes) word = word.replace(/['\u2019]/g, '');
    const lower = word.toLowerCase();
    const e = this.keys.length;
    // The stored key is the folded form the comparison uses (ASCII lowercase only), not `lower`,
    // so that words with non-ASCII capitals still compare equal to themselves.
    const key = isAscii(word) ? lower : foldAscii(word);
    this.keys.push(key);
    this.hashes.push(hash);
    this.ids.push(this.resolve(lower));
    this.flags.push(this.flagOf(lower));
    this.lowers.push(lower);
    this.insert(e, hash);
    if (this.keys.length * 2 > this.slots.length) this.grow();
    this.trieInsert(key, e);
    return e;
  }

  /** Adds `key` (folded, no apostrophes) to the trie when it is all ASCII letters and digits and the trie has room. */
  private trieInsert(key: string, e: number): void {
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (TRIE_COLUMN[c] === TRIE_OTHER) return;
    }
    let node = TRIE_ROOT;
    for (let i = 0; i < key.length; i++) {
      const at = node * TRIE_WIDTH + TRIE_COLUMN[key.charCodeAt(i)]!;
      let child = this.trie[at]!;
      if (child === 0) {
        if (this.trieNodes >= MAX_TRIE_NODES) return;
        if (this.trieNodes === this.trieEntries.length) this.trieGrow();
        child = this.trieNodes++;
        this.trie[at] = child;
      }
      node = child;
    }
    this.trieEntries[node] = e + 1;
  }

  private trieGrow(): void {
    const n = Math.min(this.trieEntries.length * 2, MAX_TRIE_NODES);
    const trie = new Uint16Array(n * TRIE_WIDTH);
    trie.set(this.trie);
    this.trie = trie;
    const entries = new Int32Array(n);
    entries.set(this.trieEntries);
    this.trieEntries = entries;
  }

  /**
   * `lookup` for a word whose hash the caller has not computed: hashes `text[start, end)` the
   * way the scanner does (ASCII capitals folded, apostrophes skipped).
   */
  lookupSpan(text: string, start: number, end: number, apostrophes: boolean): number {
    let hash = 0;
    let first = true;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (apostrophes && isApostrophe(c)) continue;
      hash = first ? foldCode(c) : (Math.imul(hash, 31) + foldCode(c)) | 0;
      first = false;
    }
    return this.lookup(text, start, end, hash, apostrophes);
  }

  idOf(entry: number): number {
    return this.ids[entry]!;
  }

  flagsOf(entry: number): number {
    return this.flags[entry]!;
  }

  /** The lowercase word of an entry (for negation checks, which read the words around a hit). */
  wordOf(entry: number): string {
    return this.lowers[entry]!;
  }

  private insert(e: number, hash: number): void {
    let slot = mix(hash) & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = e + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let e = 0; e < this.keys.length; e++) this.insert(e, this.hashes[e]!);
  }

  private clear(): void {
    this.slots = new Int32Array(1 << 12);
    this.mask = this.slots.length - 1;
    this.keys = [];
    this.hashes = [];
    this.ids = [];
    this.flags = [];
    this.lowers = [];
    this.trie = new Uint16Array(INITIAL_TRIE_NODES * TRIE_WIDTH);
    this.trieEntries = new Int32Array(INITIAL_TRIE_NODES);
    this.trieNodes = TRIE_ROOT + 1;
  }
}

/** Spreads a polynomial hash's bits into its low bits, which pick the slot (fewer collisions among similar words). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}

/** ASCII capitals to lowercase; every other code unit unchanged. */
export function foldCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function foldAscii(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) out += String.fromCharCode(foldCode(word.charCodeAt(i)));
  return out;
}

/** All code units ASCII (then lowercasing and ASCII folding agree). */
function isAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) >= 128) return false;
  return true;
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019;
}

function equalsFolded(key: string, text: string, start: number, end: number, apostrophes: boolean): boolean {
  if (!apostrophes) {
    if (key.length !== end - start) return false;
    for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== foldCode(text.charCodeAt(start + i))) return false;
    return true;
  }
  let k = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isApostrophe(c)) continue;
    if (k >= key.length || key.charCodeAt(k) !== foldCode(c)) return false;
    k++;
  }
  return k === key.length;
}
