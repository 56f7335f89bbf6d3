/** The block parse in pieces (blockParse.ts) gives the tokens of one parse of the whole text. */
import { strict as assert } from 'node:assert';
import MarkdownIt, { type Token } from 'markdown-it';
import { frontMatterLines, PIECE_CHARS, readBlockTokens } from '../../../src/core/suggest/blockParse';
import { lineStartsOf } from '../../../src/core/suggest/lines';
import { readStructure } from '../../../src/core/suggest/structure';
import { readIgnoreComments } from '../../../src/core/suggest/ignoreComments';

/** The parse the engine made before it cut the text into pieces: the whole text at once. */
const whole = new MarkdownIt('commonmark', { html: false });
whole.enable('table');
whole.core.ruler.disable(['inline', 'text_join'], true);

function describeToken(t: Token, firstLine: number): string {
  const map = t.map ? [t.map[0] + firstLine, t.map[1] + firstLine] : null;
  return JSON.stringify([t.type, t.tag, map, t.nesting, t.level, t.content, t.markup, t.info, t.hidden]);
}

function wholeParse(text: string): string[] {
  const lineStarts = lineStartsOf(text);
  const fm = frontMatterLines(text, lineStarts);
  const body = fm > 0 ? '\n'.repeat(fm) + text.slice(lineStarts[fm] ?? text.length) : text;
  return whole.parse(body, {}).map((t) => describeToken(t, 0));
}

function pieceParse(text: string, pieceChars: number): { tokens: string[]; pieces: number } {
  const lineStarts = lineStartsOf(text);
  const tokens: string[] = [];
  let pieces = 0;
  readBlockTokens(text, lineStarts, frontMatterLines(text, lineStarts), (piece, firstLine) => {
    pieces++;
    for (const t of piece) tokens.push(describeToken(t, firstLine));
  }, pieceChars);
  return { tokens, pieces };
}

/** Documents where a piece could end in the wrong place, each with the number of pieces a 1-character piece size gives. */
const CASES: { name: string; text: string; pieces: number }[] = [
  { name: 'sections', text: '# A\n\ntext\n\n## B\n\n- item\n\n  more\n\n## C\n\n| a |\n| - |\n| 1 |\n', pieces: 3 },
  { name: 'a fence never closed runs over the headings after it', text: 'a\n\n```\ncode\n\n# inside the fence\n\ntext\n\n# still inside\n', pieces: 1 },
  // A piece a construct runs out of is parsed with the rest of the text: one piece from there on.
  { name: 'a fence closed after a heading-like line', text: 'a\n\n~~~~\ncode\n\n# inside\n\n~~~\n\n# inside too\n\n~~~~\n\n# out\n\ntext\n', pieces: 1 },
  // The fence ends at the heading, with the piece: taken for one that runs on (the check errs on the safe side).
  { name: 'a fence in a list item ends at a line at column 0', text: '- item\n\n  ```\n  code\n\n# heading\n\nmore\n\n# next\n', pieces: 1 },
  { name: 'nesting at the limit skips to the end of the text', text: `${Array.from({ length: 14 }, (_, i) => `${' '.repeat(2 * i)}- level ${i}`).join('\n')}\n\n# after\n\ntext\n\n# again\n`, pieces: 1 },
  { name: 'a loose list broken by a heading', text: '- a\n\n- b\n\n# h\n\n- c\n\n- d\n', pieces: 2 },
  { name: 'indented code, and lines that are no ATX heading', text: '    code\n\n# h\n\n    code2\n\n#h\n\n####### no\n\n# yes\n', pieces: 3 },
  { name: 'front matter', text: '---\ntitle: x\n---\n\n# h\n\ntext\n\n# h2\n', pieces: 3 },
  { name: 'a blank line of spaces and tabs', text: 'a\n \t \n# h\n\ntext\n   \n## h2\n', pieces: 3 },
  { name: 'CRLF line ends', text: 'a\r\n\r\n# h\r\n\r\ntext\r\n\r\n## h2\r\n', pieces: 3 },
  { name: 'CRLF, a blank line of spaces, an empty heading', text: 'a\r\n  \r\n#\r\n\r\n```\r\ncode\r\n\r\n# not a heading\r\n```\r\n', pieces: 2 },
  { name: 'empty headings, and one at the very end', text: 'x\n\n#\n\n##\n\ny\n\n#', pieces: 4 },
];

describe('suggest: the block parse in pieces', () => {
  for (const c of CASES) {
    it(`gives the tokens of one parse of the whole text: ${c.name}`, () => {
      const expected = wholeParse(c.text);
      for (const size of [1, 8, 64, 1 << 20]) assert.deepEqual(pieceParse(c.text, size).tokens, expected, `pieces of ${size} characters`);
      assert.equal(pieceParse(c.text, 1).pieces, c.pieces, 'pieces of 1 character');
    });
  }

  it('cuts a long document into pieces of about PIECE_CHARS, with the same structure as one parse', () => {
    const section = (i: number): string => `## Section ${i}\n\nA paragraph about section ${i}, long enough to count.\n\n- a list item\n- another\n\n`;
    const text = Array.from({ length: 2000 }, (_, i) => section(i)).join('');
    const { tokens, pieces } = pieceParse(text, PIECE_CHARS);
    assert.deepEqual(tokens, wholeParse(text));
    assert.ok(pieces >= Math.floor(text.length / PIECE_CHARS) && pieces <= Math.ceil(text.length / PIECE_CHARS), `${pieces} pieces`);
    const s = readStructure(text);
    assert.equal(s.blocks.filter((b) => b.kind === 'heading' || b.kind === 'title').length, 2000);
    const last = s.blocks[s.blocks.length - 1]!;
    assert.equal(text.slice(last.offset, last.offset + 'another'.length + 2), '- another');
  });

  it('finds code the same way for the ignore comments: a comment inside an unclosed fence is text', () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `## Part ${i}\n\nWords.\n\n`).join('');
    const text = `${filler}\`\`\`\ncode\n\n# not a heading\n\n<!-- sdp-ignore: caching -->\n`;
    assert.equal(readIgnoreComments(text).ids.size, 0);
    assert.deepEqual([...readIgnoreComments(`${filler}<!-- sdp-ignore: caching -->\n`).ids], ['caching']);
  });
});
