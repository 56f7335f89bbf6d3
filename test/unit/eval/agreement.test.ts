/**
 * The second labelling's agreement figures (eval/agreement.ts) on made-up labels, and the recorded
 * second labels, which need no materialised corpus to check.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { agreement, classOf, kappaInterval, labelRanking, mcnemarExact, readSecondLabels, relabelled, settled, wilson, type Label, type SecondLabel } from '../../../eval/agreement';
import { docFileName, readManifests, readSplits } from '../../../eval/corpus/manifest';
import type { EvalDoc } from '../../../eval/docs';
import { assertInLabellingVocabulary } from '../support/labelVocabulary';

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

  it("gives Cohen's kappa of a known table: 20 and 15 agreeing, 5 and 10 not, is 0.4", () => {
    const pairs: [Label, Label][] = [
      ...Array.from({ length: 20 }, (): [Label, Label] => [design('contention'), design('contention')]),
      ...Array.from({ length: 5 }, (): [Label, Label] => [design('contention'), none]),
      ...Array.from({ length: 10 }, (): [Label, Label] => [none, design('contention')]),
      ...Array.from({ length: 15 }, (): [Label, Label] => [none, none]),
    ];
    assert.ok(Math.abs(agreement(pairs).kappa - 0.4) < 1e-12);
    const [lo, hi] = kappaInterval(pairs);
    assert.ok(lo < 0.4 && 0.4 < hi && lo > -0.1 && hi < 0.8, `${lo} to ${hi}`);
    assert.deepEqual(kappaInterval(pairs), [lo, hi], 'seeded: the same pairs give the same interval');
  });

  it('gives the Wilson interval and the exact McNemar p-value of known cases', () => {
    const [lo, hi] = wilson(44, 53);
    assert.equal(Math.round(lo * 1000), 708); // worked by hand: centre 0.8079, half-width 0.1001
    assert.equal(Math.round(hi * 1000), 908);
    assert.deepEqual(wilson(0, 0), [0, 1]);
    // 2 × P(X <= 4) for X ~ Bin(13, 1/2) = 2 × 1093 / 8192.
    assert.ok(Math.abs(mcnemarExact(9, 4) - (2 * 1093) / 8192) < 1e-12);
    assert.equal(mcnemarExact(5, 5), 1);
    assert.equal(mcnemarExact(0, 0), 1);
    assert.equal(mcnemarExact(4, 9), mcnemarExact(9, 4), 'two-sided: the order of the two rankers does not matter');
    // One-sided would be half of this: 2 × (1 + 10 + 45) / 1024.
    assert.ok(Math.abs(mcnemarExact(8, 2) - (2 * 56) / 1024) < 1e-12);
    assert.ok(Number.isFinite(mcnemarExact(700, 500)) && mcnemarExact(700, 500) < 1e-6, 'a large n neither overflows nor loses the tail');
    assert.equal(wilson(10, 10)[1], 1);
    assert.equal(wilson(0, 10)[0], 0);
  });

  it('scores a labeller like a ranker: its primary, or nothing for none', () => {
    assert.deepEqual(labelRanking(design('contention', ['scaling-reads'])), ['contention']);
    assert.deepEqual(labelRanking(none), []);
    assert.deepEqual(labelRanking({ kind: 'design', primary: null, relevant: [], confidence: 'clear' }), []);
  });

  it('settles a disagreement by the third labeller when it sides with one of the two, and leaves it open otherwise', () => {
    const second = (l: Label, third?: Label): SecondLabel => ({ ...l, id: 'x', why: 'w', ...(third ? { third: { ...third, why: 'w' } } : {}) });
    const first = design('contention');
    assert.equal(settled(first, second(design('contention', ['scaling-reads']))), first, 'the first label stands where the two agree');
    assert.equal(settled(design('contention'), second(design('scaling-reads')))?.primary, undefined);
    assert.equal(settled(design('contention'), second(design('scaling-reads'), design('scaling-reads')))?.primary, 'scaling-reads');
    assert.equal(settled(design('contention'), second(none, design('contention')))?.primary, 'contention');
    assert.equal(settled(design('contention'), second(none, design('large-blobs'))), undefined);
    assert.equal(settled(design('contention'), second(none, none))?.kind, 'none');
  });

  it('reads a document labelled none by the second labeller as needing no pattern, whatever its primary field says', () => {
    const doc: EvalDoc = { id: 'x', split: 'dev', repo: 'a/b', register: 'engineering', primary: 'contention', relevant: ['contention'], confidence: 'clear', text: '' };
    assert.deepEqual(relabelled(doc, { kind: 'none', primary: 'contention', relevant: ['contention'], confidence: 'arguable' }), { ...doc, primary: null, relevant: [], confidence: 'arguable' });
    assert.equal(relabelled(doc, design('scaling-reads', ['scaling-reads'])).primary, 'scaling-reads');
  });
});

/** The first labels of every corpus document (the manifests), as labels, with the document's register. */
function firstLabels(): Map<string, { label: Label; register: string }> {
  return new Map(readManifests().flatMap((m) => m.docs.map((d) => [docFileName(m.repo, d.path), {
    label: { kind: d.kind, primary: d.primary, relevant: d.relevant, confidence: d.confidence },
    register: m.register,
  }] as const)));
}

describe('eval/corpus/second-labels', () => {
  const second = readSecondLabels('dev');
  it('holds the sample measurement W drew: every dev document the first labels call design, and the 30 lowest hashes of those they call none', () => {
    assert.ok(second, 'eval/corpus/second-labels/dev.json is missing');
    const dev = new Set(readSplits().dev);
    const docs = readManifests().filter((m) => dev.has(m.repo)).flatMap((m) => m.docs.map((d) => ({ id: docFileName(m.repo, d.path), design: d.primary !== null })));
    const hash = (id: string): string => createHash('sha1').update(`relabel-2026-12-06:docs/${id}`).digest('hex');
    const nones = docs.filter((d) => !d.design).sort((a, b) => (hash(a.id) < hash(b.id) ? -1 : 1)).slice(0, 30);
    const want = [...docs.filter((d) => d.design), ...nones].map((d) => d.id).sort();
    assert.deepEqual(second!.docs.map((d) => d.id).sort(), want);
  });

  it('holds the samples measurements W2 and W4 drew: every engineering document of the train split the first labels call design and the 50 lowest hashes of those they call none, and every interview write-up of the train split', () => {
    const train = readSecondLabels('train');
    assert.ok(train, 'eval/corpus/second-labels/train.json is missing');
    const split = new Set(readSplits().train);
    const inSplit = readManifests().filter((m) => split.has(m.repo));
    const docs = inSplit.filter((m) => m.register === 'engineering')
      .flatMap((m) => m.docs.map((d) => ({ id: docFileName(m.repo, d.path), design: d.primary !== null })));
    const hash = (id: string): string => createHash('sha1').update(`relabel-train-2026-12-06:docs/${id}`).digest('hex');
    const nones = docs.filter((d) => !d.design).sort((a, b) => (hash(a.id) < hash(b.id) ? -1 : 1)).slice(0, 50);
    const engineering = [...docs.filter((d) => d.design), ...nones].map((d) => d.id);
    const interview = inSplit.filter((m) => m.register === 'interview').flatMap((m) => m.docs.map((d) => docFileName(m.repo, d.path)));
    assert.equal(engineering.length, 248);
    assert.equal(interview.length, 167);
    assert.deepEqual(train!.docs.map((d) => d.id).sort(), [...engineering, ...interview].sort());
  });

  // The agreement figures the docs quote (docs/suggest.md, measurements W2 and W4): a label changed,
  // dropped or swapped changes them.
  const quoted = [
    ['engineering', { documents: 248, kindAgreed: 232, bothDesign: 186, bothNone: 46, primaryAgreed: 174, kappa: '0.868390' }],
    ['interview', { documents: 167, kindAgreed: 164, bothDesign: 150, bothNone: 14, primaryAgreed: 142, kappa: '0.923665' }],
  ] as const;
  for (const [register, want] of quoted) {
    it(`holds the train split's ${register} agreement the docs quote: kind ${want.kindAgreed} of ${want.documents}, the same primary ${want.primaryAgreed} of ${want.bothDesign}`, () => {
      const first = firstLabels();
      const pairs = readSecondLabels('train')!.docs.filter((d) => first.get(d.id)!.register === register).map((d) => [first.get(d.id)!.label, d] as const);
      const a = agreement(pairs);
      // Kappa to six places: it moves when a disagreeing label names another pattern, which no count above sees.
      assert.deepEqual({ documents: a.documents, kindAgreed: a.kindAgreed, bothDesign: a.bothDesign, bothNone: a.bothNone, primaryAgreed: a.primaryAgreed, kappa: a.kappa.toFixed(6) }, want);
      // The second labeller judged like a ranker: first where it names the first labels' primary.
      assert.equal(pairs.filter(([f, d]) => f.primary !== null && d.kind === 'design' && d.primary === f.primary).length, want.primaryAgreed);
    });
  }

  // The third readings as the docs report them (docs/suggest.md): a label moved from one document
  // to another, or changed, changes these counts.
  const tallies = [
    ['dev', ['engineering', 'interview'], { first: 4, second: 13, neither: 0 }],
    ['train', ['engineering'], { first: 14, second: 9, neither: 5 }],
    ['train', ['interview'], { first: 3, second: 8, neither: 0 }],
  ] as const;
  for (const [split, registers, want] of tallies) {
    it(`holds the third readings of the ${split} split's ${registers.join(' and ')} documents that the docs count: with the first ${want.first}, the second ${want.second}, neither ${want.neither}`, () => {
      const first = firstLabels();
      const tally = { first: 0, second: 0, neither: 0 };
      for (const d of readSecondLabels(split)!.docs) {
        const f = first.get(d.id)!;
        if (!d.third || !(registers as readonly string[]).includes(f.register)) continue;
        const third = classOf(d.third);
        if (third === classOf(f.label)) tally.first++;
        else if (third === classOf(d)) tally.second++;
        else tally.neither++;
      }
      assert.deepEqual(tally, want);
    });
  }

  for (const split of ['dev', 'train', 'holdout'] as const) it(`labels only documents of the ${split} split that the manifests name, each once, in the labelling vocabulary${split === 'holdout' ? ', every one of them (plan HC labelled the whole split twice)' : ''}`, () => {
    const second = readSecondLabels(split);
    assert.ok(second, `eval/corpus/second-labels/${split}.json is missing`);
    const repos = new Set(readSplits()[split]);
    const inSplit = new Set(readManifests().filter((m) => repos.has(m.repo)).flatMap((m) => m.docs.map((d) => docFileName(m.repo, d.path))));
    const first = firstLabels();
    const seen = new Set<string>();
    const inVocabulary = (l: Label & { why: string }, what: string): void => {
      assertInLabellingVocabulary(l, what);
      assert.ok(l.why.length > 0 && l.why.length <= 300, `${what}: why must be one short line`);
    };
    for (const d of second!.docs) {
      assert.ok(inSplit.has(d.id), `${d.id} is not a ${split}-split document of the manifests`);
      assert.ok(!seen.has(d.id), `${d.id} is labelled twice`);
      seen.add(d.id);
      inVocabulary(d, d.id);
      // A third label stands only where the first two disagree (on the class: a primary, or none),
      // and, on dev and train, on every such document: a third labeller read every disagreement of
      // both splits (dev in measurement W, train in W3 for engineering and after W4 for interview).
      // Plan HC asked no third reading of the holdout split.
      const f = first.get(d.id)!;
      const disagree = classOf(f.label) !== classOf(d);
      if (d.third) assert.ok(disagree, `${d.id}: a third label where the two agree`);
      else if (split !== 'holdout') assert.ok(!disagree, `${d.id}: a third label missing where they disagree`);
      if (d.third) inVocabulary(d.third, `${d.id} (third)`);
    }
    if (split === 'holdout') assert.deepEqual([...inSplit].filter((id) => !seen.has(id)), [], 'holdout documents without a second label');
  });
});
