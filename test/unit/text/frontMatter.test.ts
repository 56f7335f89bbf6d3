import { strict as assert } from 'node:assert';
import { placeSnippet } from '../../../src/core/snippets/placement';
import { lineStartsOf } from '../../../src/core/suggest/lines';
import { frontMatterLines } from '../../../src/core/suggest/blockParse';
import { FRONT_MATTER_MAX_LINES, frontMatterLastLine } from '../../../src/core/text/frontMatter';

/** Documents and the 0-based line that closes their front matter (undefined: none). */
const CASES: { name: string; text: string; last: number | undefined }[] = [
  { name: 'closed by ---', text: '---\ntitle: A\n---\n# A\n', last: 2 },
  { name: 'closed by ...', text: '---\ntitle: A\n...\n# A\n', last: 2 },
  { name: 'a closing line with trailing spaces', text: '---\ntitle: A\n---  \n# A\n', last: 2 },
  { name: 'CRLF line ends', text: '---\r\ntitle: A\r\n---\r\n# A\r\n', last: 2 },
  { name: 'nothing closes it: a rule', text: '---\nText.\n', last: undefined },
  { name: 'an opening --- with trailing spaces is a rule', text: '--- \ntitle: A\n---\n', last: undefined },
  { name: 'a --- below the first line', text: 'Text.\n---\nMore.\n---\n', last: undefined },
  { name: 'only ---', text: '---', last: undefined },
  { name: 'closed on the last line it may run to', text: `---\n${'k: v\n'.repeat(FRONT_MATTER_MAX_LINES - 2)}---\n# A\n`, last: FRONT_MATTER_MAX_LINES - 1 },
  { name: 'closed one line too late: a rule', text: `---\n${'k: v\n'.repeat(FRONT_MATTER_MAX_LINES - 1)}---\n# A\n`, last: undefined },
];

describe('front matter: one rule for the engine and for snippet placement', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const lines = c.text.split(/\r?\n/);
      const lineText = (i: number): string => lines[i] ?? '';
      assert.equal(frontMatterLastLine(lineText, lines.length), c.last);
      // The engine blanks these lines before it parses.
      assert.equal(frontMatterLines(c.text, lineStartsOf(c.text)), c.last === undefined ? 0 : c.last + 1);
      // A listing asked for on the first line goes after the front matter, or after that line when there is none.
      const placed = placeSnippet({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, lineText, { languageId: 'markdown', lineCount: lines.length });
      assert.equal(placed.at.line, c.last ?? 0);
    });
  }
});
