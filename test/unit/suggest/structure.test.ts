import { strict as assert } from 'node:assert';
import { createSuggestEngine } from '../../../src/core/suggest';
import { PLAIN_HEADING_LEVEL, StructureTracker, type LineInfo } from '../../../src/core/suggest/structure';
import { fixtureCatalog } from './fixtures';

/** Every line's classification, as copies (the tracker reuses its result object). */
function classifyAll(text: string): LineInfo[] {
  const tracker = new StructureTracker();
  const out: LineInfo[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const lineEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    out.push({ ...tracker.classify(text, pos, lineEnd) });
    pos = end + 1;
  }
  return out;
}

describe('suggest: document structure', () => {
  it('reads setext headings (=== and ---) as headings that open sections', () => {
    const lines = classifyAll(['Seat service', '============', '', 'Out of scope', '------------', 'chat', '', 'Design', '------', 'a cache'].join('\n'));
    assert.equal(lines[0]!.role, 'title');
    assert.equal(lines[3]!.role, 'heading');
    assert.equal(lines[3]!.level, 2);
    assert.equal(lines[5]!.excluded, true, 'the line under "Out of scope" is ruled out');
    assert.equal(lines[9]!.excluded, false, 'the next heading of the same level ends the section');
  });

  it('reads the plain-text headings of a pasted page, and the list items under a requirements heading', () => {
    const text = [
      'Design a seat booking site',
      'Functional Requirements',
      '- Users should be able to book seats',
      'Below the line (out of scope):',
      '- Users should be able to chat',
      'Non-Functional Requirements',
      '• No seat is ever sold twice',
      'The Set Up',
      'Plain prose comes here.',
    ].join('\n');
    const lines = classifyAll(text);
    assert.equal(lines[0]!.role, 'title');
    assert.equal(lines[1]!.role, 'heading');
    assert.equal(lines[1]!.level, PLAIN_HEADING_LEVEL);
    assert.equal(lines[2]!.role, 'requirement');
    assert.equal(lines[4]!.excluded, true, '"Below the line (out of scope):" rules its items out');
    assert.equal(lines[5]!.excluded, false, 'the next plain heading ends the ruled-out section');
    assert.equal(lines[6]!.role, 'requirement', 'a • bullet under a requirements heading is a requirement');
    assert.equal(lines[8]!.role, 'text', '"The Set Up" ends the requirements section');
  });

  it('does not take a short sentence, a lower-case line or a line ending in a full stop for a heading', () => {
    const lines = classifyAll(['# Notes', 'Users should book seats', 'cache the seat map', 'Seats are limited.', 'We use Redis'].join('\n'));
    for (const i of [1, 2, 3, 4]) assert.equal(lines[i]!.role, 'text', `line ${i + 1}`);
  });

  it('treats a list marker alone on its line as the start of the item on the next line', () => {
    const lines = classifyAll(['# Seats', '## Requirements', '-', 'Prevent double-selling the same seat.', 'Plain prose.'].join('\n'));
    assert.equal(lines[2]!.role, 'text');
    assert.equal(lines[3]!.role, 'requirement');
    assert.equal(lines[4]!.role, 'text');
  });

  it('a plain-text heading never ends a # section', () => {
    const lines = classifyAll(['# Doc', '## Out of scope', 'Live Chat', 'Websocket chat for fans'].join('\n'));
    assert.equal(lines[2]!.role, 'heading');
    assert.equal(lines[3]!.excluded, true);
  });

  it('a pasted page without # headings ranks the pattern of its requirements first', () => {
    const engine = createSuggestEngine(fixtureCatalog());
    const doc = [
      'Design a Ticket Booking Site',
      'Functional Requirements',
      '- Users should be able to book tickets',
      'Below the line (out of scope):',
      '- Live chat between fans over websocket',
      '- Realtime updates of the seat map',
      'Non-Functional Requirements',
      '- Consistency for booking: no double booking, ever',
    ].join('\n');
    const r = engine.suggest(doc);
    assert.equal(r.suggestions[0]?.pattern, 'contention');
    assert.ok(!r.suggestions.some((s) => s.pattern === 'realtime-updates'), 'ruled-out items are not evidence');
  });
});

describe('suggest: document structure, hard-wrapped prose', () => {
  it('does not take the first line of a hard-wrapped paragraph for a heading', () => {
    const lines = classifyAll(['# Notes', '', 'The service receives', 'lookups from thirty callers.', '', 'Peak Load 180000', ''].join('\n'));
    assert.equal(lines[2]!.role, 'text', 'the next line goes on with the sentence');
    assert.equal(lines[5]!.role, 'text', 'a line with a figure is not a heading');
  });
});

describe('suggest: false friends (notKeywords)', () => {
  it('reads a pattern\'s false friend whole, so the keyword inside it is no evidence', () => {
    const base = fixtureCatalog();
    const reads = base.roots.find((n) => n.id === 'scaling-reads')!;
    const withFriends = { ...base, roots: base.roots.map((n) => (n === reads ? { ...reads, notKeywords: ['build cache'] } : n)) };
    const doc = '# CI notes\n\nThe build cache keeps dependencies between runs. Warm the build cache nightly.';
    const raw = (catalog: typeof base, text: string): number =>
      createSuggestEngine(catalog).scores(text).find((s) => s.pattern === 'scaling-reads')?.raw ?? 0;
    assert.ok(raw(base, doc) > 0, 'without the false friend, "cache" is evidence');
    assert.equal(raw(withFriends, doc), 0);
    const design = '# Profile page\n\nThe build cache is warm. Profiles are served from a cache in front of the database.';
    assert.ok(raw(withFriends, design) > 0, 'the keyword alone still counts');
    // A false friend claims its words for loose matches too: "layer cache" is not "cache layer" reordered.
    const layered = { ...base, roots: base.roots.map((n) => (n === reads ? { ...reads, keywords: ['cache layer'], notKeywords: ['layer cache'] } : n)) };
    assert.equal(raw(layered, '# CI\n\nThe layer cache is warm.'), 0);
    assert.ok(raw(layered, '# Site\n\nA cache layer sits in front of the database.') > 0);
  });
});

describe('suggest: document structure, what the review found', () => {
  it('reads a run of short lines as an unmarked list, headed by a section name', () => {
    const lines = classifyAll(['# Doc', 'Out of scope', 'Video processing', 'Report generation', 'Bulk import from CSV', '', 'Design', 'Text here.'].join('\n'));
    assert.equal(lines[1]!.role, 'heading');
    for (const i of [2, 3, 4]) {
      assert.equal(lines[i]!.role, 'text', `item ${i} is no heading`);
      assert.equal(lines[i]!.excluded, true, `item ${i} is ruled out`);
    }
    assert.equal(lines[6]!.role, 'heading');
    assert.equal(lines[7]!.excluded, false);
  });
  it('takes no table row, indented code, list continuation or figure line for a heading', () => {
    const lines = classifyAll(['# Doc', 'Name | Type', '', '    SELECT id FROM Orders', '', '- item', '  Returns JSON', '', 'Peak 50K QPS', '', '2M Users'].join('\n'));
    for (const i of [1, 3, 6, 8, 10]) assert.notEqual(lines[i]!.role, 'heading', `line ${i + 1}`);
  });
  it('forgets a lone list marker after a blank line', () => {
    const lines = classifyAll(['# Doc', '-', '', '## Requirements', 'Users can post a photo, and we keep it.'].join('\n'));
    assert.equal(lines[4]!.role, 'text');
  });
  it('reads YAML front matter as metadata', () => {
    const lines = classifyAll(['---', 'title: Seat service', '---', '# Seats', 'We sell seats.'].join('\n'));
    assert.deepEqual(lines.slice(0, 3).map((l) => l.role), ['code', 'code', 'code']);
    assert.equal(lines[3]!.role, 'title');
  });
  it('matches a false friend as written, not by stem', () => {
    const base = fixtureCatalog();
    const contention = base.roots.find((n) => n.id === 'contention')!;
    const catalog = { ...base, roots: base.roots.map((n) => (n === contention ? { ...contention, notKeywords: ['order book'] } : n)) };
    const raw = (text: string): number => createSuggestEngine(catalog).scores(text).find((s) => s.pattern === 'contention')?.raw ?? 0;
    assert.equal(raw('# Exchange\n\nThe order book is matched by price.'), 0);
    assert.ok(raw('# Venue\n\nWe take order bookings for the venue.') > 0, '"order bookings" keeps its "booking"');
  });
});
