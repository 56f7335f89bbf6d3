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

const MAX_ENTRIES = 1 << 18;

export class WordTable {
  private slots: Int32Array;
  private mask: number;
  private keys: string[] = [];
  private hashes: number[] = [];
  private ids: number[] = [];
  private flags: number[] = [];
  private lowers: string[] = [];

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
    this.keys.push(foldAscii(word));
    this.hashes.push(hash);
    this.ids.push(this.resolve(lower));
    this.flags.push(this.flagOf(lower));
    this.lowers.push(lower);
    this.insert(e, hash);
    if (this.keys.length * 2 > this.slots.length) this.grow();
    return e;
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
