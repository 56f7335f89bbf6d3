import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/load';
import { createSuggestEngine } from '../../../src/core/suggest/engine';
import { DOCUMENT_FEATURES, documentFeatures } from '../../../src/core/suggest/features';
import { decide, GATE_FEATURES, predict, selectGateFeatures, SUGGEST_MODEL, type SuggestModel } from '../../../src/core/suggest/model';
import { stemWord } from '../../../src/core/suggest/stem';
import { buildVocabulary, REGISTER_CORE, REGISTER_WORD } from '../../../src/core/suggest/vocabulary';
import { fixtureCatalog } from './fixtures';

const catalog = loadCatalog(join(__dirname, '..', '..', '..', 'content')).catalog;
const engine = createSuggestEngine(catalog);
const share = (text: string): number => documentFeatures(...args(text))[DOCUMENT_FEATURES.indexOf('registerShare')]!;
function args(text: string): Parameters<typeof documentFeatures> {
  const a = engine.analysis(text);
  return [a.stats, a.facts, a.findings, a.scores];
}

const DESIGN = '# Order history\n\nClients read their order history far more often than they write orders. ' +
  'The service must serve the requests with low latency when traffic grows, so reads go to replicas and a cache.';
const PLANNING = '# Sprint plan\n\nSix engineers, ten working days, minus holidays. We plan for 42 points and drop the charting upgrade; ' +
  'the redesign waits for final copy from marketing.';

describe('suggest: the catalog\'s prose register', () => {
  it('is derived from the catalog: shared words of system design, not plain English and not one pattern\'s own words', () => {
    const register = buildVocabulary(catalog).register!;
    assert.ok(register.size > 100, `register of ${register.size} words`);
    for (const w of ['the', 'and', 'a']) assert.equal(register.get(stemWord(w)), undefined, `${w} is plain English`);
    let core = 0;
    for (const flags of register.values()) {
      assert.ok((flags & REGISTER_WORD) !== 0);
      if ((flags & REGISTER_CORE) !== 0) core++;
    }
    assert.ok(core > 0 && core < register.size, 'the core is a part of the register');
  });

  it('a design is written more in the register than a sprint plan with figures', () => {
    assert.ok(share(DESIGN) > share(PLANNING) + 0.1, `${share(DESIGN)} vs ${share(PLANNING)}`);
    assert.ok(share(DESIGN) <= 1 && share(PLANNING) >= 0);
  });

  it('counts the same after an edit (cached lines) as on a fresh analysis', () => {
    const text = `${DESIGN}\n\n${PLANNING}\n`;
    engine.analysis(text);
    const edited = text.replace('Six engineers', 'Seven engineers');
    const cached = engine.analysis(edited).stats;
    const fresh = createSuggestEngine(catalog).analysis(edited).stats;
    assert.equal(cached.registerWords, fresh.registerWords);
    assert.equal(cached.coreWords, fresh.coreWords);
    assert.ok((fresh.registerWords ?? 0) > 0);
  });

  it('is unknown for a catalog too small to have one, and the model then reads the training mean', () => {
    const small = createSuggestEngine(fixtureCatalog());
    const a = small.analysis('# Chat\n\nWe push live updates over a WebSocket to many clients.');
    assert.equal(a.stats.registerWords, undefined);
    const doc = documentFeatures(a.stats, a.facts, a.findings, a.scores);
    assert.ok(Number.isNaN(doc[DOCUMENT_FEATURES.indexOf('registerShare')]!));
    const m = { features: ['x', 'y'], mean: [1, 2], scale: [1, 1], weights: [3, 5], bias: 0.5 };
    assert.equal(predict(m, [1, Number.NaN]), predict(m, [1, 2]));
  });
});

describe('suggest model: gate features by name', () => {
  it('the shipped gate reads the register features', () => {
    assert.ok(SUGGEST_MODEL.gate.features.includes('registerShare'));
    for (const f of SUGGEST_MODEL.gate.features) assert.ok(GATE_FEATURES.includes(f), f);
  });

  it('a gate trained on a subset of the features (an older model) reads just those, in its order', () => {
    const full = GATE_FEATURES.map((_, i) => i);
    const gate = { ...SUGGEST_MODEL.gate, features: ['top.relevance', 'logWords'], mean: [0, 0], scale: [1, 1], weights: [1, 1] };
    assert.deepEqual(selectGateFeatures(gate, full), [GATE_FEATURES.indexOf('top.relevance'), GATE_FEATURES.indexOf('logWords')]);
    const older: SuggestModel = { ...SUGGEST_MODEL, gate };
    const d = decide(engine.analysis(DESIGN), older);
    assert.ok(d.gate > 0 && d.gate < 1);
    assert.throws(() => selectGateFeatures({ ...gate, features: ['nope'] }, full), /unknown/);
  });
});
