/** The eval's figures (eval/metrics.ts) on made-up rankings. */
import { strict as assert } from 'node:assert';
import type { EvalDoc } from '../../../eval/docs';
import { figures, row } from '../../../eval/metrics';

const doc = (id: string, primary: string | null): EvalDoc => ({
  id, split: 'dev', repo: 'a/b', register: 'engineering', primary, relevant: primary ? [primary] : [], confidence: 'clear', text: '',
});

describe('eval/metrics: figures', () => {
  const docs = [doc('first', 'contention'), doc('third', 'contention'), doc('fourth', 'contention'), doc('silent', 'contention'), doc('quiet', null), doc('loud', null)];
  const lists: Record<string, string[]> = {
    first: ['contention', 'scaling-reads'],
    third: ['scaling-reads', 'large-blobs', 'contention'],
    fourth: ['scaling-reads', 'large-blobs', 'scaling-writes', 'contention'],
    silent: [],
    quiet: [],
    loud: ['scaling-reads'],
  };
  const f = figures(docs, (d) => lists[d.id]!);

  it('counts top-1, top-3, quiet, and the documents needing a pattern that get no suggestion', () => {
    assert.deepEqual({ designs: f.designs, top1: f.top1, top3: f.top3, nones: f.nones, quiet: f.quiet, silent: f.silent }, { designs: 4, top1: 1, top3: 2, nones: 2, quiet: 1, silent: 1 });
    assert.equal(f.misses.length, 4, 'every design not first, and every none spoken on');
  });

  it('prints counts beside each share', () => {
    assert.equal(row('engine', f), '  engine     top-1  25% (1/4)  top-3  50% (2/4)  quiet  50% (1/2)');
  });
});
