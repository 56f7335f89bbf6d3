import { strict as assert } from 'node:assert';
import { createSuggestEngine } from '../../../src/core/suggest';
import { fixtureCatalog } from './fixtures';

const engine = createSuggestEngine(fixtureCatalog());

describe('open questions', () => {
  it('asks about reconnection when the doc picks WebSockets and never mentions it', () => {
    const r = engine.suggest('# Chat\n\nMessages are pushed over a WebSocket as live updates.');
    const q = r.openQuestions.find((x) => x.id === 'realtime-updates/reconnection');
    assert.ok(q);
    assert.equal(q!.question, 'How do clients reconnect and catch up?');
    assert.match(q!.reason, /WebSockets/);
  });
  it('does not ask what the doc already answers', () => {
    const r = engine.suggest('# Chat\n\nMessages go over a WebSocket as live updates; clients reconnect with exponential backoff.');
    assert.equal(r.openQuestions.find((x) => x.id === 'realtime-updates/reconnection'), undefined);
  });
});
