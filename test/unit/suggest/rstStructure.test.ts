/** Stage 1 for reStructuredText (rstStructure.ts). */
import { strict as assert } from 'node:assert';
import { SECTIONS } from '../../../src/core/suggest/lexicon';
import { blankRstMarkup, readRstStructure } from '../../../src/core/suggest/rstStructure';
import { readStructure, type Block, type DocumentStructure } from '../../../src/core/suggest/structure';

const kinds = (s: DocumentStructure): string[] => s.blocks.map((b) => b.kind);
const blockAt = (s: DocumentStructure, line: number): Block | undefined => s.blocks.find((b) => b.startLine <= line && line < b.endLine);
const words = (b: Block | undefined): string => (b?.text ?? '').replace(/\s+/g, ' ').trim();

/** Every block's text is its source slice with some characters turned into spaces, and its lines and offset are the source's. */
function assertMapsToSource(text: string, s: DocumentStructure): void {
  assert.equal(s.length, text.length);
  let previousEnd = 0;
  for (const b of s.blocks) {
    assert.equal(b.offset, s.lineStarts[b.startLine], `offset of the block at line ${b.startLine}`);
    const end = b.endLine < s.lineStarts.length ? s.lineStarts[b.endLine]! : text.length;
    assert.equal(b.text.length, end - b.offset, `length of the block at line ${b.startLine}`);
    for (let i = 0; i < b.text.length; i++) {
      const source = text[b.offset + i]!;
      assert.ok(b.text[i] === source || (b.text[i] === ' ' && source !== '\n'), `block at line ${b.startLine}, character ${i}: ${JSON.stringify(b.text[i])} for ${JSON.stringify(source)}`);
    }
    assert.ok(b.startLine >= previousEnd, `blocks do not overlap (line ${b.startLine})`);
    previousEnd = b.endLine;
  }
}

const SPEC = [
  '..',
  ' This work is licensed under a licence.',
  '',
  ' http://example.org/licence',
  '',
  '=====================',
  'Seat hold service',
  '=====================',
  '',
  'Holds seats for ten minutes.',
  '',
  'Problem description',
  '===================',
  '',
  'Fans double-book seats.',
  '',
  'Use Cases',
  '---------',
  '',
  'A fan holds a seat.',
  '',
  'Design',
  '======',
  '',
  'Alternatives',
  '------------',
  '',
  'A global lock, rejected.',
  '',
  'Data model',
  '----------',
  '',
  'One row per seat.',
  '',
].join('\n');

describe('suggest stage 1 for reStructuredText', () => {
  describe('titles and sections', () => {
    it('takes an overlined title as the title, its adornment lines blanked', () => {
      const s = readRstStructure(SPEC);
      assert.equal(s.title, 'Seat hold service');
      const title = s.blocks.find((b) => b.kind === 'title')!;
      assert.deepEqual([title.startLine, title.endLine, title.level], [5, 8, 1]);
      assert.equal(title.weight, SECTIONS.titleWeight);
      assert.equal(words(title), 'Seat hold service');
      assert.ok(!title.text.includes('='));
      // Markdown reads the same lines as a rule and a setext heading whose text is the overline's.
      assert.equal(readStructure(SPEC).title, undefined);
    });
    it('takes an underlined first title as the title', () => {
      const s = readRstStructure('Seat holds\n==========\n\nHolds seats.\n\nDesign\n------\n\nLocks.\n');
      assert.equal(s.title, 'Seat holds');
      assert.deepEqual(kinds(s), ['title', 'paragraph', 'heading', 'paragraph']);
      assert.equal(s.blocks[2]!.level, 2);
    });
    it('numbers levels by the order adornment styles first appear, an overline making a style of its own', () => {
      const s = readRstStructure('====\nDoc\n====\n\nOne\n===\n\nTwo\n---\n\nThree\n=====\n\nFour\n~~~~\n');
      assert.deepEqual(s.blocks.filter((b) => b.kind === 'title' || b.kind === 'heading').map((b) => [words(b), b.level]), [['Doc', 1], ['One', 2], ['Two', 3], ['Three', 2], ['Four', 4]]);
    });
    it('carries roles to sections as readStructure does: an Alternatives subsection, then a sibling that ends it', () => {
      const s = readRstStructure(SPEC);
      assert.equal(blockAt(s, 19)!.role, 'motivation');
      const rejected = blockAt(s, 27)!;
      assert.equal(rejected.role, 'alternatives');
      assert.equal(rejected.weight, SECTIONS.defaultWeight * SECTIONS.roles.find((r) => r.role === 'alternatives')!.weight);
      assert.equal(blockAt(s, 24)!.kind, 'heading');
      assert.equal(blockAt(s, 24)!.role, 'alternatives');
      assert.equal(blockAt(s, 32)!.role, 'body');
      // The same document in Markdown gives the same roles in the same places.
      const md = readStructure('# Seat hold service\n\n## Design\n\n### Alternatives\n\nA global lock, rejected.\n\n### Data model\n\nOne row per seat.\n');
      assert.deepEqual(md.blocks.map((b) => b.role), ['body', 'proposal', 'alternatives', 'alternatives', 'body', 'body']);
      const rst = readRstStructure('Seat hold service\n=================\n\nDesign\n------\n\nAlternatives\n~~~~~~~~~~~~\n\nA global lock, rejected.\n\nData model\n~~~~~~~~~~\n\nOne row per seat.\n');
      assert.deepEqual(rst.blocks.map((b) => b.role), md.blocks.map((b) => b.role));
      assert.deepEqual(rst.blocks.map((b) => b.section), md.blocks.map((b) => b.section));
    });
    it('reads a `~~~` underline as a section, not as a fence that hides the rest', () => {
      const text = 'Plan\n~~~~\n\nNo double-booking of seats.\n';
      assert.deepEqual(kinds(readRstStructure(text)), ['title', 'paragraph']);
      assert.deepEqual(kinds(readStructure(text)), ['paragraph', 'code']);
    });
    it('reads `#` lines as text, never as headings', () => {
      const s = readRstStructure('Title\n=====\n\n# not a heading\n\nText.\n');
      assert.deepEqual(kinds(s), ['title', 'paragraph', 'paragraph']);
    });
    it('keeps a short or unadorned line under a title as text; a line of punctuation alone is a transition', () => {
      const s = readRstStructure('Title\n=====\n\nA sentence that runs long\n--\n\n----------\n\nAfter.\n');
      assert.deepEqual(kinds(s), ['title', 'paragraph', 'paragraph']);
      assert.equal(s.blocks[1]!.endLine, 5);
    });
    it('does not read a title inside an indented block', () => {
      const s = readRstStructure('Title\n=====\n\n   Quoted\n   ------\n');
      assert.deepEqual(kinds(s), ['title', 'quote']);
    });
    it('falls back as readStructure does when there is no section title', () => {
      assert.equal(readRstStructure('Seat holds for fans\n\nMore text.\n').title, 'Seat holds for fans');
    });
  });

  describe('code, comments and directives', () => {
    it('reads the indented block after `::` as code, at any indent', () => {
      const text = 'Title\n=====\n\nRun this::\n\n  # set up\n  make seats\n\n  make holds\n\nAfter.\n';
      const s = readRstStructure(text);
      assert.deepEqual(kinds(s), ['title', 'paragraph', 'code', 'paragraph']);
      const code = s.blocks[2]!;
      assert.deepEqual([code.startLine, code.endLine, code.weight], [5, 9, SECTIONS.codeWeight]);
      // Markdown reads a two-space indent as text, and `# set up` as a heading.
      assert.ok(readStructure(text).blocks.some((b) => b.kind === 'heading'));
    });
    it('reads an expanded `::` marker and a literal block in a list item', () => {
      const s = readRstStructure('Intro.\n\n::\n\n    select 1;\n\n* Item text::\n\n      code here\n\n* Next item.\n');
      assert.deepEqual(kinds(s), ['paragraph', 'paragraph', 'code', 'list', 'code', 'list']);
    });
    it('reads code-block, code and sourcecode directives with their options and body as code', () => {
      for (const name of ['code-block', 'code', 'sourcecode']) {
        const s = readRstStructure(`Text.\n\n.. ${name}:: python\n   :linenos:\n\n   # a comment\n   lock = acquire()\n\nAfter.\n`);
        assert.deepEqual(kinds(s), ['paragraph', 'code', 'paragraph'], name);
        assert.deepEqual([s.blocks[1]!.startLine, s.blocks[1]!.endLine], [2, 7]);
      }
    });
    it('hides a comment block (a licence header) as front matter, weight 0, and finds the title under it', () => {
      const s = readRstStructure(SPEC);
      assert.equal(s.blocks[0]!.kind, 'frontMatter');
      assert.equal(s.blocks[0]!.weight, 0);
      assert.deepEqual([s.blocks[0]!.startLine, s.blocks[0]!.endLine], [0, 4]);
      assert.equal(s.blocks[1]!.kind, 'title');
      const midway = readRstStructure('Title\n=====\n\n.. a note to reviewers\n   over two lines\n\nText.\n');
      assert.deepEqual(kinds(midway), ['title', 'frontMatter', 'paragraph']);
    });
    it('hides hyperlink targets and substitution definitions, and reads footnotes as text', () => {
      const s = readRstStructure('Text.\n\n.. _seats: http://example.org\n.. |logo| image:: logo.png\n\n.. [1] A footnote about seats.\n');
      assert.deepEqual(kinds(s), ['paragraph', 'paragraph']);
      assert.match(words(s.blocks[1]), /A footnote about seats/);
    });
    it('reads other directives as text: the argument with its marker blanked, options hidden, the body in the section', () => {
      const s = readRstStructure('.. note:: Seats are held\n   for ten minutes.\n\n   The hold expires.\n\n.. image:: img/flow.png\n   :alt: flow\n');
      assert.deepEqual(kinds(s), ['paragraph', 'paragraph']);
      assert.equal(words(s.blocks[0]), 'Seats are held for ten minutes.');
      assert.equal(words(s.blocks[1]), 'The hold expires.');
    });
  });

  describe('lists, tables and quotes', () => {
    it('reads bullet, enumerated, field and definition lists as list blocks', () => {
      const s = readRstStructure([
        '- one', '- two', '  continued', '', '1. first', '2. second', '', '#. auto', '', '(a) lettered', '',
        ':Author: Jane', ':Status: draft', '', 'Term', '   Its definition.', '',
      ].join('\n'));
      assert.deepEqual(kinds(s), ['list', 'list', 'list', 'list', 'list', 'list', 'list', 'list', 'list', 'list']);
      assert.deepEqual([s.blocks[1]!.startLine, s.blocks[1]!.endLine], [1, 3]);
    });
    it('reads an enumerator followed by an unindented line as text ("A. Smith said")', () => {
      assert.deepEqual(kinds(readRstStructure('A. Smith said\nso.\n')), ['paragraph']);
    });
    it('reads a list nested by indentation as a list, and other indented text as a quote', () => {
      const s = readRstStructure('Intro:\n\n    * nested item\n\n    Quoted words.\n');
      assert.deepEqual(kinds(s), ['paragraph', 'list', 'quote']);
      assert.equal(s.blocks[2]!.weight, SECTIONS.quoteWeight);
    });
    it('reads a grid table as one table block per row, borders left out', () => {
      const s = readRstStructure('+------+-------+\n| Name | Value |\n+======+=======+\n| a    | 1     |\n|      | more  |\n+------+-------+\n| b    | 2     |\n+------+-------+\n\nAfter.\n');
      assert.deepEqual(s.blocks.map((b) => [b.kind, b.startLine, b.endLine]), [['table', 1, 2], ['table', 3, 5], ['table', 6, 7], ['paragraph', 9, 10]]);
      assert.equal(s.blocks[0]!.weight, SECTIONS.tableWeight);
    });
    it('reads a simple table as table rows, its borders left out', () => {
      const text = 'Title\n=====\n\n=====  =====\nName   Value\n=====  =====\nreads  100\nwrites 10\n=====  =====\n\nAfter.\n';
      const s = readRstStructure(text);
      assert.deepEqual(s.blocks.map((b) => [b.kind, b.startLine]), [['title', 0], ['table', 4], ['table', 6], ['table', 7], ['paragraph', 10]]);
    });
    it('reads a border with no bottom border as text', () => {
      assert.deepEqual(kinds(readRstStructure('=====  =====\nName   Value\n')), ['paragraph']);
    });
  });

  describe('text', () => {
    it('blanks role markers, embedded targets and addresses, keeping the words and the length', () => {
      const line = 'See :ref:`the design <design-label>` and `Seats <https://example.org/seats>`_ at http://x.org/a.';
      const blanked = blankRstMarkup(line);
      assert.equal(blanked.length, line.length);
      assert.equal(blanked.replace(/\s+/g, ' '), 'See `the design ` and `Seats `_ at ');
    });
    it('maps every block back to the source, line for line (CRLF too)', () => {
      for (const text of [SPEC, SPEC.replace(/\n/g, '\r\n'), 'Title\n=====\n\n.. code-block:: sh\n\n   ls\n\n+---+\n| a |\n+---+\n\n- x\n\n  :ref:`y`\n']) {
        assertMapsToSource(text, readRstStructure(text));
      }
    });
    it('reads a large generated document in one pass and returns sane blocks', () => {
      const section = (i: number): string => [
        `Section ${i}`, '-'.repeat(`Section ${i}`.length), '',
        `Paragraph ${i} about seats and holds, see :ref:\`x\`.`, '',
        '* item one', '* item two', '', 'Example::', '', '    code line', '', '.. note:: A note.', '',
        '=====  =====', 'a      b', '=====  =====', '',
      ].join('\n');
      const parts = ['Big document', '============', ''];
      for (let i = 0; i < 60_000; i++) parts.push(section(i));
      // Hostile pieces: deep indentation and unclosed tables.
      for (let i = 0; i < 2_000; i++) parts.push(`${' '.repeat(i % 200)}deep ${i}`, '', '=====  =====', 'x      y', '');
      const text = parts.join('\n');
      assert.ok(text.length > 5_000_000);
      const s = readRstStructure(text);
      assert.equal(s.title, 'Big document');
      assert.equal(s.blocks.filter((b) => b.kind === 'heading').length, 60_000);
      assert.equal(s.blocks.filter((b) => b.kind === 'code').length, 60_000);
      assert.equal(s.blocks.filter((b) => b.kind === 'table').length, 60_000);
      const last = s.blocks[s.blocks.length - 1]!;
      assert.ok(last.endLine <= s.lineStarts.length);
      for (let i = 1; i < s.blocks.length; i++) assert.ok(s.blocks[i]!.startLine >= s.blocks[i - 1]!.endLine);
    });
  });
});
