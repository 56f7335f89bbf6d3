import * as assert from 'node:assert';
import MarkdownIt from 'markdown-it';
import { createSuggestEngine } from '../../../src/core/suggest';
import { reviewToMarkdown, type ReviewMarkdownLabels } from '../../../src/core/suggest/reviewMarkdown';
import type { SuggestResult } from '../../../src/core/suggest/types';
import { fixtureCatalog } from './fixtures';

const LABELS: ReviewMarkdownLabels = {
  title: (name) => `Design review of ${name}`,
  why: 'Why',
  noLineQuoted: 'No line quoted: none is specific and sure enough to count as evidence.',
  noKeywordLineQuoted: 'No keyword line quoted, only figures past a limit.',
  scoreWords: (words) => `Words that raised it: ${words}.`,
  startWith: 'Start with',
  openQuestions: 'Open questions',
  numbers: 'Numbers found',
  combinations: 'Combinations',
  line: (n) => `line ${n}`,
  score: (s) => `${Math.round(s * 100)}%`,
  nothing: 'No pattern stood out.',
};

const RESULT: SuggestResult = {
  suggestions: [{
    pattern: 'contention', title: 'Dealing with Contention', score: 0.87, solutions: ['contention/optimistic-locking'],
    evidence: [{ line: 3, column: 1, text: '50,000 fans', reason: '50,000 fans competing for 5,000 seats (10 per item)', kind: 'number', weight: 0.6 }],
    words: [],
  }],
  numbers: [{ line: 3, column: 1, text: '50,000 fans', kind: 'count', subject: 'users', value: 50_000, normalized: '50,000 users' }],
  openQuestions: [
    { pattern: 'contention', id: 'contention/holds', title: 'Seat holds', card: 'contention/holds', question: 'How long is a seat held?', reason: 'the doc says nothing of hold, expiry', line: 7 },
    { pattern: 'realtime-updates', id: 'realtime-updates/reconnection', title: 'Reconnection', card: 'realtime-updates/reconnection', question: 'How do clients reconnect?', reason: 'the doc says nothing of backoff' },
  ],
  combinations: [{ id: 'combinations/ticketing', title: 'Ticketing', patterns: ['contention'], score: 0.5 }],
};

describe('reviewToMarkdown (Design Review: Copy as Markdown)', () => {
  it('writes the review in the order the view shows it, with the labels it is given', () => {
    const withWords: SuggestResult = { ...RESULT, suggestions: [{ ...RESULT.suggestions[0]!, words: ['fans', 'seats'] }] };
    const markdown = reviewToMarkdown({ name: 'tickets.md', result: withWords, titles: new Map([['contention/optimistic-locking', 'Optimistic Locking']]) }, LABELS);
    assert.strictEqual(markdown, [
      '# Design review of tickets.md',
      '',
      '## Dealing with Contention (87%)',
      '',
      '### Why',
      '',
      '- “50,000 fans” (line 3): 50,000 fans competing for 5,000 seats (10 per item)',
      '',
      'No keyword line quoted, only figures past a limit.',
      '',
      'Words that raised it: fans, seats.',
      '',
      '### Start with',
      '',
      '- Optimistic Locking',
      '',
      '### Open questions',
      '',
      '- How long is a seat held? — Seat holds (line 7): the doc says nothing of hold, expiry',
      '',
      '## Open questions',
      '',
      '- How do clients reconnect? — Reconnection: the doc says nothing of backoff',
      '',
      '## Numbers found',
      '',
      '- “50,000 fans” (line 3): 50,000 users',
      '',
      '## Combinations',
      '',
      '- Ticketing (50%)',
      '',
    ].join('\n'));
  });

  it('keeps markdown in quoted document text literal, one item per line', () => {
    const hostile: SuggestResult = {
      ...RESULT,
      suggestions: [{ ...RESULT.suggestions[0]!, evidence: [{ ...RESULT.suggestions[0]!.evidence[0]!, text: '**50k** [fans](http://x) <b>\nnow' }] }],
    };
    const markdown = reviewToMarkdown({ name: 'a_b.md', result: hostile, titles: new Map() }, LABELS);
    assert.ok(markdown.includes('# Design review of a\\_b.md\n'), markdown);
    assert.ok(markdown.includes('- “\\*\\*50k\\*\\* \\[fans\\](http:\\/\\/x) \\<b\\> now” (line 3)'), markdown);
    // Without a title the solution is named by its id.
    assert.ok(markdown.includes('- contention/optimistic-locking\n'), markdown);
    assert.ok(!markdown.includes('Words that raised'), 'no words, no paragraph');
    const hostileWords: SuggestResult = { ...RESULT, suggestions: [{ ...RESULT.suggestions[0]!, words: ['a_b', '<b>'] }] };
    assert.ok(reviewToMarkdown({ name: 'a.md', result: hostileWords, titles: new Map() }, LABELS).includes('Words that raised it: a\\_b, \\<b\\>.'), 'words are escaped');
  });

  it('keeps block syntax, entities and bare addresses in document text literal (rendered as VS Code\'s preview does)', () => {
    const hostile = [
      '# Not a heading', '1. not a list', '2) nor this', '- not nested', '+ nor this', '    not code', '> not a quote',
      'ends in a hash #', '&copy; &lt;b&gt;', 'see https://example.com/x', 'www.example.com', 'ops@example.com', '//cdn.example.com',
    ];
    const result: SuggestResult = {
      suggestions: [{ ...RESULT.suggestions[0]!, title: 'Contention ##', evidence: hostile.map((text, i) => ({ ...RESULT.suggestions[0]!.evidence[0]!, line: i + 1, text })) }],
      numbers: [],
      openQuestions: hostile.map((question, i) => ({ pattern: 'contention', id: `contention/q${i}`, title: question, card: `contention/q${i}`, question, reason: question })),
      combinations: [],
    };
    const markdown = reviewToMarkdown({ name: '# doc.md #', result, titles: new Map() }, LABELS);
    const html = new MarkdownIt({ html: true, linkify: true }).render(markdown);
    const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    // One heading per section, no heading/quote/code/ordered list/nested list/link from the text.
    assert.deepStrictEqual(html.match(/<(h\d)>/g), ['<h1>', '<h2>', '<h3>', '<h3>', '<h3>'], html);
    for (const tag of ['<ol', '<pre', '<code', '<blockquote', '<a ']) assert.ok(!html.includes(tag), `${tag} in ${html}`);
    assert.strictEqual(html.match(/<ul>/g)?.length, 3, html);
    // Every text arrives as written: the title's hashes, each question, entities undecoded.
    assert.ok(html.includes('<h1>Design review of # doc.md #</h1>'), html);
    assert.ok(html.includes('<h2>Contention ## (87%)</h2>'), html);
    const text = unescape(html);
    for (const line of hostile) assert.ok(text.includes(`<li>${line.trim()}: ${line.trim()}</li>`), `${line} in ${html}`);
    assert.ok(!text.includes('©'), html);
  });

  it('says nothing stood out, and that the document was cut, when the labels say so', () => {
    const empty: SuggestResult = { suggestions: [], numbers: [], openQuestions: [], combinations: [] };
    const markdown = reviewToMarkdown({ name: 'empty.md', result: empty, titles: new Map() }, { ...LABELS, truncated: 'Only the first 10 MB.' });
    assert.strictEqual(markdown, '# Design review of empty.md\n\n> Only the first 10 MB.\n\nNo pattern stood out.\n');
  });

  it('says after the figures that no keyword line is quoted when a suggestion quotes figures only, and only then', () => {
    const figure = RESULT.suggestions[0]!.evidence[0]!;
    const keyword = { line: 5, column: 3, text: 'sold twice', reason: '"sold twice" in the goals: points to Dealing with Contention', kind: 'keyword' as const, weight: 0.4 };
    const mixed: SuggestResult = {
      ...RESULT,
      suggestions: [
        { ...RESULT.suggestions[0]!, solutions: [], evidence: [figure, keyword] },
        { ...RESULT.suggestions[0]!, pattern: 'scaling-writes', title: 'Scaling Writes', score: 0.31, solutions: [], evidence: [figure, figure] },
        { ...RESULT.suggestions[0]!, pattern: 'scaling-reads', title: 'Scaling Reads', score: 0.2, solutions: [], evidence: [] },
      ],
      numbers: [], openQuestions: [], combinations: [],
    };
    const markdown = reviewToMarkdown({ name: 'doc.md', result: mixed, titles: new Map() }, { ...LABELS, noKeywordLineQuoted: 'Figures *only*.' });
    assert.strictEqual(markdown, [
      '# Design review of doc.md',
      '',
      '## Dealing with Contention (87%)',
      '',
      '### Why',
      '',
      '- “50,000 fans” (line 3): 50,000 fans competing for 5,000 seats (10 per item)',
      '- “sold twice” (line 5): "sold twice" in the goals: points to Dealing with Contention',
      '',
      '## Scaling Writes (31%)',
      '',
      '### Why',
      '',
      '- “50,000 fans” (line 3): 50,000 fans competing for 5,000 seats (10 per item)',
      '- “50,000 fans” (line 3): 50,000 fans competing for 5,000 seats (10 per item)',
      '',
      'Figures \\*only\\*.',
      '',
      '## Scaling Reads (20%)',
      '',
      '### Why',
      '',
      'No line quoted: none is specific and sure enough to count as evidence.',
      '',
    ].join('\n'));
    // Rendered, the note is a paragraph after the list, not part of its last item.
    const html = new MarkdownIt().render(markdown);
    assert.ok(html.includes('</ul>\n<p>Figures *only*.</p>'), html);
  });

  it('says under "Why" that no line is quoted when a suggestion quotes none, and only then', () => {
    const lineless: SuggestResult = {
      ...RESULT,
      suggestions: [
        { ...RESULT.suggestions[0]!, pattern: 'scaling-reads', title: 'Scaling Reads', score: 0.42, solutions: [], evidence: [] },
        RESULT.suggestions[0]!,
      ],
      numbers: [], openQuestions: [], combinations: [],
    };
    const markdown = reviewToMarkdown({ name: 'doc.md', result: lineless, titles: new Map() }, { ...LABELS, noLineQuoted: 'Nothing *quoted*.' });
    assert.strictEqual(markdown, [
      '# Design review of doc.md',
      '',
      '## Scaling Reads (42%)',
      '',
      '### Why',
      '',
      'Nothing \\*quoted\\*.',
      '',
      '## Dealing with Contention (87%)',
      '',
      '### Why',
      '',
      '- “50,000 fans” (line 3): 50,000 fans competing for 5,000 seats (10 per item)',
      '',
      'No keyword line quoted, only figures past a limit.',
      '',
      '### Start with',
      '',
      '- contention/optimistic-locking',
      '',
    ].join('\n'));
  });

  it('lists every suggestion, evidence line and figure the engine returns for a real document', () => {
    const doc = [
      '# Ticket sales',
      '',
      'We expect 200,000 concurrent users competing for 10,000 seats when a big show goes on sale.',
      'Two fans must never book the same seat: no double booking.',
      'Reads dominate: 500,000 reads per second at peak, served from a cache.',
    ].join('\n');
    const result = createSuggestEngine(fixtureCatalog()).suggest(doc, { minScore: 0 });
    assert.ok(result.suggestions.length > 0, 'the fixture doc gets suggestions');
    const markdown = reviewToMarkdown({ name: 'doc.md', result, titles: new Map() }, LABELS);
    for (const s of result.suggestions) {
      assert.ok(markdown.includes(`## ${s.title} (${Math.round(s.score * 100)}%)`), `${s.title} is a section`);
      for (const e of s.evidence) assert.ok(markdown.includes(`(line ${e.line}): ${e.reason.replace(/[*_`[\]<>~|]/g, '\\$&')}`), e.reason);
    }
    for (const n of result.numbers) assert.ok(markdown.includes(n.normalized), n.normalized);
  });
});
