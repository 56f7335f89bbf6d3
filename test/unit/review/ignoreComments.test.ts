import { strict as assert } from 'node:assert';
import { ignoreCommentFor, readIgnoreComments, todoCommentFor } from '../../../src/core/suggest/ignoreComments';
import { example, realEngine } from './shared';

describe('sdp-ignore comments', () => {
  it('reads the ids of every comment, with their lines, lowercased, separated by commas or spaces', () => {
    const text = '# Doc\n<!-- sdp-ignore: contention, Scaling-Reads -->\ntext\n<!--sdp-ignore:realtime-updates/reconnection large-blobs-->\n';
    const read = readIgnoreComments(text);
    assert.deepEqual([...read.ids].sort(), ['contention', 'large-blobs', 'realtime-updates/reconnection', 'scaling-reads']);
    assert.deepEqual(read.comments.map((c) => c.line), [1, 3]);
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
      assert.deepEqual(read.todos, [{ line: 4, id: 'contention/locks', headingLine: 2 }]);
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
  it('a marker with no heading right above it blanks only itself', () => {
    const text = '## Scale\nSome text.\n<!-- sdp-todo: a/b -->\n';
    const read = readIgnoreComments(text);
    assert.deepEqual(read.todos, [{ line: 2, id: 'a/b' }]);
    assert.ok(read.text.startsWith('## Scale\nSome text.\n'));
  });
});
