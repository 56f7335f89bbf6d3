/** The examples kept with the lexicons in content/suggest/ run here, one test each. */
import { strict as assert } from 'node:assert';
import { FIGURES, SECTIONS, WORDS } from '../../../src/core/suggest/lexicon';
import { lineOf } from '../../../src/core/suggest/lines';
import { headingRole, normaliseHeading, readStructure } from '../../../src/core/suggest/structure';
import { readFigures } from '../../../src/core/suggest/figures';
import { stem, stemsOf } from '../../../src/core/suggest/tokens';

describe('lexicon examples: content/suggest/sections.json', () => {
  for (const ex of SECTIONS.examples) {
    it(`"${ex.heading}" heads a ${ex.role} section`, () => assert.equal(headingRole(ex.heading), ex.role));
  }
});

describe('content/suggest/sections.json: every heading phrase', () => {
  /** The plain reading of the heading phrases, every phrase tried longest first: headingRole looks only at those sharing the heading's first character. */
  const phrases = SECTIONS.roles.flatMap((r) => r.headings.map((h) => ({ role: r.role, prefix: h.endsWith(' *'), phrase: normaliseHeading(h.replace(/ \*$/, '')) })))
    .sort((a, b) => b.phrase.length - a.phrase.length);
  const plainRole = (text: string): string => {
    const h = normaliseHeading(text);
    const hit = phrases.find(({ phrase, prefix }) => h.startsWith(phrase) &&
      (h.length === phrase.length || h[phrase.length] === ':' || h.startsWith(' (', phrase.length) || (prefix && h[phrase.length] === ' ')));
    return hit?.role ?? 'body';
  };

  it('has no phrase that is empty once normalised (headingRole files phrases by their first character)', () => {
    for (const { phrase } of phrases) assert.notEqual(phrase, '');
  });

  it('gives each phrase, and each with what may follow it, the role the plain reading gives', () => {
    const headings = ['', '#', '2.3', 'Design', 'Zebra crossings', ...SECTIONS.roles.flatMap((r) => r.headings)
      .flatMap((h) => { const p = h.replace(/ \*$/, ''); return [p, `${p}:`, `${p}: more`, `${p} (draft)`, `${p} more`, `${p}s`, `1. ${p.toUpperCase()}`, p.slice(0, -1)]; })];
    let named = 0;
    for (const h of headings) {
      assert.equal(headingRole(h), plainRole(h), h);
      if (plainRole(h) !== 'body') named++;
    }
    assert.ok(named > SECTIONS.roles.length * 4, `${named} headings name a role`);
  });
});

describe('content/suggest/words.json: the negators', () => {
  it('each has a word to read (evidence.ts files negators by their first stem)', () => {
    for (const n of WORDS.negators) assert.ok(stemsOf(n).length > 0, JSON.stringify(n));
  });
});

describe('lexicon examples: content/suggest/words.json', () => {
  for (const ex of WORDS.examples) {
    it(`"${ex.word}" stems to "${ex.stem}"`, () => assert.equal(stem(ex.word), ex.stem));
  }
});

describe('lexicon examples: content/suggest/figures.json', () => {
  for (const ex of FIGURES.examples) {
    it(`reads "${ex.text.replace(/\n/g, '\\n')}" as ${ex.kind} of ${ex.subject}`, () => {
      const s = readStructure(ex.text);
      const facts = s.blocks.flatMap((b) => readFigures(b, (o) => lineOf(s.lineStarts, o), s.lineStarts));
      assert.equal(facts.length, 1, `figures read: ${JSON.stringify(facts)}`);
      const f = facts[0]!;
      assert.equal(f.kind, ex.kind);
      assert.equal(f.subject, ex.subject);
      assert.ok(Math.abs(f.value - ex.value) <= Math.abs(ex.value) * 1e-3, `value ${f.value}, expected ${ex.value}`);
      assert.equal(f.timedOut ?? false, ex.timedOut ?? false);
      assert.equal(f.concurrent ?? false, ex.concurrent ?? false);
    });
  }
});
