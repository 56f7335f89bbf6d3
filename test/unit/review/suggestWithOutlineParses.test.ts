/**
 * Which way suggestWithOutline (src/core/review/suggestWithOutline.ts) takes the outline, told by
 * the markdown-it parses it makes beyond the engine's own: none for a document without review
 * comments (the outline is read off the engine's structure), one `readOutline` for a document whose
 * sdp-ignore or sdp-todo comments changed the text, and none at all when nothing was suggested (the
 * outline is then the empty one, which nothing reads).
 */
import { strict as assert } from 'node:assert';
import { EMPTY_OUTLINE, readOutline } from '../../../src/core/review/outline';
import { suggestWithOutline } from '../../../src/core/review/suggestWithOutline';
import { createSuggestEngine } from '../../../src/core/suggest';
import { fixtureCatalog } from '../suggest/fixtures';
import { parsesDuring } from '../support/markdownParses';

const DESIGN = '# Seat booking\n\nTwo million fans compete for 50,000 seats; double booking must never happen.\n\n## Alternatives\n\nA queue in front of the seat map.\n';
const WITH_COMMENTS = '# Seat booking\n<!-- sdp-ignore: large-blobs -->\n\nTwo million fans compete for 50,000 seats; double booking must never happen.\n\n'
  + '## Distributed locks\n\n<!-- sdp-todo: contention/distributed-locks\nQuestion: how long is a lock held?\n-->\n\n## Alternatives\n\nA queue in front of the seat map.\n';
const NOT_A_DESIGN = '# Release notes\n<!-- sdp-ignore: contention -->\n\nNothing here.\n';

describe('suggestWithOutline parses only when the outline needs it', () => {
  const engine = createSuggestEngine(fixtureCatalog());
  /** Parses made by suggestWithOutline beyond those of the engine's own reading of the same text. */
  function extraParses(text: string, minScore?: number): { extra: number; suggested: number; outline: unknown } {
    const options = minScore === undefined ? {} : { minScore };
    const engineOnly = parsesDuring(() => void engine.read(text, options));
    let answer!: ReturnType<typeof suggestWithOutline>;
    const withOutline = parsesDuring(() => void (answer = suggestWithOutline(engine, text, options)));
    return { extra: withOutline - engineOnly, suggested: answer.result.suggestions.length, outline: answer.outline };
  }

  it('a design doc without review comments: no parse beyond the engine\'s (the outline is read off its structure)', () => {
    const { extra, suggested, outline } = extraParses(DESIGN, 0);
    assert.ok(suggested > 0);
    assert.equal(extra, 0);
    assert.deepStrictEqual(outline, readOutline(DESIGN));
  });

  it('a design doc with sdp-ignore and sdp-todo comments: exactly the parses of one readOutline more', () => {
    const { extra, suggested, outline } = extraParses(WITH_COMMENTS, 0);
    assert.ok(suggested > 0);
    const ownParse = parsesDuring(() => void readOutline(WITH_COMMENTS));
    assert.ok(ownParse > 0);
    assert.equal(extra, ownParse);
    assert.deepStrictEqual(outline, readOutline(WITH_COMMENTS));
  });

  it('nothing suggested: no parse beyond the engine\'s, even with review comments, and the empty outline', () => {
    for (const text of [NOT_A_DESIGN, DESIGN.replace('# Seat booking', '# Notes <!-- sdp-ignore: contention -->')]) {
      const { extra, suggested, outline } = extraParses(text, 1.01);
      assert.equal(suggested, 0, text);
      assert.equal(extra, 0, text);
      assert.equal(outline, EMPTY_OUTLINE);
    }
  });
});
