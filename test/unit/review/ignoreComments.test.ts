import { strict as assert } from 'node:assert';
import { ignoreCommentFor, readIgnoreComments, todoCommentFor } from '../../../src/core/suggest/ignoreComments';
import { codeSpans } from '../../../src/core/suggest/codeLayout';
import { hideHtmlComments } from '../../../src/core/suggest/htmlComments';
import { readStructure } from '../../../src/core/suggest/structure';
import { example, realEngine } from './shared';

describe('sdp-ignore comments', () => {
  it('reads the ids of every comment, with their lines, lowercased, separated by commas or spaces', () => {
    const text = '# Doc\n<!-- sdp-ignore: contention, Scaling-Reads -->\ntext\n<!--sdp-ignore:realtime-updates/reconnection large-blobs-->\n';
    const read = readIgnoreComments(text);
    assert.deepEqual([...read.ids].sort(), ['contention', 'large-blobs', 'realtime-updates/reconnection', 'scaling-reads']);
    assert.deepEqual(read.comments.map((c) => c.line), [1, 3]);
  });
  it('<!--- three dashes ---> opens a comment as <!-- does: obeyed, blanked, its closing dash no word', () => {
    const text = '# Doc\n<!--- sdp-ignore: contention, scaling-reads --->\ntext\n<!---sdp-ignore: large-blobs--->\n\n## Locks\n\n<!--- sdp-todo: contention/deadlocks\nprompt\n--->\n';
    const read = readIgnoreComments(text);
    assert.deepEqual([...read.ids].sort(), ['contention', 'large-blobs', 'scaling-reads']);
    assert.deepEqual(read.named.map((n) => n.written), ['contention', 'scaling-reads', 'large-blobs', 'contention/deadlocks']);
    assert.deepEqual(read.todos.map((t) => [t.id, t.line, t.headingLine]), [['contention/deadlocks', 7, 5]]);
    assert.deepEqual(read.malformed, []);
    assert.ok(!/sdp-|--->/.test(read.text), read.text);
    assert.equal(read.text.length, text.length);
  });
  it('an sdp-todo marker closed with ---> right after its id: the closing dash is no part of the id', () => {
    const read = readIgnoreComments('# Doc\n\n## Locks\n\n<!--- sdp-todo: contention/deadlocks--->\n');
    assert.deepEqual(read.todos.map((t) => t.id), ['contention/deadlocks']);
    assert.deepEqual(read.named.map((n) => [n.written, n.character]), [['contention/deadlocks', 16]]);
  });
  it('a long run of dashes before a word in a comment: the closing\'s dashes are dropped in linear time', function () {
    // /-+$/ tried each dash of the run as a start and read on to its end: about 20 s for each of
    // these comments of 150,000 dashes; a loop from the end takes a millisecond. No clock is read
    // here (tests assert no wall-clock time): the quadratic reading fails by running past this
    // test's own timeout, pinned so that a longer --timeout on the command line does not hide it.
    this.timeout(20_000);
    const dashes = '-'.repeat(150_000);
    const text = `# Doc\n\n<!-- sdp-ignore: ${dashes}x -->\n\n<!-- sdp-todo: ${dashes}x --->\n`;
    const read = readIgnoreComments(text);
    assert.deepEqual(read.named.map((n) => [n.comment, n.written.length]), [['sdp-ignore', 150_001], ['sdp-todo', 150_001]]);
  });
  it('blanks the comments without moving any line or column, and leaves other comments alone', () => {
    const text = 'a <!-- sdp-ignore: contention --> b\n<!-- a note -->\n';
    const read = readIgnoreComments(text);
    assert.equal(read.text.length, text.length);
    assert.equal(read.text.split('\n').length, text.split('\n').length);
    assert.equal(read.text.indexOf('b'), text.indexOf(' b') + 1);
    assert.ok(!read.text.includes('sdp-ignore'));
    assert.ok(read.text.includes('<!-- a note -->'));
  });
  it('gives back the text itself when there is no comment', () => {
    const text = '# Plain\n\nNothing to ignore.\n';
    const read = readIgnoreComments(text);
    assert.equal(read.text, text);
    assert.equal(read.ids.size, 0);
  });
  it('the engine drops an ignored pattern and an ignored question, and nothing else moves', () => {
    const { engine } = realEngine();
    const doc = example('ticket-booking-design.md');
    const before = engine.suggest(doc);
    assert.ok(before.suggestions.some((s) => s.pattern === 'contention'));
    const question = before.openQuestions[0]!;
    const ignoredQuestion = engine.suggest(doc.replace('\n', `\n${ignoreCommentFor(question.id)}\n`));
    assert.ok(!ignoredQuestion.openQuestions.some((q) => q.id === question.id));
    assert.deepEqual(ignoredQuestion.suggestions.map((s) => [s.pattern, s.score]), before.suggestions.map((s) => [s.pattern, s.score]),
      'the comment\'s words are no evidence: the scores stay');
    const ignoredPattern = engine.suggest(doc.replace('\n', `\n${ignoreCommentFor('contention')}\n`));
    assert.ok(!ignoredPattern.suggestions.some((s) => s.pattern === 'contention'));
    assert.ok(!ignoredPattern.openQuestions.some((q) => q.pattern === 'contention'));
    // A runner-up ignored: the leading pattern keeps its place and its score.
    const runnerUp = before.suggestions[1];
    assert.ok(runnerUp, 'the sample doc has a second suggestion');
    const ignoredRunnerUp = engine.suggest(doc.replace('\n', `\n${ignoreCommentFor(runnerUp.pattern)}\n`));
    assert.ok(!ignoredRunnerUp.suggestions.some((s) => s.pattern === runnerUp.pattern));
    assert.deepEqual([ignoredRunnerUp.suggestions[0]!.pattern, ignoredRunnerUp.suggestions[0]!.score], [before.suggestions[0]!.pattern, before.suggestions[0]!.score]);
  });
  it('comments inside fenced or inline code are text, not comments: obeyed nowhere, blanked nowhere', () => {
    const text = '# Doc\n\n```md\n<!-- sdp-ignore: contention -->\n```\n\nWrite `<!-- sdp-ignore: large-blobs -->` to ignore.\n~~~\n<!-- sdp-todo: contention/x -->\n~~~\n<!-- sdp-ignore: scaling-reads -->\n';
    const read = readIgnoreComments(text);
    assert.deepEqual([...read.ids], ['scaling-reads']);
    assert.deepEqual(read.comments.map((c) => c.line), [10]);
    assert.equal(read.todos.length, 0);
    assert.ok(read.text.includes('```md\n<!-- sdp-ignore: contention -->'));
    assert.ok(read.text.includes('`<!-- sdp-ignore: large-blobs -->`'));
  });
  it('an sdp-todo marker over several lines: its id and line, the heading above it, all blanked with lines and columns kept (CRLF too)', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['# Doc', '', '## Locks across servers', '', todoCommentFor('Contention/Locks', ['Question: who -- holds it?', 'Answer below.']), 'Our answer.', ''].join('\n').split('\n').join(eol);
      const read = readIgnoreComments(text);
      assert.deepEqual(read.todos, [{ line: 4, character: 0, id: 'contention/locks', text: '<!-- sdp-todo: Contention/Locks', headingLine: 2 }]);
      assert.equal(read.ids.size, 0, 'a marker ignores nothing');
      assert.equal(read.text.length, text.length);
      const lines = read.text.split(eol);
      assert.equal(lines.length, text.split(eol).length);
      assert.equal(lines[2]!.trimEnd(), '##', 'the heading keeps its marks and loses its words');
      assert.ok(lines.slice(4, 8).every((l) => l.trim() === ''), JSON.stringify(lines));
      assert.equal(lines[8], 'Our answer.');
      assert.ok(!text.includes('who -- holds'), 'a prompt cannot close the comment early');
    }
  });
  it('(gap) a comment before the id with no later -->: the marker ends at that comment\'s --> (the id shows as text), so it is a comment before its id, not one left open', () => {
    for (const inner of ['<!-- sdp-ignore: x -->', '<!-- x -->']) {
      const read = readIgnoreComments(`Para.\n\n<!-- sdp-todo: ${inner} c/d\n`);
      assert.deepEqual(read.malformed.map((m) => m.kind), ['todo-comment-before-id'], inner);
      assert.deepEqual(read.todos, [], inner);
    }
  });

  it('(gap) --!> ends a comment as a preview\'s HTML parser ends it: markers, sdp-ignore comments and other comments alike', () => {
    const marker = readIgnoreComments('Para.\n\n<!-- sdp-todo: a/b\nprompt --!>\n\nOur answer. -->\n');
    assert.deepEqual(marker.todos.map((t) => t.id), ['a/b']);
    assert.deepEqual(marker.text.split('\n').slice(2), [' '.repeat(18), ' '.repeat(11), '', 'Our answer. -->', ''], 'the answer under the marker is text, not the marker\'s prompts');
    const ignore = readIgnoreComments('Para.\n<!-- sdp-ignore: contention --!>\n');
    assert.deepEqual([...ignore.ids], ['contention']);
    assert.deepEqual(ignore.malformed, [], 'closed on its line');
    assert.deepEqual(hideHtmlComments('Para.\n\n<!-- hidden --!> shown -->\n').split('\n')[2]!.trim(), 'shown -->');
    // Only after the opener's dashes: `<!--!>` opens a comment (ended by the later -->), `<!----!>` is a whole one.
    assert.deepEqual(hideHtmlComments('<!--!> hidden --> shown\n').trim(), 'shown');
    assert.deepEqual(hideHtmlComments('<!----!> shown -->\n').trim(), 'shown -->');
    // `<!---!>` ends nothing either (its `--` is the opener's second dash and one more: the HTML parser reads no comment end there).
    assert.deepEqual(hideHtmlComments('<!---!> hidden --> shown\n').trim(), 'shown');
    // An end found for an earlier opener that stays text (inline, ending past its paragraph) is not
    // reused by a later opener whose dashes it overlaps: `<!--!>` still runs to the `-->`.
    assert.deepEqual(hideHtmlComments('a <!-- x\n\nb <!--!> y --> z\n').split('\n')[2]!.replace(/\s+/g, ' '), 'b z');
    // No end at all is still left as text (a typo should not hide the rest of the document).
    assert.equal(hideHtmlComments('<!-- open --! >\nText.\n'), '<!-- open --! >\nText.\n');
  });

  it('a marker holding an sdp-ignore comment: the comment is read as one of its own and ends the marker, as a preview reads it: before the marker\'s id it leaves the id as text (a malformed comment), after the id the id stays open and the rest is text', () => {
    const text = '# Doc\n\nText.\n<!-- sdp-todo: <!-- sdp-ignore: scaling-reads --> a/b -->\n\n<!-- sdp-todo:\tc/d <!-- sdp-ignore: contention --> prompts -->\n';
    const read = readIgnoreComments(text);
    // A preview ends the first marker at the sdp-ignore comment's `-->` and shows `a/b -->` as text:
    // no marker, no id named, and the writer hears of it at its opener.
    assert.deepEqual(read.todos, [{ line: 5, character: 0, id: 'c/d', text: '<!-- sdp-todo:\tc/d' }]);
    assert.deepEqual(read.malformed, [{ kind: 'todo-comment-before-id', written: '<!-- sdp-todo:', line: 3, character: 0 }]);
    assert.deepEqual(read.comments, [{ line: 3, ids: ['scaling-reads'] }, { line: 5, ids: ['contention'] }]);
    assert.deepEqual(read.named.map((n) => [n.written, n.line, n.character, n.comment]), [['scaling-reads', 3, 32, 'sdp-ignore'], ['c/d', 5, 15, 'sdp-todo'], ['contention', 5, 36, 'sdp-ignore']]);
    // (gap) The second marker ends at the sdp-ignore comment's `-->` too: a preview shows `prompts -->`, and so does the engine (before, it blanked them as the marker's).
    assert.equal(read.text.replace(/\s+/g, ' ').trim(), '# Doc Text. a/b --> prompts -->', 'what a preview shows as text stays text; the rest is blanked');
    // Any comment there, after white space on the line (a no-break space too): the marker ends at its
    // `-->`, and an opener inside that comment is no marker of its own.
    for (const inner of ['<!-- note -->', '\u00a0<!-- sdp-todo: a/b -->', '<!---x-->']) {
      const nested = readIgnoreComments(`# Doc\n\n<!-- sdp-todo: ${inner} c/d -->\n`);
      assert.deepEqual([nested.todos, nested.named.map((n) => n.written), nested.malformed.map((m) => m.kind)], [[], [], ['todo-comment-before-id']], inner);
      assert.equal(nested.text.replace(/\s+/g, ' ').trim(), '# Doc c/d -->', inner);
    }
    // Inside a line of text, the `-->` that ends it is that comment's, in the paragraph, even when the
    // marker's own `-->` (the later one) stands in another paragraph: the same malformed comment.
    // Its `-->` past the paragraph too: the paragraph's report, and nothing hidden.
    const inline = readIgnoreComments('Text <!-- sdp-todo: <!-- sdp-ignore: x --> c/d\n\nmore -->\n');
    assert.deepEqual([inline.todos, inline.named.map((n) => n.written), inline.malformed.map((m) => [m.kind, m.line, m.character])], [[], ['x'], [['todo-comment-before-id', 0, 5]]]);
    assert.equal(inline.text.replace(/\s+/g, ' ').trim(), 'Text c/d more -->');
    const across = 'Text <!-- sdp-todo: <!-- x\n\n--> c/d -->\n';
    assert.deepEqual(readIgnoreComments(across).malformed.map((m) => m.kind), ['todo-ends-past-paragraph']);
    assert.equal(readIgnoreComments(across).text, across);
    // A comment on the next line, after an id-less opening line, is no id of it: the marker names nothing.
    // A lone carriage return ends the line as a line feed does (the span the reader gives never holds
    // one, so the worker-result check, which refuses one, takes it: commentText.ts SPACE_ON_LINE).
    assert.deepEqual(readIgnoreComments('# Doc\n\n<!-- sdp-todo:\rc/d -->\n').malformed.map((m) => m.kind), ['todo-names-nothing']);
    assert.deepEqual(readIgnoreComments('# Doc\n\n<!-- sdp-todo:\n<!-- x --> c/d -->\n').malformed.map((m) => m.kind), ['todo-names-nothing']);
  });
  it('a marker with no heading right above it blanks only itself', () => {
    const text = '## Scale\nSome text.\n<!-- sdp-todo: a/b -->\n';
    const read = readIgnoreComments(text);
    assert.deepEqual(read.todos, [{ line: 2, character: 0, id: 'a/b', text: '<!-- sdp-todo: a/b' }]);
    assert.ok(read.text.startsWith('## Scale\nSome text.\n'));
  });

  describe('what is code and what is a heading: as the engine\'s markdown-it reads them', () => {
    /** The ids obeyed and the markers read; what is left alone stays in the text as written. */
    function obeyed(text: string): { ids: string[]; todos: string[] } {
      const read = readIgnoreComments(text);
      return { ids: [...read.ids].sort(), todos: read.todos.map((t) => t.id) };
    }

    it('a comment in an indented code block (four spaces) is left alone', () => {
      const text = '# Doc\n\nTo drop a pattern, write:\n\n    <!-- sdp-ignore: contention -->\n    <!-- sdp-todo: contention/locks -->\n\n<!-- sdp-ignore: scaling-reads -->\n';
      assert.deepEqual(obeyed(text), { ids: ['scaling-reads'], todos: [] });
      const read = readIgnoreComments(text);
      assert.ok(read.text.includes('    <!-- sdp-ignore: contention -->\n    <!-- sdp-todo: contention/locks -->\n'), read.text);
    });
    it('a comment in a fenced block inside a blockquote or a list item is left alone', () => {
      const quoted = '# Doc\n\n> ```md\n> <!-- sdp-ignore: contention -->\n> ```\n';
      const onMarkerLine = '# Doc\n\n- ```md\n  <!-- sdp-ignore: contention -->\n  ```\n';
      const inOrderedItem = '# Doc\n\n1. Add the comment:\n\n    ```md\n    <!-- sdp-todo: contention/locks -->\n    ```\n';
      for (const text of [quoted, onMarkerLine, inOrderedItem]) {
        assert.deepEqual(obeyed(text), { ids: [], todos: [] }, text);
        assert.equal(readIgnoreComments(text).text, text, 'nothing is blanked');
      }
    });
    it('a comment after an unclosed fence is code to the end of the block holding the fence, and a comment after that block is read', () => {
      // Top level: the fence runs to the end of the document.
      assert.deepEqual(obeyed('# Doc\n\n```\n<!-- sdp-ignore: contention -->\n'), { ids: [], todos: [] });
      // In a blockquote: to the end of the quote.
      assert.deepEqual(obeyed('# Doc\n\n> ```\n> code\n>\n> <!-- sdp-ignore: contention -->\n'), { ids: [], todos: [] });
      // In a list item: to the end of the item; the comment after the list is a comment.
      assert.deepEqual(obeyed('# Doc\n\n- Step:\n\n  ```\n  <!-- sdp-ignore: contention -->\n\n<!-- sdp-ignore: scaling-reads -->\n'),
        { ids: ['scaling-reads'], todos: [] });
    });
    it('an inline code span may run over the lines of its paragraph; a backslash-escaped backtick opens none', () => {
      assert.deepEqual(obeyed('# Doc\n\nWrite `the comment\n<!-- sdp-ignore: contention -->` on a line of its own.\n'), { ids: [], todos: [] });
      assert.deepEqual(obeyed('# Doc\n\nA \\` is a backtick. <!-- sdp-ignore: contention --> And ` one more.\n'), { ids: ['contention'], todos: [] });
    });
    it('a setext heading right above an sdp-todo marker is blanked like an ATX one: the section stays a section of its level, with no words (CRLF too)', () => {
      for (const eol of ['\n', '\r\n']) {
        for (const [heading, level] of [[['## Locks across servers'], 2], [['Locks across servers', '---'], 2], [['Locks across', 'servers', '==='], 1]] as const) {
          const text = ['# Doc', '', ...heading, '', todoCommentFor('contention/locks', ['Question: who holds it?']), '', 'Our answer.', ''].join('\n').split('\n').join(eol);
          const read = readIgnoreComments(text);
          assert.deepEqual(read.todos, [{ line: 3 + heading.length, character: 0, id: 'contention/locks', text: '<!-- sdp-todo: contention/locks', headingLine: 2 }], heading.join('/'));
          assert.equal(read.text.length, text.length);
          assert.equal(read.text.split(eol).length, text.split(eol).length);
          const structure = readStructure(read.text);
          const section = structure.blocks.find((b) => b.startLine === 2)!;
          assert.equal(section.kind, 'heading', heading.join('/'));
          assert.equal(section.level, level);
          assert.ok(!/\p{L}/u.test(section.text), `the heading lost its words: ${JSON.stringify(section.text)}`);
          const answer = structure.blocks.find((b) => b.text.includes('Our answer.'))!;
          assert.equal(answer.section, structure.blocks.indexOf(section), 'the answer stands in the new section');
        }
      }
    });
    it('the engine: a section written with a setext heading moves no score and keeps the question open at its heading, like one with # marks', () => {
      const { engine } = realEngine();
      const doc = example('ticket-booking-design.md').trimEnd();
      const before = engine.suggest(doc);
      const q = before.openQuestions[0]!;
      const title = q.title;
      const docLines = doc.split('\n').length;
      for (const heading of [`## ${title}`, `${title}\n${'-'.repeat(title.length)}`]) {
        const after = `${doc}\n\n${heading}\n\n${todoCommentFor(q.id, ['Question: ?'])}\n`;
        const result = engine.suggest(after);
        assert.deepEqual(result.suggestions.map((s) => [s.pattern, s.score]), before.suggestions.map((s) => [s.pattern, s.score]), heading);
        assert.equal(result.openQuestions.find((o) => o.id === q.id)?.line, docLines + 2, `${heading}: the question points at its heading (1-based)`);
      }
    });
    it('comments outside code are still read: under a paragraph\'s text (one paragraph to markdown-it, which reads no raw HTML), in a list item, in a quote, after a closed fence', () => {
      const text = '# Doc\n\nSome text.\n<!-- sdp-ignore: a -->\n\n- item <!-- sdp-ignore: b -->\n\n> <!-- sdp-ignore: c -->\n\n```\ncode\n```\n<!-- sdp-ignore: d -->\n\n    code\n\n<!-- sdp-ignore: e -->\n';
      const read = readIgnoreComments(text);
      assert.deepEqual([...read.ids].sort(), ['a', 'b', 'c', 'd', 'e']);
      assert.deepEqual(read.comments.map((c) => c.line), [3, 5, 7, 12, 16]);
      assert.ok(!read.text.includes('sdp-ignore'));
      assert.equal(read.text.length, text.length);
    });
    it('the engine analyses the text as it reads once blanked: a comment on its own line under a paragraph\'s text ends that paragraph, as a blank line does', () => {
      // markdown-it read the comment as part of the paragraph (raw HTML off); blanked, its line is
      // blank. So the engine parses the blanked text again rather than reuse the parse that found
      // the comments. Seen here through an answer phrase, which must stand in one block.
      const { engine } = realEngine();
      const doc = example('chat-app-design.md');
      const asked = (between: string): boolean => engine.suggest(`${doc}\nEach client keeps the last\n${between}message id it saw.\n`)
        .openQuestions.some((q) => q.id === 'realtime-updates/reconnection');
      assert.equal(asked(''), false, 'one paragraph: "last message id" answers the question');
      assert.equal(asked('\u00a0\n'), false, 'a line with no word in the same paragraph still does');
      assert.equal(asked('\n'), true, 'two paragraphs: it stands in neither');
      assert.equal(asked('<!-- sdp-ignore: none -->\n'), true, 'a comment line ends the paragraph like a blank line');
    });
    it('text after a comment on the same line stays text: the comment is blanked with no-break spaces, not an indent that would make it code', () => {
      // As the engine reads the blanked text: a paragraph holding the words, never a code block.
      const kinds = (line: string): string[] => readStructure(readIgnoreComments(`# Doc\n\n${line}\n`).text).blocks
        .filter((b) => b.text.includes('shard')).map((b) => b.kind);
      assert.deepEqual(kinds('We shard writes by key.'), ['paragraph'], 'the text on its own');
      assert.deepEqual(kinds('<!-- sdp-ignore: none -->We shard writes by key.'), ['paragraph'], 'after an sdp-ignore comment');
      assert.deepEqual(kinds('<!-- sdp-todo: contention/locks -->We shard writes by key.'), ['paragraph'], 'after an sdp-todo marker');
      assert.deepEqual(kinds('- <!-- sdp-ignore: none -->We shard writes by key.'), ['list'], 'in a list item');
      const read = readIgnoreComments('Para.\n\n<!-- sdp-ignore: x --> We shard writes.\n<!-- sdp-todo: a/b\nprompt -->Tail.\n');
      const lines = read.text.split('\n');
      assert.equal(read.text.length, 'Para.\n\n<!-- sdp-ignore: x --> We shard writes.\n<!-- sdp-todo: a/b\nprompt -->Tail.\n'.length);
      assert.match(lines[2]!, /^\u00a0+ We shard writes\.$/);
      assert.equal(lines[3], ' '.repeat('<!-- sdp-todo: a/b'.length), 'a marker\'s earlier lines are blanked with spaces');
      assert.match(lines[4]!, /^\u00a0{10}Tail\.$/);
      // Other comments after it on the line are no text: a line of comments alone is blank and ends
      // its paragraph, and text after the last of several comments stays text.
      for (const comments of ['<!-- sdp-ignore: a --> <!-- sdp-ignore: b -->', '<!-- sdp-ignore: a --><!-- sdp-todo: x/y -->', '<!-- sdp-todo: x/y -->\t<!-- sdp-todo: z/w -->']) {
        const two = readIgnoreComments(`Para one\n${comments}\nPara two\n`).text;
        assert.equal(two.split('\n')[1], comments.replace(/[^\t]/g, ' '), comments);
        assert.deepEqual(readStructure(two).blocks.map((b) => b.kind), ['paragraph', 'paragraph'], comments);
        assert.deepEqual(kinds(`${comments} We shard writes by key.`), ['paragraph'], `${comments} then text`);
      }
      // A comment inside a marker's prompts ends the marker at its `-->`, as a preview's HTML parser
      // ends it: what follows is text (the marker keeps its id open). The text keeps its length and lines.
      const nested = 'Para.\n\n<!-- sdp-todo: a/b\nsee <!-- sdp-ignore: c --> here -->Tail.\n';
      const nestedRead = readIgnoreComments(nested);
      assert.equal(nestedRead.text.length, nested.length);
      assert.deepEqual(nestedRead.text.split('\n').slice(2), [' '.repeat('<!-- sdp-todo: a/b'.length), `${'\u00a0'.repeat('see <!-- sdp-ignore: c -->'.length)} here -->Tail.`, '']);
      assert.deepEqual([...nestedRead.ids], ['c']);
      assert.deepEqual(nestedRead.todos.map((t) => t.id), ['a/b']);
      assert.equal(hideHtmlComments(nested).split('\n')[3]!.trimStart(), 'here -->Tail.', 'the other comments\' reader ends it there too');
      // A lone backtick in a quick fix's prompt opens no code span over a real comment further on.
      const ticked = readIgnoreComments(`Para one\n${todoCommentFor('a/b', ['Q: use ` here', 'A'])}\n<!-- sdp-ignore: c --> then \` end\n`);
      assert.deepEqual([...ticked.ids], ['c']);
      // A marker whose `-->` follows its id with no space ends there, as a preview ends it (a
      // regex that took `--` into the id ran on to a later `-->` and blanked the text between).
      const tight = readIgnoreComments('<!-- sdp-todo: a/b-->Kept text.\n\n<!-- a note -->\n');
      assert.deepEqual(tight.todos.map((t) => t.id), ['a/b']);
      assert.equal(tight.text, `${'\u00a0'.repeat('<!-- sdp-todo: a/b-->'.length)}Kept text.\n\n<!-- a note -->\n`);
      // A stray `<!--` before a comment, even an empty comment, swallows nothing.
      for (const stray of ['Para <!--> text.', 'Para <!---> text.', 'Arrows like <!-- are odd.', '- item <!-- x']) {
        const read = readIgnoreComments(`${stray}\n\n<!-- sdp-ignore: a -->\n\n<!-- sdp-todo: b/c -->\n`);
        assert.deepEqual([[...read.ids], read.todos.map((t) => t.id)], [['a'], ['b/c']], stray);
      }
      // With CRLF line ends: a line of comments alone is still all spaces and still ends its paragraph.
      for (const comments of ['<!-- sdp-ignore: a --> <!-- sdp-ignore: b -->', '<!-- sdp-ignore: c --> <!-- sdp-todo: a/b\r\np\r\n--> Tail.']) {
        const doc = `Para one\r\n${comments}\r\nPara two\r\n`;
        const crlf = readIgnoreComments(doc).text;
        assert.equal(crlf.length, doc.length);
        assert.equal(crlf.split('\r\n')[1], ' '.repeat(comments.split('\r\n')[0]!.length), `${comments}: the comment line is spaces`);
        assert.deepEqual(readStructure(crlf).blocks.map((b) => b.kind), ['paragraph', 'paragraph'], comments);
      }
      // A comment with nothing after it on its line still blanks to spaces: its line ends a paragraph.
      assert.equal(readIgnoreComments('<!-- sdp-ignore: x -->  \n').text, ' '.repeat(24) + '\n');
    });
    it('an sdp-todo marker that starts inside a line of text ends in its paragraph, as a preview reads it; one that starts a line runs over blank lines to its `-->`', () => {
      const reading = (text: string): unknown => {
        const read = readIgnoreComments(text);
        return { todos: read.todos.map((t) => [t.id, t.line]), malformed: read.malformed.map((m) => [m.kind, m.line, m.character]), same: read.text === text };
      };
      // Inline, its `-->` in a later paragraph: a preview shows both as text, so it is no marker
      // and hides nothing, and the writer hears of it, as of any other comment of the review that does nothing.
      const across = '# Doc\n\nSome text <!-- sdp-todo: a/b\n\nMiddle paragraph.\n\nlast -->\nTail.\n';
      assert.deepEqual(reading(across), { todos: [], malformed: [['todo-ends-past-paragraph', 2, 10]], same: true });
      assert.equal(hideHtmlComments(across), across, 'what the engine reads of any other comment so written');
      const inlines: [string, number, number, string][] = [
        ['## Heading <!-- sdp-todo: a/b\n', 2, 11, 'in a heading'],
        ['- item <!-- sdp-todo: a/b\n\n- next\n', 2, 7, 'in a list item'],
        ['Some text.\n    <!-- sdp-todo: a/b\n', 3, 4, 'indented four spaces under text (a continuation line)'],
        ['Some text.\n\t<!-- sdp-todo: a/b\n', 3, 1, 'indented by a tab under text (a continuation line)'],
        ['> Quoted <!-- sdp-todo: a/b\n>\n', 2, 9, 'in a quote\'s paragraph'],
        ['> Quoted text.\n>     <!-- sdp-todo: a/b\n', 3, 6, 'indented four spaces after a quote\'s `> `, under its text (a continuation line)'],
        ['> > Quoted text.\n> >\t    <!-- sdp-todo: a/b\n', 3, 8, 'a tab and four spaces after a nested quote\'s `>`, under its text (the tab is the space after the `>`)'],
        // A `>` four columns in is no quote marker but the continuation line's text.
        ['Some text.\n    > <!-- sdp-todo: a/b\n', 3, 6, 'a `>` indented four spaces under text (text, not a quote)'],
        ['> Quoted text.\n>     > <!-- sdp-todo: a/b\n', 3, 8, 'a `>` four spaces after a quote\'s `> `, under its text'],
      ];
      for (const [inline, line, character, what] of inlines) {
        const text = `# Doc\n\n${inline}\nMore.\n-->\n`;
        assert.deepEqual(reading(text), { todos: [], malformed: [['todo-ends-past-paragraph', line, character]], same: true }, what);
        assert.equal(hideHtmlComments(text), text, `${what}: any other comment so written is text too`);
      }
      // Inline, its `-->` in the same paragraph a line further on (CRLF line ends too), or last in a
      // text with no line break after it (the paragraph ends right at it): one comment.
      assert.deepEqual(reading('# Doc\n\nSome text <!-- sdp-todo: a/b\nmore -->\nTail.\n'), { todos: [['a/b', 2]], malformed: [], same: false });
      assert.deepEqual(reading('# Doc\r\n\r\nSome text <!-- sdp-todo: a/b\r\nmore -->\r\n\r\nTail.\r\n'), { todos: [['a/b', 2]], malformed: [], same: false });
      assert.deepEqual(reading('# Doc\n\nSome text <!-- sdp-todo: a/b -->'), { todos: [['a/b', 2]], malformed: [], same: false });
      // Starting a line (an HTML block, which may interrupt a paragraph), in a quote or in a list
      // item: its `-->` after blank lines ends it.
      const blocks = [
        '<!-- sdp-todo: a/b\n\nPrompt.\n\n-->\n',
        'Some text.\n<!-- sdp-todo: a/b\n\nPrompt.\n\n-->\n',
        '   <!-- sdp-todo: a/b\n\nPrompt.\n\n-->\n',
        '> <!-- sdp-todo: a/b\n>\n> Prompt.\n>\n> -->\n',
        '- <!-- sdp-todo: a/b\n\n  Prompt.\n\n  -->\n',
        // Under a quote's text, three columns after its `> `, or a tab and a space right after its `>`
        // (the tab gives a column to the space after the `>`, three are left): an HTML block, not a
        // continuation line.
        '> Quoted text.\n>    <!-- sdp-todo: a/b\n>\n> Prompt.\n>\n> -->\n',
        '> Quoted text.\n>\t <!-- sdp-todo: a/b\n>\n> Prompt.\n>\n> -->\n',
      ];
      for (const block of blocks) {
        const read = readIgnoreComments(`# Doc\n\n${block}\nTail.\n`);
        assert.deepEqual(read.todos.map((t) => t.id), ['a/b'], block);
        assert.deepEqual(read.malformed, [], block);
        assert.ok(!read.text.includes('Prompt'), block);
      }
      // The `-->` an inline opener could not take still ends a marker that starts a line before it.
      assert.deepEqual(reading('# Doc\n\nText <!-- sdp-todo: a/b\n\n<!-- sdp-todo: c/d\n\nPrompt.\n-->\n'), { todos: [['c/d', 4]], malformed: [['todo-ends-past-paragraph', 2, 5]], same: false });
    });
    it('a marker under a paragraph\'s text has no heading right above it, even when a heading stands over the paragraph', () => {
      const read = readIgnoreComments('Title\n=====\nSome text.\n<!-- sdp-todo: a/b -->\n');
      assert.deepEqual(read.todos, [{ line: 3, character: 0, id: 'a/b', text: '<!-- sdp-todo: a/b' }]);
      assert.ok(read.text.startsWith('Title\n=====\nSome text.\n'));
    });
  });

  describe('cost on long documents (counted, never timed)', () => {

    /**
     * `real` behind a proxy that records the lowest and highest offset any read touched
     * (an index, charCodeAt, or the span an indexOf scanned until it found its match). Any other
     * string method throws, so a helper that starts using one must be taught here first.
     */
    function watched(real: string): { text: string; reads: { min: number; max: number; count: number } } {
      const reads = { min: Infinity, max: -Infinity, count: 0 };
      const touch = (from: number, to: number): void => {
        reads.min = Math.min(reads.min, from);
        reads.max = Math.max(reads.max, to);
        reads.count += to - from + 1;
      };
      const proxy = new Proxy({}, {
        get(_target, key) {
          if (key === 'length') return real.length;
          if (typeof key === 'string' && /^\d+$/.test(key)) { touch(Number(key), Number(key)); return real[Number(key)]; }
          if (key === 'charCodeAt') return (i: number) => { touch(i, i); return real.charCodeAt(i); };
          if (key === 'indexOf') {
            return (search: string, from = 0) => {
              const found = real.indexOf(search, from);
              touch(from, found === -1 ? real.length - 1 : found + search.length - 1);
              return found;
            };
          }
          throw new Error(`the test's watched string does not offer ${String(key)}`);
        },
      });
      return { text: proxy as unknown as string, reads };
    }

    it('codeSpans reads only its own range: backticks outside it are never seen', () => {
      const cases: [string, [number, number][]][] = [
        ['plain words, no code', []],
        ['a `b` c', [[2, 5]]],
        ['a ``b` c`` d \\` e ``` f', [[2, 10]]],
        ['an ` unclosed run', []],
      ];
      for (const [inside, spans] of cases) {
        const outside = '`'.repeat(40);
        const { text, reads } = watched(outside + inside + outside);
        const out: [number, number][] = [];
        codeSpans(text, outside.length, outside.length + inside.length, out);
        assert.deepEqual(out.map(([a, b]) => [a - outside.length, b - outside.length]), spans, inside);
        assert.ok(reads.min >= outside.length && reads.max < outside.length + inside.length,
          `${JSON.stringify(inside)}: read [${reads.min}, ${reads.max}] outside [${outside.length}, ${outside.length + inside.length})`);
      }
    });

    it('thousands of paragraphs without a backtick, one code span at the end: each paragraph is read once, none past its end', () => {
      const paragraphs = Array.from({ length: 4000 }, (_, i) => `Paragraph ${i} has words and no code at all.`);
      paragraphs.push('The last one has `code` in it.');
      const real = paragraphs.join('\n\n') + '\n';
      const { text, reads } = watched(real);
      const out: [number, number][] = [];
      let from = 0;
      for (const p of paragraphs) {
        codeSpans(text, from, from + p.length + 1, out);
        assert.ok(reads.max < from + p.length + 1, `paragraph at ${from} read up to ${reads.max}`);
        from += p.length + 2;
      }
      assert.deepEqual(out.map(([a, b]) => real.slice(a, b)), ['`code`']);
      assert.ok(reads.count <= 2 * real.length, `${reads.count} characters read for a text of ${real.length}`);
    });

    it('many sdp-todo openers with no `-->` after them: the first is reported and ends the scan, so the searches read the text about once', () => {
      // Without that stop each opener would search on to the text's end: about openers × length / 2
      // characters read (quadratic), against the bound below.
      const openers = 2000;
      const text = `# Doc\n\n${'<!-- sdp-todo: a/b\nPrompt.\n\n'.repeat(openers)}The end.\n`;
      const probe = { chars: 0 };
      const read = readIgnoreComments(text, {}, probe);
      assert.ok(probe.chars > 0 && probe.chars <= 2 * text.length, `${probe.chars} characters searched in a text of ${text.length}`);
      assert.deepEqual(read.todos, []);
      assert.deepEqual(read.malformed.map((m) => [m.kind, m.line]), [['todo-not-closed', 2]]);
      assert.equal(read.text, text);
      // Openers inside lines of text, each in its own paragraph, and one far `-->`: none takes it,
      // each is reported, and that `-->` is searched for once.
      const inline = `# Doc\n\n${'Text <!-- sdp-todo: a/b\n\n'.repeat(openers)}-->\n`;
      const inlineProbe = { chars: 0 };
      assert.equal(readIgnoreComments(inline, {}, inlineProbe).malformed.length, openers);
      assert.ok(inlineProbe.chars > 0 && inlineProbe.chars <= 2 * inline.length, `${inlineProbe.chars} characters searched in a text of ${inline.length}`);
      // The same for sdp-ignore openers, each on a line with no `-->`: each is reported, and a
      // search that found no `-->` is not repeated.
      const ignores = `# Doc\n${'<!-- sdp-ignore: x\n'.repeat(openers)}`;
      const ignoreProbe = { chars: 0 };
      assert.equal(readIgnoreComments(ignores, {}, ignoreProbe).malformed.length, openers);
      assert.ok(ignoreProbe.chars > 0 && ignoreProbe.chars <= 2 * ignores.length, `${ignoreProbe.chars} characters searched in a text of ${ignores.length}`);
    });

    it('many sdp-todo markers under ATX and setext headings: the same text as blanking each heading on its own', () => {
      const NBSP = '\u00a0';
      const lines: string[] = ['# Doc', ''];
      const expected: string[] = ['# Doc', ''];
      // Enough that rebuilding the text per heading (quadratic) runs past mocha's timeout; built once, it is a fraction of a second.
      const sections = 12000;
      for (let i = 0; i < sections; i++) {
        const marker = `<!-- sdp-todo: p/q${i} -->`;
        if (i % 3 === 0) {
          lines.push(`## Section ${i}`, '', marker, `Answer ${i}.`, '');
          expected.push(`##${' '.repeat(` Section ${i}`.length)}`, '', ' '.repeat(marker.length), `Answer ${i}.`, '');
        } else if (i % 3 === 1) {
          lines.push(`Section ${i}`, '-------', marker, `Answer ${i}.`, '');
          expected.push(NBSP + ' '.repeat(`Section ${i}`.length - 1), '-------', ' '.repeat(marker.length), `Answer ${i}.`, '');
        } else {
          // A heading with an sdp-ignore comment in it, and text with no heading above its marker.
          lines.push(`### Part ${i} <!-- sdp-ignore: x -->`, '', marker, '', `Text ${i}.`, marker, '');
          expected.push(`###${' '.repeat(` Part ${i} <!-- sdp-ignore: x -->`.length)}`, '', ' '.repeat(marker.length), '', `Text ${i}.`, ' '.repeat(marker.length), '');
        }
      }
      const text = lines.join('\n');
      const read = readIgnoreComments(text);
      assert.equal(read.todos.length, sections + Math.floor(sections / 3));
      assert.equal(read.todos.filter((t) => t.headingLine !== undefined).length, sections);
      const got = read.text.split('\n');
      assert.equal(got.length, expected.length);
      const wrong = got.findIndex((l, i) => l !== expected[i]);
      assert.equal(wrong, -1, wrong === -1 ? '' : `line ${wrong}: ${JSON.stringify(got[wrong])} != ${JSON.stringify(expected[wrong])}`);
    });
  });
});
