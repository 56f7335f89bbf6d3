/**
 * The second labelling's agreement figures (eval/agreement.ts) on made-up labels, and the recorded
 * second labels, which need no materialised corpus to check.
 */
import { strict as assert } from 'node:assert';
import { agreement, readSecondLabels, relabelled, type Label } from '../../../eval/agreement';
import { docFileName, readManifests, readSplits } from '../../../eval/corpus/manifest';
import type { EvalDoc } from '../../../eval/docs';

const design = (primary: string, relevant: string[] = [], confidence: Label['confidence'] = 'clear'): Label => ({ kind: 'design', primary, relevant, confidence });
const none: Label = { kind: 'none', primary: null, relevant: [], confidence: 'clear' };

describe('eval/agreement: two labellings of the same documents', () => {
  it('counts agreement on kind and on the primary, and each primary among the other relevant', () => {
    const a = agreement([
      [design('contention'), design('contention')],
      [design('contention', ['scaling-writes']), design('scaling-writes', ['contention'])],
      [design('large-blobs'), design('scaling-reads')],
      [design('long-running-tasks'), none],
      [none, none],
    ]);
    assert.equal(a.documents, 5);
    assert.equal(a.kindAgreed, 4);
    assert.equal(a.bothDesign, 3);
    assert.equal(a.bothNone, 1);
    assert.equal(a.primaryAgreed, 1);
    // The primary counts as relevant: the first pair agrees both ways, the second crosses both ways.
    assert.equal(a.firstPrimaryInSecondRelevant, 2);
    assert.equal(a.secondPrimaryInFirstRelevant, 2);
  });

  it("gives Cohen's kappa: 1 for full agreement, 0 at chance, below 0 when worse than chance", () => {
    assert.equal(agreement([[design('contention'), design('contention')], [none, none]]).kappa, 1);
    // Each labeller splits half and half, independently of the other: agreement is what chance gives.
    const chance = agreement([
      [design('contention'), design('contention')], [design('contention'), none], [none, design('contention')], [none, none],
    ]);
    assert.equal(chance.kappa, 0);
    assert.ok(agreement([[design('contention'), none], [none, design('contention')]]).kappa < 0);
  });

  it('reads a document labelled none by the second labeller as needing no pattern, whatever its primary field says', () => {
    const doc: EvalDoc = { id: 'x', split: 'dev', repo: 'a/b', register: 'engineering', primary: 'contention', relevant: ['contention'], confidence: 'clear', text: '' };
    assert.deepEqual(relabelled(doc, { kind: 'none', primary: 'contention', relevant: ['contention'], confidence: 'arguable' }), { ...doc, primary: null, relevant: [], confidence: 'arguable' });
    assert.equal(relabelled(doc, design('scaling-reads', ['scaling-reads'])).primary, 'scaling-reads');
  });
});

describe('eval/corpus/second-labels', () => {
  const second = readSecondLabels('dev');
  it('labels only documents of the dev split that the manifests name, each once, in the labelling vocabulary', () => {
    assert.ok(second, 'eval/corpus/second-labels/dev.json is missing');
    const dev = new Set(readSplits().dev);
    const ids = new Map(readManifests().filter((m) => dev.has(m.repo)).flatMap((m) => m.docs.map((d) => [docFileName(m.repo, d.path), d] as const)));
    const seen = new Set<string>();
    const patterns = ['realtime-updates', 'contention', 'multi-step-processes', 'scaling-reads', 'scaling-writes', 'large-blobs', 'long-running-tasks'];
    for (const d of second!.docs) {
      assert.ok(ids.has(d.id), `${d.id} is not a dev-split document of the manifests`);
      assert.ok(!seen.has(d.id), `${d.id} is labelled twice`);
      seen.add(d.id);
      assert.ok(d.kind === 'design' || d.kind === 'none', d.id);
      assert.ok(d.confidence === 'clear' || d.confidence === 'arguable', d.id);
      if (d.kind === 'none') assert.equal(d.primary, null, d.id);
      else assert.ok(patterns.includes(d.primary!), `${d.id}: primary ${d.primary}`);
      for (const r of d.relevant) assert.ok(patterns.includes(r), `${d.id}: relevant ${r}`);
      assert.ok(d.why.length > 0 && d.why.length <= 300, `${d.id}: why must be one short line`);
    }
  });
});
