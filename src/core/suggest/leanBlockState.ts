/**
 * A block state for markdown-it that builds its tokens without the published build's helper
 * calls. markdown-it 15's published build gives each token its fields through a class-field
 * helper (`_defineProperty`, with a property-key conversion behind it), eight calls per token
 * before five plain assignments. The engine's block parse of a large document makes hundreds of
 * thousands of tokens, and those calls were about a tenth of its whole analysis time.
 *
 * Every block rule makes its tokens through `state.push`, so a state whose `push` builds the same
 * token by plain assignment gives the same tokens: the same fields, set in the same order, with
 * the same prototype (markdown-it's own `Token` class, so `instanceof` and its methods hold).
 * `test/unit/suggest/leanBlockState.test.ts` compares the tokens with a stock parser's.
 *
 * Only the parser that `installLeanBlockState` is given uses it; other markdown-it instances
 * (the renderer, the catalog reader) keep the stock state.
 */
import type { MarkdownIt, StateBlock, Token } from 'markdown-it';

type Nesting = -1 | 0 | 1;

/** Replaces `md`'s block state by one whose `push` makes tokens by plain assignment. */
export function installLeanBlockState(md: MarkdownIt): void {
  // Everything that reads markdown-it's internals runs inside the try: a later version that has
  // them otherwise (no Token field, another push) keeps its own state, and the engine still loads.
  try {
    const lean = leanStateFor(md);
    if (lean) md.block.State = lean;
  } catch {
    // The stock state stays.
  }
}

/**
 * The lean state for `md`, or undefined when its `push` would not give the stock tokens. A
 * markdown-it whose `push` differs (a later version: tokens with other fields, another order,
 * another prototype, or other changes to the state) keeps its own state: the lean tokens must be the
 * same, or the engine's reading changes. Probed through `push` itself with three token types
 * (opening, leaf, closing); a step a later `push` took for one type only would not be seen.
 */
function leanStateFor(md: MarkdownIt): typeof StateBlock | undefined {
  const StockState: typeof StateBlock = md.block.State;
  // Each state holds the Token class it makes tokens of: the one to build on.
  const TokenClass = new StockState('', md, {}, []).Token;
  if (typeof TokenClass !== 'function') return undefined;
  const makeToken = leanTokenFactory(TokenClass);
  class LeanBlockState extends StockState {
    // The same steps as markdown-it's `StateBlock.push`, with the token made by `makeToken`.
    override push(type: string, tag: string, nesting: Nesting): Token {
      const token = makeToken(type, tag, nesting);
      token.block = true;
      if (nesting < 0) this.level--;
      token.level = this.level;
      if (nesting > 0) this.level++;
      this.tokens.push(token);
      return token;
    }
  }
  return samePushes(StockState, LeanBlockState, md) ? LeanBlockState : undefined;
}

/** Whether the two states' `push` leave the same tokens and the same state after an opening, a leaf and a closing token. */
function samePushes(Stock: typeof StateBlock, Lean: typeof StateBlock, md: MarkdownIt): boolean {
  const run = (State: typeof StateBlock): StateBlock => {
    const state = new State('', md, {}, []);
    state.push('paragraph_open', 'p', 1);
    state.push('inline', '', 0);
    state.push('paragraph_close', 'p', -1);
    return state;
  };
  const stock = run(Stock);
  const lean = run(Lean);
  // The states' own fields: the tokens compared one by one, every other field as sameValue reads it.
  return sameFields(stock, lean, (k) => k === 'tokens' || k === 'md')
    && stock.tokens.length === lean.tokens.length && stock.tokens.every((t, i) => sameFields(t, lean.tokens[i]!) && Object.getPrototypeOf(t) === Object.getPrototypeOf(lean.tokens[i]!));
}

/**
 * Whether two objects have the same own fields (symbols and non-enumerable ones too), in the same
 * order, with the same values (`sameValue`); `skip` names fields compared elsewhere.
 */
function sameFields(a: object, b: object, skip: (key: PropertyKey) => boolean = () => false): boolean {
  const x = Reflect.ownKeys(a);
  const y = Reflect.ownKeys(b);
  return x.length === y.length && x.every((k, i) => y[i] === k && (skip(k) || sameValue(Reflect.get(a, k), Reflect.get(b, k))));
}

/**
 * Primitives by Object.is; arrays element by element; plain objects field by field (one level down);
 * any other object only if it is the same object. Never throws (a circular value, a BigInt). Exported
 * for its unit test.
 */
export function sameValue(a: unknown, b: unknown, depth = 0): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > 1) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i], depth + 1));
  const plain = (o: object): boolean => Object.getPrototypeOf(o) === Object.prototype;
  if (!plain(a) || !plain(b)) return false;
  const x = Object.keys(a);
  const y = Object.keys(b);
  return x.length === y.length && x.every((k, i) => y[i] === k && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1));
}

/**
 * A function that makes a token with the fields markdown-it's `Token` constructor sets, in its
 * order and with its defaults, on `TokenClass.prototype`.
 */
function leanTokenFactory(TokenClass: typeof Token): (type: string, tag: string, nesting: Nesting) => Token {
  // A plain constructor function: V8 gives all its objects one shape, as for a class.
  function LeanToken(this: Record<string, unknown>, type: string, tag: string, nesting: Nesting): void {
    this.map = null;
    this.level = 0;
    this.children = null;
    this.content = '';
    this.markup = '';
    this.info = '';
    this.block = false;
    this.hidden = false;
    this.type = type;
    this.tag = tag;
    this.attrs = null;
    this.nesting = nesting;
    this.meta = null;
  }
  LeanToken.prototype = TokenClass.prototype;
  const Lean = LeanToken as unknown as new (type: string, tag: string, nesting: Nesting) => Token;
  return (type, tag, nesting) => new Lean(type, tag, nesting);
}
