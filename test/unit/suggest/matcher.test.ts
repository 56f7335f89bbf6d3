import { strict as assert } from 'node:assert';
import { createSuggestEngine } from '../../../src/core/suggest';
import { fixtureCatalog } from './fixtures';

const engine = createSuggestEngine(fixtureCatalog());

describe('suggest: keyword matching', () => {
  it('matches across inflections and hyphens, with exact spans', () => {
    const r = engine.suggest('# Seat booking\n\nUsers double-book seats when two of them booked at once.');
    assert.equal(r.suggestions[0]?.pattern, 'contention');
    const ev = r.suggestions[0]!.evidence.find((e) => e.text === 'double-book');
    assert.ok(ev, 'double-book is evidence');
    assert.equal(ev!.line, 3);
    assert.equal(ev!.column, 7);
  });
  it('weighs a heading more than a passing mention', () => {
    const head = engine.suggest('# Notes\n\n## Cache\n\nread heavy').suggestions.find((s) => s.pattern === 'scaling-reads')!;
    const body = engine.suggest('# Notes\n\nsome text about a cache\n\nread heavy').suggestions.find((s) => s.pattern === 'scaling-reads')!;
    assert.ok(head.score > body.score);
  });
  it('stays quiet on documents unrelated to system design', () => {
    assert.deepEqual(engine.suggest('# Colour scheme\n\nUse the theme foreground for text and a 4.5:1 contrast.').suggestions, []);
    assert.deepEqual(engine.suggest('').suggestions, []);
  });
  it('ignores words inside link targets', () => {
    const r = engine.suggest('# Links\n\nSee [the docs](https://example.com/cache/read-replica/double-booking).');
    assert.deepEqual(r.suggestions, []);
  });
  it('lists solutions named in the doc and points to combinations', () => {
    const r = engine.suggest('# Live chat scoreboard\n\nWe push live updates over a WebSocket. The board is read heavy and uses a Redis cache.');
    const rt = r.suggestions.find((s) => s.pattern === 'realtime-updates')!;
    assert.deepEqual(rt.solutions, ['realtime-updates/websockets']);
    assert.equal(r.combinations[0]?.id, 'combinations/live-scores');
  });
  it('analyses only the first part beyond the size limit, and says so', () => {
    const r = engine.suggest(`# Chat\n\nlive update websocket\n${'x '.repeat(1000)}`, { maxChars: 100 });
    assert.ok(r.truncated);
    assert.equal(r.truncated!.analysedChars, 100);
    assert.match(r.truncated!.message, /only the first/);
  });
});
