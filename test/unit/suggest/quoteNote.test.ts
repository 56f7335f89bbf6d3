import { strict as assert } from 'node:assert';
import { quoteNote } from '../../../src/core/suggest/quoteNote';
import type { Evidence } from '../../../src/core/suggest';

const figure: Evidence = { line: 4, column: 9, text: '40,000 writes/s', reason: 'past the limit of one primary', kind: 'number', weight: 0.7 };
const keyword: Evidence = { line: 3, column: 5, text: 'sold twice', reason: 'points to Dealing with Contention', kind: 'keyword', weight: 0.3 };

describe('quoteNote: what a suggestion\'s quoted evidence leaves unsaid', () => {
  it('nothing quoted: noLine; figures only: figuresOnly; any keyword line: no note', () => {
    assert.equal(quoteNote({ evidence: [] }), 'noLine');
    assert.equal(quoteNote({ evidence: [figure] }), 'figuresOnly');
    assert.equal(quoteNote({ evidence: [figure, figure] }), 'figuresOnly');
    assert.equal(quoteNote({ evidence: [keyword] }), undefined);
    assert.equal(quoteNote({ evidence: [figure, keyword] }), undefined);
    assert.equal(quoteNote({ evidence: [keyword, figure] }), undefined);
  });
});
