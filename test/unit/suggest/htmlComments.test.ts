import { strict as assert } from 'node:assert';
import { blankCommentSpans } from '../../../src/core/suggest/commentSpans';
import { hideHtmlComments } from '../../../src/core/suggest/htmlComments';
import { readStructure } from '../../../src/core/suggest/structure';
import { example, realEngine } from '../review/shared';

/** Where the line breaks are: blanking must move none. */
const breaks = (s: string): number[] => [...s].flatMap((c, i) => (c === '\n' ? [i] : []));

/** The words left in a text once blanked (no-break spaces are blanks). */
const words = (s: string): string[] => s.split(/[\s\u00a0]+/).filter(Boolean);

describe('HTML comments are not read', () => {
  it('blanks a comment over several lines and paragraphs, keeping every line break and the length', () => {
    const text = 'Intro\n<!-- guidance: say how you cache\n\nand what the latency is -->\nReal text\n';
    const hidden = hideHtmlComments(text);
    assert.equal(hidden.length, text.length);
    assert.deepEqual(breaks(hidden), breaks(text));
    assert.deepEqual(words(hidden), ['Intro', 'Real', 'text']);
  });

  it('gives back the same string when there is no comment', () => {
    const text = '# Plain\n\nA <b>tag</b> is not a comment, and neither is -->.\n';
    assert.equal(hideHtmlComments(text), text);
  });

  it('leaves a comment inside code alone: fenced, indented, or an inline code span', () => {
    const text = '```html\n<!-- in a fence -->\n```\n\n    <!-- indented code -->\n\nWrite `<!-- x -->` to hide text. <!-- hidden -->\n';
    const hidden = hideHtmlComments(text);
    assert.ok(hidden.includes('<!-- in a fence -->'));
    assert.ok(hidden.includes('<!-- indented code -->'));
    assert.ok(hidden.includes('`<!-- x -->`'));
    assert.ok(!hidden.includes('hidden'));
  });

  it('an opener inside a code span does not start a comment that would hide the text after it', () => {
    const text = 'Type `<!--` to open one.\n\nThe queue backs up --> then drains.\n';
    assert.equal(hideHtmlComments(text), text);
  });

  it('leaves a comment with no end as text, so a typo hides nothing', () => {
    const text = 'Before <!-- forgot to close\n\nthe rest of the design\n';
    assert.equal(hideHtmlComments(text), text);
  });

  it('a comment inside a line hides only when it closes in the same paragraph, heading or table row, as a renderer reads it', () => {
    // An opener typed by mistake is shown as text; a later comment is its own and still hidden.
    const typo = 'We cache <!-- oops\n\n## Later\n\nShards and queues.\n\n<!-- a real note -->\n';
    assert.deepEqual(words(hideHtmlComments(typo)), ['We', 'cache', '<!--', 'oops', '##', 'Later', 'Shards', 'and', 'queues.']);
    for (const shown of ['Intro <!-- x\n\ny --> after\n', '- item one <!-- note\n- item two -->\n', '## Design <!-- draft\n\nBody -->\n']) {
      assert.equal(hideHtmlComments(shown), shown, shown);
    }
    assert.deepEqual(words(hideHtmlComments('## Design <!-- draft -->\n| a <!-- x --> | b |\n')), ['##', 'Design', '|', 'a', '|', 'b', '|']);
  });

  it('a comment that starts a line opens a block, which runs to its `-->` over blank lines, in a list item too', () => {
    assert.deepEqual(words(hideHtmlComments('Intro\n<!-- one\n\ntwo -->\nafter\n')), ['Intro', 'after']);
    assert.deepEqual(words(hideHtmlComments('- <!-- a\n\n  b -->\n- item\n')), ['-', '-', 'item']);
    assert.deepEqual(words(hideHtmlComments('1. <!-- a -->\n   text\n')), ['1.', 'text']);
  });

  it('blanking makes no heading: a list item holding only a comment stays a list item under a line of text', () => {
    const text = '# Payment service\n\n## Requirements\n\nWhat it must do:\n- <!-- list the functional requirements -->\n\nIt must hold seats.\n\n## Design\n';
    const headings = (t: string): string[] => readStructure(hideHtmlComments(t)).blocks.filter((b) => b.kind === 'heading' || b.kind === 'title').map((b) => b.text.trim());
    assert.deepEqual(headings(text), ['Payment service', 'Requirements', 'Design']);
    assert.deepEqual(headings('# Doc\n\nWe shard.\n-<!-- a note -->\n'), ['Doc']);
    // In a quote, and in a nested list indented four columns.
    assert.deepEqual(headings('# Doc\n\n> Text\n> - <!-- c -->\n'), ['Doc']);
    assert.deepEqual(headings('# Doc\n\n- Text\n    - <!-- c -->\n'), ['Doc']);
  });

  it('a list item or quote holding only a comment leaves the lines after it as they were: a heading, a title, a table', () => {
    const kinds = (t: string): string[] => readStructure(hideHtmlComments(t)).blocks.filter((b) => b.text.replace(/[\s\u00a0>*+-]/g, '') !== '').map((b) => `${b.kind}:${b.text.replace(/[\s\u00a0]+/g, ' ').trim()}`);
    assert.deepEqual(kinds('- <!-- c -->\nSome text\n---\n'), ['title:Some text ---']);
    assert.equal(readStructure(hideHtmlComments('> <!-- status: draft -->\n# Payment service\n')).title, 'Payment service');
    assert.deepEqual(kinds('> <!-- c -->\nText\n'), ['paragraph:Text']);
  });

  it('a comment indented four columns after a blank line, inside a list item, is an HTML block of the item and hides', () => {
    assert.deepEqual(words(hideHtmlComments('- a\n\n    <!-- guidance\n\n    more words -->\n')), ['-', 'a']);
    // Right under the item's text too: in a list item four columns count from the item's content.
    assert.deepEqual(words(hideHtmlComments('- item\n    <!-- c\n\n    more words -->\n')), ['-', 'item']);
  });

  it('an inline comment blanks no line: its paragraph goes on, and an indented line after it is not code', () => {
    assert.deepEqual(readStructure(hideHtmlComments('Text <!-- a\nb -->\nmore\n')).blocks.map((b) => b.kind), ['paragraph']);
    const spread = readStructure(hideHtmlComments('First line <!-- a\nb --> still the same paragraph\n')).blocks;
    assert.deepEqual(spread.map((b) => b.kind), ['paragraph']);
    // Four columns before the opener inside a paragraph: a continuation line, so the comment is inline.
    const indented = readStructure(hideHtmlComments('Note:\n    <!-- an aside -->\n    Read the caching section first.\n')).blocks;
    assert.deepEqual(indented.map((b) => b.kind), ['paragraph']);
    assert.ok(words(indented[0]!.text).includes('caching'));
  });

  it('an escaped opener, or one in front matter, is text', () => {
    const escapedOpener = 'Write \\<!-- to show one -->\n';
    assert.equal(hideHtmlComments(escapedOpener), escapedOpener);
    const frontMatter = '---\nnote: <!-- draft\n---\n\nBody text -->\n';
    assert.equal(hideHtmlComments(frontMatter), frontMatter);
    assert.deepEqual(words(hideHtmlComments('Write \\\\<!-- hidden -->\n')), ['Write', '\\\\']);
  });

  it('reads `<!-->` and `<!--->` as whole, empty comments', () => {
    const hidden = hideHtmlComments('<!-->first\n<!--->second\nthird -->\n');
    assert.deepEqual(words(hidden), ['first', 'second', 'third', '-->']);
  });

  it('keeps text after a comment on its line as paragraph text, not an indented code block', () => {
    const text = '<!-- a long guidance note -->    We shard writes by tenant.\n';
    const hidden = hideHtmlComments(text);
    const blocks = readStructure(hidden).blocks.filter((b) => b.text.trim().replace(/\u00a0/g, '') !== '');
    assert.deepEqual(blocks.map((b) => b.kind), ['paragraph']);
    assert.deepEqual(words(blocks[0]!.text), ['We', 'shard', 'writes', 'by', 'tenant.']);
  });

  it('blankCommentSpans merges overlapping spans and leaves the caller\'s spans as they were', () => {
    const spans = [{ start: 0, end: 6 }, { start: 3, end: 9 }];
    // Text follows on the line, so the merged span becomes no-break spaces rather than an indent.
    assert.equal(blankCommentSpans('abcdefghij\n', spans), `${'\u00a0'.repeat(9)}j\n`);
    assert.equal(blankCommentSpans('abcdefghi\nj\n', spans), `${' '.repeat(9)}\nj\n`);
    assert.deepEqual(spans, [{ start: 0, end: 6 }, { start: 3, end: 9 }]);
  });

  it('is linear on hostile input: many openers with no end, and many small comments', () => {
    const openers = '<!-- '.repeat(200_000);
    assert.equal(hideHtmlComments(openers), openers);
    const many = 'word <!-- x --> '.repeat(100_000);
    const hidden = hideHtmlComments(many);
    assert.equal(hidden.length, many.length);
    assert.equal(words(hidden).length, 100_000);
    // Openers inside one comment: each is passed over once, not searched from.
    const nested = `<!--${' <!--'.repeat(200_000)} -->\nafter\n`;
    assert.deepEqual(words(hideHtmlComments(nested)), ['after']);
    // Openers inside lines that never close in their paragraph, and one far `-->` at the end.
    const unclosed = `${'a <!-- b\n\n'.repeat(100_000)}end -->\n`;
    assert.equal(hideHtmlComments(unclosed), unclosed);
  });

  describe('in the engine', () => {
    const { engine } = realEngine();
    const design = example('ticket-booking-design.md');
    const other = example('chat-app-design.md');
    const inComment = (text: string): string => `\n<!--\n${text.replace(/-->/g, '')}\n-->\n`;

    it('a design with another design pasted in a comment scores, explains and asks as it did alone', () => {
      const alone = engine.suggest(design);
      const commented = engine.suggest(design + inComment(other));
      const visible = engine.suggest(`${design}\n${other}`);
      const summary = (r: typeof alone): unknown => ({
        scores: r.suggestions.map((s) => [s.pattern, s.score]),
        evidence: r.suggestions.map((s) => s.evidence.map((e) => [e.line, e.column, e.text])),
        figures: r.numbers.map((n) => [n.line, n.text]),
        questions: r.openQuestions.map((q) => [q.id, q.line]),
      });
      assert.deepEqual(summary(commented), summary(alone));
      // The same text outside the comment does move the result, so the comparison above can fail.
      assert.notDeepEqual(summary(visible), summary(alone));
    });

    it('a document whose design stands only in a comment gets no suggestion', () => {
      const title = '# Notes\n';
      assert.ok(engine.suggest(title + other).suggestions.length > 0);
      assert.deepEqual(engine.suggest(title + inComment(other)).suggestions, []);
    });

    it('the analysis the trainer reads hides comments too', () => {
      const alone = engine.scores(engine.analyse(design)).map((s) => [s.pattern, s.score]);
      const commented = engine.scores(engine.analyse(design + inComment(other))).map((s) => [s.pattern, s.score]);
      assert.deepEqual(commented, alone);
    });
  });
});
