import { strict as assert } from 'node:assert';
import { stemWord } from '../../../src/core/suggest/stem';

describe('stemWord', () => {
  it('maps inflections onto the base form', () => {
    for (const w of ['booking', 'booked', 'books', 'bookings']) assert.equal(stemWord(w), stemWord('book'));
    assert.equal(stemWord('caching'), stemWord('cache'));
    assert.equal(stemWord('cached'), stemWord('caches'));
    assert.equal(stemWord('replication'), stemWord('replicate'));
    assert.equal(stemWord('queued'), stemWord('queue'));
    assert.equal(stemWord('sharded'), stemWord('sharding'));
  });
  it('leaves short words and -ss/-us/-is words alone', () => {
    assert.equal(stemWord('sse'), 'sse');
    assert.equal(stemWord('status'), 'status');
    assert.equal(stemWord('process'), 'process');
  });
});

describe('stemmer: agent nouns kept whole', () => {
  it('keeps "worker" and "server" apart from the everyday verbs "work" and "serve"', () => {
    assert.notEqual(stemWord('worker'), stemWord('work'));
    assert.equal(stemWord('workers'), stemWord('worker'));
    assert.notEqual(stemWord('server'), stemWord('serve'));
    assert.notEqual(stemWord('runner'), stemWord('run'));
    assert.equal(stemWord('crawler'), stemWord('crawl'), 'other agent nouns still meet their verbs');
  });
});
