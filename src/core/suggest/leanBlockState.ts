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
  const StockState: typeof StateBlock = md.block.State;
  // The Token class is not exported at run time; each state holds it as a field.
  const TokenClass = new StockState('', md, {}, []).Token;
  const makeToken = leanTokenFactory(TokenClass);
  // A markdown-it whose tokens have other fields, or another order (a later version), keeps its own
  // state: the lean tokens must be the same objects, field for field, or the engine's reading changes.
  if (!sameFields(new TokenClass('paragraph_open', 'p', 1), makeToken('paragraph_open', 'p', 1))) return;
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
  md.block.State = LeanBlockState;
}

/** Whether two tokens have the same fields, in the same order, with the same values. */
function sameFields(a: object, b: object): boolean {
  const x = Object.entries(a);
  const y = Object.entries(b);
  return x.length === y.length && x.every(([k, v], i) => y[i]![0] === k && Object.is(y[i]![1], v)) && Object.getPrototypeOf(a) === Object.getPrototypeOf(b);
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
