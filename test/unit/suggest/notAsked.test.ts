/**
 * `questions.notAsked` in content/suggest/explain.json: deep dives and design checks the engine never
 * asks (rule AS: no rater has found them useful), unless an `sdp-todo` marker keeps one open. The
 * catalog and the cards keep them. docs/suggest.md, section 6, "The two questions never rated useful,
 * not asked".
 */
import { strict as assert } from 'node:assert';
import { createSuggestEngine } from '../../../src/core/suggest';
import { indexCatalog } from '../../../src/core/suggest/catalogIndex';
import { EXPLAIN } from '../../../src/core/suggest/lexicon';
import { loadRepoCatalog } from '../../../eval/catalog';

const SAGA = 'multi-step-processes/saga-vs-2pc';
const EXACTLY_ONCE = 'multi-step-processes/exactly-once';
// Written for this test: an order flow that relies on the saga solution (a refund undoes a step)
// without saying why it is not one distributed transaction, so the saga deep dives press.
const ORDER_FLOW = [
  '# Order placement across services',
  '',
  '## Design',
  '',
  'Placing an order reserves stock in the inventory service, charges the card through the payment',
  'provider, and books a courier. Each step is a call to another service, made in turn.',
  '',
  'When a later step fails, the earlier ones are undone in reverse order: the stock is released and',
  'the customer gets a refund. Each call carries an idempotency key.',
  '',
  '## Scale',
  '',
  'About 40 orders a second at the evening peak, across three regions.',
  '',
].join('\n');

/** The engine's questions with `notAsked` emptied for the call: what it would ask without the list. */
function withoutList<T>(f: () => T): T {
  const list = EXPLAIN.questions.notAsked as string[];
  const saved = [...list];
  list.length = 0;
  try { return f(); } finally { list.push(...saved); }
}

describe('questions never asked (explain.json questions.notAsked)', () => {
  const catalog = loadRepoCatalog();
  const engine = createSuggestEngine(catalog);

  it('lists only deep-dive and design-check ids the catalog knows, once each', () => {
    const list = EXPLAIN.questions.notAsked ?? [];
    assert.ok(list.length > 0);
    const index = indexCatalog(catalog);
    const known = new Set([...index.deepDives.map((d) => d.id), ...index.checks.map((c) => c.check.id)]);
    for (const id of list) assert.ok(known.has(id), `${id} is no deep dive or design check`);
    assert.equal(new Set(list).size, list.length);
  });

  it('the saga deep dive is not asked where it would be; the other questions stay', () => {
    const before = withoutList(() => engine.suggest(ORDER_FLOW).openQuestions.map((q) => q.id));
    assert.ok(before.includes(SAGA), `without the list the engine asks it: ${before.join(', ')}`);
    const after = engine.suggest(ORDER_FLOW).openQuestions.map((q) => q.id);
    assert.ok(!after.includes(SAGA), after.join(', '));
    for (const id of before.filter((x) => x !== SAGA)) assert.ok(after.includes(id), `${id} is still asked`);
  });

  it('the place it leaves goes to the next question, one the places cut before', () => {
    // Without the idempotency key, a third deep dive presses (how a retried step takes effect once);
    // with two places a pattern, it was cut behind the saga question.
    const doc = ORDER_FLOW.replace(' Each call carries an idempotency key.', '');
    assert.notEqual(doc, ORDER_FLOW);
    const before = withoutList(() => engine.suggest(doc).openQuestions.map((q) => q.id));
    assert.ok(before.includes(SAGA) && !before.includes(EXACTLY_ONCE), before.join(', '));
    const after = engine.suggest(doc).openQuestions.map((q) => q.id);
    assert.ok(after.includes(EXACTLY_ONCE), `the cut question takes the place: ${after.join(', ')}`);
  });

  it('an sdp-todo marker keeps it open, at the heading written for it', () => {
    const marked = `${ORDER_FLOW}\n## Why a saga\n\n<!-- sdp-todo: ${SAGA}\nAnswer here.\n-->\n`;
    const q = engine.suggest(marked).openQuestions.find((x) => x.id === SAGA);
    assert.ok(q, 'the marked question is asked');
    assert.equal(q.line, ORDER_FLOW.split('\n').length + 1);
  });
});
