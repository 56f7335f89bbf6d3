/**
 * The ids a writer names in `sdp-ignore` comments and `sdp-todo` markers, checked against the ids
 * the engine knows (src/core/suggest/commentIds.ts, read by ignoreComments.ts): each word that is
 * no id is reported at the text as written, with the known id it is close to when one is.
 */
import { strict as assert } from 'node:assert';
import commentIdsJson from '../../../content/suggest/commentIds.json';
import { loadRepoCatalog } from '../../../eval/catalog';
import { spanRange } from '../../../src/core/review/ranges';
import { catalogCommentIds, knownIds, MAX_REPORTED_IDS, nearestKnownId, NEAREST_ID_RULE, unknownCommentIds } from '../../../src/core/suggest/commentIds';
import { createSuggestEngine, type ScoringEngine } from '../../../src/core/suggest/engine';
import { indexCatalog } from '../../../src/core/suggest/catalogIndex';
import { readIgnoreComments } from '../../../src/core/suggest/ignoreComments';
import { CHECKS } from '../../../src/core/suggest/lexicon';
import type { UnknownCommentId } from '../../../src/core/suggest/types';

let engine: ScoringEngine | undefined;
const realEngine = (): ScoringEngine => (engine ??= createSuggestEngine(loadRepoCatalog()));
const ids = () => catalogCommentIds(realEngine().index);

/** The unknown words of `text`, each with the text its 0-based range covers in `text` as written. */
function unknownIn(text: string): (UnknownCommentId & { at: string })[] {
  const lines = text.split(/\r\n|\r|\n/);
  return unknownCommentIds(readIgnoreComments(text).named, ids()).map((u) => {
    const r = spanRange(u.line, u.column, u.text);
    assert.equal(r.startLine, r.endLine, 'an id is on one line');
    return { ...u, at: lines[r.startLine]!.slice(r.startCharacter, r.endCharacter) };
  });
}

describe('ids named in review comments (commentIds.ts)', () => {
  it('knows the catalog\'s patterns, deep dives and design checks, and deep-dives; a marker knows only questions', () => {
    const known = ids();
    const index = realEngine().index;
    for (const id of [...index.patternIds, ...index.deepDives.map((d) => d.id), ...CHECKS.map((c) => c.id), 'deep-dives', 'unknown-id']) {
      assert.ok(known['sdp-ignore'].ids.has(id), id);
    }
    assert.ok(known['sdp-todo'].ids.has('realtime-updates/reconnection'));
    assert.ok(known['sdp-todo'].ids.has('contention/check-lock-holder-dies'));
    assert.ok(!known['sdp-todo'].ids.has('contention'), 'a pattern keeps no question open');
    assert.ok(!known['sdp-todo'].ids.has('deep-dives'));
    assert.ok(!known['sdp-todo'].ids.has('unknown-id'), 'only an sdp-ignore comment turns the check off');
    // A combination's deep dive is an id, but no document is asked it: known as such, not as a name that hides.
    assert.ok(known.deepDivesNotAsked.has('combinations/pattern-conflicts'));
    assert.ok(!known['sdp-ignore'].ids.has('combinations/pattern-conflicts'));
    for (const d of index.deepDives) assert.ok(!known.deepDivesNotAsked.has(d.id), d.id);
    // A solution is a catalog id, but naming it hides nothing.
    assert.equal(index.nodes.get('contention/optimistic-locking')?.kind, 'solution');
    assert.ok(!known['sdp-ignore'].ids.has('contention/optimistic-locking'));
  });

  it('reports nothing for known ids, whatever their case', () => {
    assert.deepEqual(unknownIn('# Doc\n<!-- sdp-ignore: Contention, SCALING-READS deep-dives -->\n<!-- sdp-todo: Realtime-Updates/Reconnection\nQuestion?\n-->\n'), []);
    assert.equal(realEngine().suggest('# Doc\n<!-- sdp-ignore: contention -->\n\nWe lock seats.\n').unknownIds, undefined, 'no field when every id is known');
  });

  it('points at the word as written: odd spacing, tabs, upper case, several ids, commas', () => {
    const text = '# Doc\n<!--   sdp-ignore :\tContension ,,scaling-read   Large-Blob,contention  -->\n';
    assert.deepEqual(unknownIn(text).map((u) => [u.line, u.column, u.at, u.text, u.id, u.nearest, u.comment]), [
      [2, 21, 'Contension', 'Contension', 'contension', 'contention', 'sdp-ignore'],
      [2, 34, 'scaling-read', 'scaling-read', 'scaling-read', 'scaling-reads', 'sdp-ignore'],
      [2, 49, 'Large-Blob', 'Large-Blob', 'large-blob', 'large-blobs', 'sdp-ignore'],
    ]);
  });

  it('reads CRLF line breaks and a lone CR as line ends, as the editor does (the engine given the text as written)', () => {
    const text = '# Doc\r\n\r\n<!-- sdp-ignore: contension -->\r<!-- sdp-ignore: Scaling-Writs -->\r\n';
    const lines = text.split(/\r\n|\r|\n/);
    const unknown = realEngine().suggest(text).unknownIds ?? [];
    assert.deepEqual(unknown.map((u) => [u.line, u.column, u.text]), [[3, 18, 'contension'], [4, 18, 'Scaling-Writs']]);
    for (const u of unknown) assert.equal(lines[u.line - 1]!.slice(u.column - 1, u.column - 1 + u.text.length), u.text);
  });

  it('records, for an sdp-ignore comment\'s word, the separator that goes with it', () => {
    const text = '# Doc\nSee <!--  sdp-ignore: cachng ,  Locks!\tcontension  --> here.\n<!-- sdp-ignore: only-one -->\n<!-- sdp-todo: todo-word\n-->\n';
    const unknown = unknownIn(text);
    const lines = text.split('\n');
    const at = (u: UnknownCommentId, span: { column: number; endColumn: number } | undefined): string | undefined => span && lines[u.line - 1]!.slice(span.column - 1, span.endColumn - 1);
    assert.deepEqual(unknown.map((u) => [u.text, at(u, u.separatorSpan)]), [
      ['cachng', ' ,  '],
      ['Locks!', '\t'],
      // The last word: the separator before it.
      ['contension', '\t'],
      ['only-one', undefined],
      ['todo-word', undefined],
    ]);
  });

  it('an sdp-todo marker after an sdp-ignore comment naming the same word is offered what a marker may name', () => {
    // "deep-dive" is one letter from deep-dives, which only an sdp-ignore comment may name.
    const unknown = unknownIn('# Doc\n<!-- sdp-ignore: deep-dive -->\n<!-- sdp-todo: deep-dive\nQ?\n-->\n');
    assert.deepEqual(unknown.map((u) => [u.comment, u.text, u.nearest]), [['sdp-ignore', 'deep-dive', 'deep-dives'], ['sdp-todo', 'deep-dive', undefined]]);
  });

  it(`reports at most ${MAX_REPORTED_IDS} words in a document, the first ones`, () => {
    assert.equal(MAX_REPORTED_IDS, commentIdsJson.maxReported);
    assert.ok(MAX_REPORTED_IDS >= 10);
    const words = Array.from({ length: 100_000 }, (_, i) => `nope${i}`);
    const unknown = realEngine().suggest(`# Doc\n<!-- sdp-ignore: contention ${words.join(' ')} -->\n<!-- sdp-todo: after-the-cap\n-->\n`).unknownIds ?? [];
    assert.equal(unknown.length, MAX_REPORTED_IDS);
    assert.deepEqual(unknown.map((u) => u.text), words.slice(0, MAX_REPORTED_IDS));
    assert.equal(unknownCommentIds(readIgnoreComments('<!-- sdp-ignore: a1 b2 c3 -->').named, ids(), NEAREST_ID_RULE, 2).length, 2);
  });

  it('an sdp-todo marker spanning lines: its first word, on the opening line; the prompts after it are not ids', () => {
    const text = '# Doc\n\n### Reconnection\n\n  <!-- SDP-TODO:   Realtime-Updates/Reconection\nQuestion: what happens when the socket drops?\nWrite the answer here.\n-->\n';
    assert.deepEqual(unknownIn(text).map((u) => [u.line, u.column, u.at, u.comment, u.nearest]), [
      [5, 20, 'Realtime-Updates/Reconection', 'sdp-todo', 'realtime-updates/reconnection'],
    ]);
    // A pattern's id keeps no question open: a marker naming one is reported, with nothing proposed far from it.
    assert.deepEqual(unknownIn('# Doc\n<!-- sdp-todo: contention\nQ?\n-->\n').map((u) => [u.at, u.nearest]), [['contention', undefined]]);
  });

  it('a word that is no id by its characters is reported too (the reader drops it without a word)', () => {
    assert.deepEqual(unknownIn('# Doc\n<!-- sdp-ignore: contention. locks! -->\n').map((u) => [u.at, u.nearest]), [['contention.', 'contention'], ['locks!', undefined]]);
  });

  it('comments inside code are text, not comments: nothing is reported there', () => {
    const text = [
      '# Doc', '',
      '```markdown', '<!-- sdp-ignore: contension -->', '```', '',
      '    <!-- sdp-ignore: indented-code -->', '',
      'Inline `<!-- sdp-ignore: in-a-span -->` code.', '',
      '> ```', '> <!-- sdp-todo: quoted/fence', '> ```', '',
      '<!-- sdp-ignore: real-one -->', '',
    ].join('\n');
    assert.deepEqual(unknownIn(text).map((u) => [u.line, u.at]), [[15, 'real-one']]);
  });

  it('an opener in code takes no "-->": a real comment after it on the line is still read, obeyed and checked', () => {
    const base = '# Seat booking\n\nBuyers hold seats while they pay; we lock the seat row.\n\n';
    const text = `${base}Write \`<!-- sdp-ignore:\` then ids. <!-- sdp-ignore: contenshun -->\n`;
    assert.deepEqual(unknownIn(text).map((u) => u.at), ['contenshun']);
    const marker = `${base}Text \`<!-- sdp-todo:\` here.\n\n## Locks\n<!-- sdp-todo: contention/deadlocks\nprompt -->\n`;
    assert.deepEqual(readIgnoreComments(marker).todos.map((t) => t.id), ['contention/deadlocks']);
  });

  it('an opener a preview shows as text (in front matter, after a backslash) is no comment: neither obeyed nor reported', () => {
    const body = '# Seat booking\n\nBuyers hold seats while they pay; we lock the seat row.\n';
    const frontMatter = `---\ntitle: x\nhint: "<!-- sdp-todo: id"\n---\n${body}`;
    assert.equal(realEngine().suggest(frontMatter).malformedComments, undefined);
    const escaped = `${body}\nWrite \\<!-- sdp-todo: then the id.\n`;
    assert.equal(realEngine().suggest(escaped).malformedComments, undefined);
    const escapedIgnore = `${body}\nThe form is \\<!-- sdp-ignore: contention --> in the source.\n`;
    assert.deepEqual(readIgnoreComments(escapedIgnore).comments, [], 'an escaped comment hides nothing');
    // Such an opener takes no "-->": the real comment or marker after it is read.
    const afterEscaped = `${body}\nThe form \\<!-- sdp-ignore: aaa --> and then <!-- sdp-ignore: bbb -->\n`;
    assert.deepEqual(readIgnoreComments(afterEscaped).comments.map((c) => c.ids), [['bbb']]);
    const afterFrontMatter = `---\nhint: <!-- sdp-todo: a/b\n---\n${body}\n## Locks\n<!-- sdp-todo: contention/deadlocks\nprompt -->\n`;
    const read = readIgnoreComments(afterFrontMatter);
    assert.deepEqual(read.todos.map((t) => t.id), ['contention/deadlocks']);
    assert.ok(read.text.includes('# Seat booking'), 'the body is not blanked');
    assert.equal(realEngine().suggest(`${body}\nAn escaped \\<!-- sdp-ignore: a with no end\n`).malformedComments, undefined);
    // Two backslashes escape each other: the comment is real.
    assert.deepEqual(readIgnoreComments(`${body}\nA path \\\\<!-- sdp-ignore: contention -->\n`).comments.map((c) => c.ids), [['contention']]);
  });

  describe('comments that do nothing for their form (reported by their opener, not by their words)', () => {
    const malformedIn = (text: string) => realEngine().suggest(text).malformedComments?.map((m) => [m.kind, m.line, m.column, m.text]);

    it('an sdp-ignore comment over two lines is no comment: its words are not checked, its opener is reported', () => {
      assert.deepEqual(unknownIn('# Doc\n<!-- sdp-ignore: contension\n-->\n'), []);
      assert.deepEqual(malformedIn('# Doc\n\nText <!--  SDP-Ignore : contention,\n  scaling-reads -->\n'), [['ignore-not-closed', 3, 6, '<!--  SDP-Ignore :']]);
      // No `-->` anywhere after it: reported too, and so is each later opener.
      assert.deepEqual(malformedIn('# Doc\n<!-- sdp-ignore: a\n<!-- sdp-ignore: b'), [['ignore-not-closed', 2, 1, '<!-- sdp-ignore:'], ['ignore-not-closed', 3, 1, '<!-- sdp-ignore:']]);
      // The ignore did nothing: the pattern it meant to hide is still suggested.
      const doc = '# Ticket booking\n<!-- sdp-ignore:\ncontention -->\n\n2 million fans compete for 50,000 seats, so we hold each seat with a lock.\n';
      assert.ok(realEngine().suggest(doc).suggestions.some((s) => s.pattern === 'contention'));
    });

    it('an sdp-todo marker with its id on the next line (or none) keeps nothing open: reported', () => {
      assert.deepEqual(malformedIn('# Doc\n\n<!-- sdp-todo:\ncontention/deadlocks\n-->\n'), [['todo-names-nothing', 3, 1, '<!-- sdp-todo:']]);
      assert.deepEqual(malformedIn('# Doc\n\n<!-- sdp-todo: -->\n  <!--sdp-todo:, x -->\n'), [['todo-names-nothing', 3, 1, '<!-- sdp-todo:'], ['todo-names-nothing', 4, 3, '<!--sdp-todo:']]);
      assert.equal(readIgnoreComments('# Doc\n<!-- sdp-todo:\ncontention/deadlocks\n-->\n').todos.length, 0, 'nothing is kept open');
    });

    it('an sdp-todo marker with no `-->` after it keeps nothing open: reported once, as todo-not-closed (one in code is skipped)', () => {
      assert.deepEqual(malformedIn('# Doc\n\n<!-- sdp-todo: contention/deadlocks\nWho waits?\n'), [['todo-not-closed', 3, 1, '<!-- sdp-todo:']]);
      // A later opener has no `-->` either: one report.
      assert.deepEqual(malformedIn('# Doc\n\n<!-- sdp-todo: contention/deadlocks\n\n<!-- sdp-todo: contention/lock-ordering\n'), [['todo-not-closed', 3, 1, '<!-- sdp-todo:']]);
      assert.deepEqual(malformedIn('# Doc\n\n```\n<!-- sdp-todo: x\n```\n\n<!-- sdp-todo: contention/deadlocks\n'), [['todo-not-closed', 7, 1, '<!-- sdp-todo:']]);
      const read = readIgnoreComments('# Doc\n\n<!-- sdp-todo: contention/deadlockz\n');
      assert.deepEqual([read.todos, read.named], [[], []], 'its word is not read: the marker is not one');
    });

    it('a text cut at a size limit: a comment running to the cut is not reported (its end may be past it); one that ends its line unclosed is', () => {
      const doc = '# Seat booking\n\nTwo million fans compete for 50,000 seats.\n\n';
      const full = `${doc}<!-- sdp-ignore: contention -->\nMore text here.\n<!-- sdp-todo: contention/deadlocks\nQ?\n-->\n`;
      const cuts = (open: string, close: string): number[] => {
        const from = full.indexOf(open) + open.length;
        const to = full.indexOf(close, from) + close.length;
        return Array.from({ length: to - from }, (_, i) => from + i);
      };
      for (const n of [...cuts('<!-- sdp-ignore:', '-->'), ...cuts('<!-- sdp-todo:', '\n-->')]) {
        const cut = full.slice(0, n);
        // Cut here (maxChars), or by the caller, who says so.
        assert.equal(realEngine().suggest(full, { maxChars: n }).malformedComments, undefined, `maxChars ${n}`);
        assert.equal(realEngine().suggest(cut, { textIsPrefix: true }).malformedComments, undefined, `prefix of ${n}`);
        // The same text as a whole document: the comment does not end.
        assert.equal(realEngine().suggest(cut).malformedComments?.length, 1, `whole text of ${n}`);
      }
      assert.equal(realEngine().suggest(full, { maxChars: full.length }).malformedComments, undefined);
      // Not closed on its line, and the line ends before the cut: reported, cut or not.
      const broken = `${doc}<!-- sdp-ignore: contention\nMore text here.\n`;
      assert.deepEqual(realEngine().suggest(broken, { textIsPrefix: true }).malformedComments?.map((m) => m.kind), ['ignore-not-closed']);
      assert.deepEqual(realEngine().suggest(`${broken}-->\n`, { maxChars: broken.length }).malformedComments?.map((m) => m.kind), ['ignore-not-closed']);
      // A marker cut after its `-->` is whole: one naming nothing is still reported.
      assert.deepEqual(realEngine().suggest(`${doc}<!-- sdp-todo:\nx\n-->\n`, { textIsPrefix: true }).malformedComments?.map((m) => m.kind), ['todo-names-nothing']);
    });

    it('a no-break space after "sdp-todo:" separates the id as a space does (as in an sdp-ignore comment); the id must still be on the opening line', () => {
      const read = readIgnoreComments('# Doc\n\n<!-- sdp-todo:\u00a0contention/deadlocks\nQ?\n-->\n');
      assert.deepEqual(read.todos.map((t) => t.id), ['contention/deadlocks']);
      assert.deepEqual(read.malformed, []);
      assert.equal(malformedIn('# Doc\n\n<!-- sdp-todo:\u00a0\t\u00a0contention/deadlocks\nQ?\n-->\n'), undefined);
      assert.deepEqual(malformedIn('# Doc\n\n<!-- sdp-todo:\u00a0\ncontention/deadlocks\n-->\n'), [['todo-names-nothing', 3, 1, '<!-- sdp-todo:']]);
      assert.deepEqual(malformedIn('# Doc\n\n<!-- sdp-todo: \r\ncontention/deadlocks\r\n-->\r\n'), [['todo-names-nothing', 3, 1, '<!-- sdp-todo:']]);
    });

    it('well-formed comments, and any in code, are not reported', () => {
      assert.equal(realEngine().suggest('# Doc\n<!-- sdp-ignore: contention -->\n<!-- sdp-todo: contention/deadlocks\nQ?\n-->\n').malformedComments, undefined);
      assert.equal(malformedIn('# Doc\n\n```\n<!-- sdp-ignore: a,\n-->\n<!-- sdp-todo:\n-->\n```\n\nInline `<!-- sdp-todo: -->`.\n'), undefined);
    });

    it(`many openers with no \`-->\` after them: read in one pass, the first ${MAX_REPORTED_IDS} reported`, () => {
      const text = `# Doc\n${'<!-- sdp-ignore: x\n'.repeat(50_000)}${'<!-- sdp-ignore: y '.repeat(50_000)}`;
      const malformed = realEngine().suggest(text, { maxChars: text.length }).malformedComments ?? [];
      assert.equal(malformed.length, MAX_REPORTED_IDS);
      assert.deepEqual(malformed.slice(0, 2).map((m) => m.line), [2, 3]);
      // On the last line, an opener not closed hides the rest of its line: one report for it.
      assert.equal(readIgnoreComments(text).malformed.length, 50_001);
    });
  });

  it('proposes the closest id, the first alphabetically among equally close ones, and nothing when none is close', () => {
    const known = knownIds(['alpha-beta', 'alpha-bets', 'gamma-delta', 'pattern/slug-one', 'other/slug-two', 'third/slug-two']);
    assert.equal(nearestKnownId('alpha-betx', known), 'alpha-beta', 'one edit from both: the first in order');
    assert.equal(nearestKnownId('alpha-bet', known), 'alpha-beta');
    assert.equal(nearestKnownId('gamma-dlta', known), 'gamma-delta');
    assert.equal(nearestKnownId('gama-dlta', known), 'gamma-delta', 'two edits in a word of nine');
    assert.equal(nearestKnownId('gm-dlta', known), undefined, 'three edits: too far');
    assert.equal(nearestKnownId('alp', known), undefined, 'too short to correct');
    assert.equal(nearestKnownId('slug-one', known), 'pattern/slug-one', 'named without its pattern');
    assert.equal(nearestKnownId('slug-two', known), undefined, 'the last part of two ids: no guess');
    assert.equal(nearestKnownId('x/slug-one', known), undefined, 'a word with a slash is compared whole');
    // The closest wins over an earlier one further away.
    assert.equal(nearestKnownId('abcdefgh-x', knownIds(['abcdefgh-yz', 'abcdefgh-y'])), 'abcdefgh-y');
  });

  it('the edit bound scales with the word: one edit per charsPerEdit characters, maxEdits at most', () => {
    const rule = { maxEdits: 2, charsPerEdit: 4 };
    const known = knownIds(['abcd', 'abcdefgh', 'abcdefghijklmnop']);
    assert.equal(nearestKnownId('abcx', known, rule), 'abcd', '4 characters: one edit');
    assert.equal(nearestKnownId('abxy', known, rule), undefined);
    assert.equal(nearestKnownId('abcdefxy', known, rule), 'abcdefgh', '8 characters: two edits');
    assert.equal(nearestKnownId('abcdefghijklmxyz', known, rule), undefined, 'never more than maxEdits');
    assert.equal(nearestKnownId('abcdefxy', known, { maxEdits: 1, charsPerEdit: 4 }), undefined);
  });

  describe('content/suggest/commentIds.json examples (against the shipped catalog)', () => {
    it('holds the rule the code uses', () => {
      assert.deepEqual(NEAREST_ID_RULE, { maxEdits: commentIdsJson.maxEdits, charsPerEdit: commentIdsJson.charsPerEdit });
      assert.ok(NEAREST_ID_RULE.maxEdits >= 1 && NEAREST_ID_RULE.charsPerEdit >= 1);
      // Each example below is a test of its own: an emptied list would drop them without a failure.
      assert.ok(commentIdsJson.examples.length > 0);
    });
    for (const ex of commentIdsJson.examples) {
      it(`${ex.written} -> ${ex.nearest ?? 'nothing'} (${ex.why})`, () => {
        const [unknown] = unknownCommentIds(readIgnoreComments(`<!-- sdp-ignore: ${ex.written} -->`).named, ids());
        assert.ok(unknown, `${ex.written} is reported`);
        assert.equal(unknown.nearest, ex.nearest ?? undefined);
      });
    }
  });

  it('the engine carries them on its result in document order; a mistyped id hides nothing, the right one hides', () => {
    const doc = '# Ticket booking\n\n2 million fans compete for 50,000 seats, so we hold each seat with a lock.\n';
    const typo = doc.replace('\n\n', '\n<!-- sdp-todo: contention/distributed-lockz\n-->\n<!-- sdp-ignore: Contension -->\n\n');
    const plain = doc.replace('\n\n', '\n<!-- sdp-todo: contention/distributed-locks\n-->\n<!-- sdp-ignore: Contention -->\n\n');
    const withTypo = realEngine().suggest(typo);
    assert.deepEqual(withTypo.unknownIds?.map((u) => [u.line, u.column, u.text, u.comment]), [[2, 16, 'contention/distributed-lockz', 'sdp-todo'], [4, 18, 'Contension', 'sdp-ignore']]);
    assert.ok(withTypo.suggestions.some((s) => s.pattern === 'contention'), 'the mistyped id hid nothing');
    const right = realEngine().suggest(plain);
    assert.ok(!right.suggestions.some((s) => s.pattern === 'contention'), 'the right id hides the pattern');
    assert.equal(right.unknownIds, undefined);
  });

  it('a catalog without a pattern does not know its ids, its deep dives\' nor its design checks\'', () => {
    const index = indexCatalog(loadRepoCatalog());
    const other = (id: string): boolean => id !== 'large-blobs' && !id.startsWith('large-blobs/');
    // What indexCatalog gives for a catalog without large-blobs: its checks are not asked (catalogIndex.ts).
    const trimmed = catalogCommentIds({
      patternIds: index.patternIds.filter(other), deepDives: index.deepDives.filter((d) => other(d.id)),
      checks: index.checks.filter((c) => c.patterns.some(other)), nodes: new Map([...index.nodes].filter(([id]) => other(id))),
    });
    assert.ok(CHECKS.some((c) => c.id === 'large-blobs/check-abandoned-uploads' && c.patterns.join() === 'large-blobs'));
    for (const comment of ['sdp-ignore', 'sdp-todo'] as const) {
      assert.ok(!trimmed[comment].ids.has('large-blobs/check-abandoned-uploads'), `${comment}: a check of a pattern the catalog lacks`);
      assert.ok(trimmed[comment].ids.has('contention/check-lock-holder-dies'));
    }
    assert.ok(!trimmed['sdp-ignore'].ids.has('large-blobs'));
    assert.ok(trimmed['sdp-ignore'].ids.has('contention'));
  });
});
