import { strict as assert } from 'node:assert';
import { isNegated } from '../../../src/core/suggest/negation';
import { createLineTokens, tokenizeLine } from '../../../src/core/suggest/tokenize';
import { createSuggestEngine } from '../../../src/core/suggest';
import { fixtureCatalog } from './fixtures';

function negated(line: string, phrase: string): boolean {
  const t = createLineTokens();
  tokenizeLine(line, 0, line.length, t);
  const words = t.words.slice(0, t.count).map((w) => w.toLowerCase());
  const p = phrase.split(' ');
  const start = words.findIndex((_, i) => p.every((w, k) => words[i + k] === w));
  assert.ok(start >= 0, `${phrase} in ${line}`);
  return isNegated(words, t.breakBefore, t.count, start, start + p.length);
}

describe('negation', () => {
  it('rules out negated needs', () => {
    assert.ok(negated('We do not need real-time updates.', 'real time'));
    assert.ok(negated("There's no need for a cache here", 'cache'));
    assert.ok(negated('Page view analytics do not need to be realtime', 'realtime'));
    assert.ok(negated("Budget notifications don't need to be instant", 'notifications'));
    assert.ok(negated('A cache is unnecessary at this size', 'cache'));
    assert.ok(negated('Pastes are not realtime', 'realtime'));
  });
  it('keeps negated failures, which are requirements', () => {
    assert.ok(!negated('No double-booking', 'double booking'));
    assert.ok(!negated('We must not oversell seats', 'oversell'));
    assert.ok(!negated('Never oversell', 'oversell'));
  });
  it('stops at the clause boundary', () => {
    assert.ok(!negated('We do not need search, but real-time updates are key', 'real time'));
    assert.ok(!negated('Not needed: search. Real-time updates are key', 'real time'));
  });
  it('drops ruled-out evidence and out-of-scope sections in the engine', () => {
    const engine = createSuggestEngine(fixtureCatalog());
    assert.deepEqual(engine.suggest('# Admin page\n\nWe do not need real-time updates or chat.').suggestions, []);
    assert.deepEqual(engine.suggest('# Admin page\n\n## Out of scope\n\n- chat\n- live update over websocket').suggestions, []);
  });
});
