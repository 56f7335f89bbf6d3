/**
 * The web build's Web Worker side (src/extension/env/webWorker.ts) with a fake Worker class: the job
 * posted, terminate() reaching the Worker, a constructor or script failure turned into "no worker"
 * with its reason (a failed start or a stop mid-analysis), and the script's blob: URL revoked on
 * deactivation (dispose), not before.
 */
import { strict as assert } from 'node:assert';
import { WORKER_STARTED, WorkerUnavailable, type WorkerFailure } from '../../../src/extension/env/types';
import { startWebSuggestWorker, webWorkerClass, WorkerFiles, type WebWorker, type WebWorkerConstructor } from '../../../src/extension/env/webWorker';
import { analyseOffThread } from '../../../src/extension/suggest/offThreadAnalysis';
import { tick, tokenSource } from '../support/cancellation';
import { recordingLog } from '../support/fallbackLog';
import type * as vscode from 'vscode';

const JOB = { text: 'the doc', options: { minScore: 1 }, catalogJson: '{"nodes":[]}' };

class FakeWebWorker implements WebWorker {
  static made: FakeWebWorker[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  posted: unknown[] = [];
  terminated = 0;
  constructor(readonly url: string, readonly options?: { name?: string }) {
    FakeWebWorker.made.push(this);
  }
  postMessage(message: unknown): void { this.posted.push(message); }
  terminate(): void { this.terminated++; }
}

describe('the web build\'s analysis worker', () => {
  beforeEach(() => (FakeWebWorker.made = []));

  it('starts the worker from the script URL and posts it the job', () => {
    startWebSuggestWorker(FakeWebWorker, 'blob:script', JOB);
    const [worker] = FakeWebWorker.made;
    assert.equal(worker?.url, 'blob:script');
    assert.deepEqual(worker?.posted, [JOB]);
  });

  it('passes the reply on, and terminate() terminates the Web Worker', () => {
    const started = startWebSuggestWorker(FakeWebWorker, 'blob:script', JOB);
    const replies: unknown[] = [];
    started.onReply((reply) => replies.push(reply));
    FakeWebWorker.made[0]!.onmessage?.({ data: { ok: true, result: 42 } });
    assert.deepEqual(replies, [{ ok: true, result: 42 }]);
    started.terminate();
    assert.equal(FakeWebWorker.made[0]!.terminated, 1);
  });

  it('finds the host\'s Worker class, and throws WorkerUnavailable, saying why, when there is none', () => {
    assert.equal(webWorkerClass({ Worker: FakeWebWorker }), FakeWebWorker);
    for (const scope of [{}, { Worker: undefined }, { Worker: 'not a class' }]) {
      assert.throws(() => webWorkerClass(scope), (e) => e instanceof WorkerUnavailable && /no Web Worker/.test(e.message));
    }
  });

  it('throws, with the constructor\'s reason, when the Worker constructor throws', () => {
    const Refusing = class { constructor() { throw new Error('SecurityError: workers are not allowed'); } } as unknown as WebWorkerConstructor;
    assert.throws(() => startWebSuggestWorker(Refusing, 'blob:script', JOB), /SecurityError: workers are not allowed/);
  });

  it('reports onerror as a failure, also one raised before the listener was attached', () => {
    const started = startWebSuggestWorker(FakeWebWorker, 'blob:script', JOB);
    FakeWebWorker.made[0]!.onerror?.({ message: 'script failed to load' });
    const failures: WorkerFailure[] = [];
    started.onFailure((failure) => failures.push(failure));
    assert.deepEqual(failures, [{ stage: 'start', reason: 'script failed to load' }]);
  });

  it('a failure after the script said it started is a stop mid-analysis; one with no message still has a reason', () => {
    const started = startWebSuggestWorker(FakeWebWorker, 'blob:script', JOB);
    const failures: WorkerFailure[] = [];
    started.onFailure((failure) => failures.push(failure));
    const worker = FakeWebWorker.made[0]!;
    const replies: unknown[] = [];
    started.onReply((reply) => replies.push(reply));
    worker.onmessage?.({ data: WORKER_STARTED });
    assert.deepEqual(replies, [], 'the started signal is not a reply');
    worker.onerror?.({ message: 'Uncaught RangeError: Maximum call stack size exceeded' });
    worker.onerror?.({});
    assert.deepEqual(failures, [{ stage: 'analysis', reason: 'Uncaught RangeError: Maximum call stack size exceeded' }], 'reported once');

    const silent = startWebSuggestWorker(FakeWebWorker, 'blob:script', JOB);
    let reason = '';
    silent.onFailure((failure) => (reason = failure.reason));
    FakeWebWorker.made[1]!.onerror?.({});
    assert.match(reason, /no message/);
  });

  it('a job that cannot be posted is a failed start, with the clone error as its reason', () => {
    const Unclonable = class extends FakeWebWorker {
      override postMessage(): void { throw new Error('DataCloneError: could not be cloned'); }
    };
    const started = startWebSuggestWorker(Unclonable, 'blob:script', JOB);
    const failures: WorkerFailure[] = [];
    started.onFailure((failure) => failures.push(failure));
    assert.equal(failures.length, 1);
    assert.equal(failures[0]!.stage, 'start');
    assert.match(failures[0]!.reason, /DataCloneError: could not be cloned/);
  });

  it('a script that fails before any reply: the analysis falls back to the calling thread, logs why, the worker is terminated', async () => {
    const start = async () => startWebSuggestWorker(FakeWebWorker, 'blob:script', JOB);
    const { log, lines } = recordingLog();
    const running = analyseOffThread({ distDir: {} as vscode.Uri, text: 'the doc', suggestOptions: {}, start, log });
    await tick();
    FakeWebWorker.made[0]!.onerror?.({ message: 'Uncaught SyntaxError' });
    assert.equal(await running, undefined);
    assert.equal(FakeWebWorker.made[0]!.terminated, 1);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /could not start \(Uncaught SyntaxError\)/);
  });

  it('cancelling the analysis terminates the Web Worker', async () => {
    const { token, cancel } = tokenSource();
    const running = analyseOffThread({ distDir: {} as vscode.Uri, text: 'the doc', suggestOptions: {}, token, start: async () => startWebSuggestWorker(FakeWebWorker, 'blob:script', JOB) });
    await tick();
    cancel();
    await assert.rejects(running, /cancelled/);
    assert.equal(FakeWebWorker.made[0]!.terminated, 1);
  });
});

describe('the web build\'s worker files', () => {
  function fakeUrls(): { created: string[]; revoked: string[]; urls: { createObjectURL(b: unknown): string; revokeObjectURL(u: string): void } } {
    const created: string[] = [];
    const revoked: string[] = [];
    return { created, revoked, urls: { createObjectURL: () => { created.push(`blob:${created.length}`); return created.at(-1)!; }, revokeObjectURL: (u) => void revoked.push(u) } };
  }
  const read = async () => ({ script: 'onmessage = () => {}', catalogJson: '{}' });

  it('reads once, keeps the URL while active and revokes it on dispose', async () => {
    const { created, revoked, urls } = fakeUrls();
    let reads = 0;
    const files = new WorkerFiles(() => (reads++, read()), urls, (s) => s);
    const first = (await files.get())!;
    const second = (await files.get())!;
    assert.equal(reads, 1);
    assert.equal(first.scriptUrl, second.scriptUrl);
    assert.deepEqual(revoked, [], 'not revoked while the extension is active (the host may load it later)');
    files.dispose();
    await tick();
    assert.deepEqual(revoked, created);
  });

  it('revokes a URL made after dispose was called during the read, once, and answers undefined (no worker is started)', async () => {
    const { created, revoked, urls } = fakeUrls();
    let finish!: () => void;
    const files = new WorkerFiles(() => new Promise((resolve) => (finish = () => resolve({ script: '', catalogJson: '' }))), urls, (s) => s);
    const pending = files.get();
    files.dispose();
    finish();
    assert.equal(await pending, undefined);
    await tick();
    assert.equal(created.length, 1);
    assert.deepEqual(revoked, created);
  });

  it('answers undefined, not the error, when the read fails after dispose (shutting down, not a broken worker)', async () => {
    const { urls } = fakeUrls();
    let fail!: () => void;
    const files = new WorkerFiles(() => new Promise((_resolve, reject) => (fail = () => reject(new Error('aborted by shutdown')))), urls, (s) => s);
    const pending = files.get();
    files.dispose();
    fail();
    assert.equal(await pending, undefined);
  });

  it('once disposed, reads nothing and answers undefined (no worker is started)', async () => {
    const { created, urls } = fakeUrls();
    let reads = 0;
    const files = new WorkerFiles(() => (reads++, read()), urls, (s) => s);
    files.dispose();
    assert.equal(await files.get(), undefined);
    assert.equal(reads, 0);
    assert.deepEqual(created, []);
  });

  it('does not keep a failed read', async () => {
    const { urls } = fakeUrls();
    let reads = 0;
    const files = new WorkerFiles(async () => { reads++; if (reads === 1) throw new Error('offline'); return read(); }, urls, (s) => s);
    await assert.rejects(files.get(), /offline/);
    await tick();
    assert.ok((await files.get())?.scriptUrl);
    assert.equal(reads, 2);
  });
});
