/**
 * analyseOffThread (src/extension/suggest/offThreadAnalysis.ts) against a fake SuggestWorker: what it
 * does to the worker when cancelled, answered or failing. The real worker thread is in offThread.test.ts.
 */
import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import type { SuggestResult } from '../../../src/core/suggest';
import type { Platform, SuggestJob, SuggestReply, SuggestWorker } from '../../../src/extension/env/types';
import { AnalysisCancelled, analyseOffThread } from '../../../src/extension/suggest/offThreadAnalysis';
import { tick, tokenSource } from '../support/cancellation';

const DIST = { fsPath: '/nowhere' } as vscode.Uri;
const RESULT: SuggestResult = { suggestions: [], numbers: [], openQuestions: [], combinations: [] };

/** A worker that answers only when told to, and records terminate(). */
class FakeWorker implements SuggestWorker {
  terminated = 0;
  reply?: (reply: SuggestReply) => void;
  failure?: () => void;
  onReply(listener: (reply: SuggestReply) => void): void { this.reply = listener; }
  onFailure(listener: () => void): void { this.failure = listener; }
  terminate(): void { this.terminated++; }
}

function starter(worker: SuggestWorker | undefined): { start: Platform['startSuggestWorker']; jobs: SuggestJob[] } {
  const jobs: SuggestJob[] = [];
  return { jobs, start: async (_dist, job) => { jobs.push(job); return worker; } };
}

describe('analyseOffThread with a fake worker', () => {
  it('terminates the worker when cancelled, and a later reply changes nothing', async () => {
    const worker = new FakeWorker();
    const { start } = starter(worker);
    const { token, cancel } = tokenSource();
    const running = analyseOffThread(DIST, 'text', {}, token, undefined, start);
    await tick();
    assert.equal(worker.terminated, 0, 'the worker runs until cancelled');
    cancel();
    assert.equal(worker.terminated, 1, 'cancelling terminates the worker at once');
    worker.reply?.({ ok: true, result: RESULT });
    await assert.rejects(running, (e) => e instanceof AnalysisCancelled);
    assert.equal(worker.terminated, 1);
  });

  it('terminates the worker once it has answered', async () => {
    const worker = new FakeWorker();
    const { start, jobs } = starter(worker);
    const running = analyseOffThread(DIST, 'the doc', { minScore: 2 }, undefined, undefined, start);
    await tick();
    assert.deepEqual(jobs.map((j) => [j.text, j.options.minScore]), [['the doc', 2]]);
    worker.reply?.({ ok: true, result: RESULT });
    assert.equal(await running, RESULT);
    assert.equal(worker.terminated, 1);
  });

  it('rejects with the engine\'s own error when the worker answers with one', async () => {
    const worker = new FakeWorker();
    const running = analyseOffThread(DIST, 'text', {}, undefined, undefined, starter(worker).start);
    await tick();
    worker.reply?.({ ok: false, message: 'the catalog is malformed' });
    await assert.rejects(running, /the catalog is malformed/);
  });

  it('answers undefined (analyse on the calling thread) when the worker fails before answering', async () => {
    const worker = new FakeWorker();
    const running = analyseOffThread(DIST, 'text', {}, undefined, undefined, starter(worker).start);
    await tick();
    worker.failure?.();
    assert.equal(await running, undefined);
    assert.equal(worker.terminated, 1);
  });

  it('answers undefined when the host starts no worker', async () => {
    assert.equal(await analyseOffThread(DIST, 'text', {}, undefined, undefined, starter(undefined).start), undefined);
  });

  it('cancelled while the worker starts: the worker is terminated as soon as it exists', async () => {
    const worker = new FakeWorker();
    const { token, cancel } = tokenSource();
    let release!: () => void;
    const start: Platform['startSuggestWorker'] = () => new Promise((resolve) => (release = () => resolve(worker)));
    const running = analyseOffThread(DIST, 'text', {}, token, undefined, start);
    await tick();
    cancel();
    release();
    await assert.rejects(running, (e) => e instanceof AnalysisCancelled);
    assert.equal(worker.terminated, 1);
  });
});
