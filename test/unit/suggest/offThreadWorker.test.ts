/**
 * analyseOffThread (src/extension/suggest/offThreadAnalysis.ts) against a fake SuggestWorker: what it
 * does to the worker when cancelled, answered or failing, and what it logs when it falls back to the
 * calling thread. The real worker thread is in offThread.test.ts.
 */
import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import type * as vscode from 'vscode';
import type { DocumentOutline } from '../../../src/core/review/outline';
import type { SuggestResult } from '../../../src/core/suggest';
import { nodeSuggestWorker, type NodeWorkerLike } from '../../../src/extension/env/node';
import { WORKER_STARTED, type Platform, type SuggestJob, type SuggestWorker, type WorkerFailure } from '../../../src/extension/env/types';
import { AnalysisCancelled, analyseOffThread, FallbackLog } from '../../../src/extension/suggest/offThreadAnalysis';
import { recordingLog } from '../support/fallbackLog';
import { tick, tokenSource } from '../support/cancellation';

const DIST = { fsPath: '/nowhere' } as vscode.Uri;
const RESULT: SuggestResult = { suggestions: [], numbers: [], openQuestions: [], combinations: [] };
const TITLE = { line: 0, endLine: 1, level: 1, text: 'Seat booking', role: 'body', isTitle: true, sectionEnd: 3 } as const;
/** As readOutline('# Seat booking\n\ntext') gives it. */
const OUTLINE: DocumentOutline = { headings: [TITLE], title: TITLE, bodyStart: 0, lineCount: 3 };
/** A worker's answer: the result with the outline read off the same parse. */
const ANSWER = { ok: true, result: RESULT, outline: OUTLINE } as const;

/** A worker that answers only when told to, and records terminate(). */
class FakeWorker implements SuggestWorker {
  terminated = 0;
  reply?: (reply: unknown) => void;
  failure?: (failure: WorkerFailure) => void;
  onReply(listener: (reply: unknown) => void): void { this.reply = listener; }
  onFailure(listener: (failure: WorkerFailure) => void): void { this.failure = listener; }
  terminate(): void { this.terminated++; }
}

function starter(worker: SuggestWorker): { start: Platform['startSuggestWorker']; jobs: SuggestJob[] } {
  const jobs: SuggestJob[] = [];
  return { jobs, start: async (_dist, job) => { jobs.push(job); return worker; } };
}

/** A worker factory that cannot start one, as a host refusing workers does. */
const failingStart = (reason: string): Platform['startSuggestWorker'] => async () => { throw new Error(reason); };

describe('analyseOffThread with a fake worker', () => {
  it('terminates the worker when cancelled, and a later reply changes nothing', async () => {
    const worker = new FakeWorker();
    const { start } = starter(worker);
    const { token, cancel } = tokenSource();
    const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, token, start });
    await tick();
    assert.equal(worker.terminated, 0, 'the worker runs until cancelled');
    cancel();
    assert.equal(worker.terminated, 1, 'cancelling terminates the worker at once');
    worker.reply?.(ANSWER);
    await assert.rejects(running, (e) => e instanceof AnalysisCancelled);
    assert.equal(worker.terminated, 1);
  });

  it('terminates the worker once it has answered', async () => {
    const worker = new FakeWorker();
    const { start, jobs } = starter(worker);
    const running = analyseOffThread({ distDir: DIST, text: 'the doc', suggestOptions: { minScore: 2 }, start });
    await tick();
    assert.deepEqual(jobs.map((j) => [j.text, j.options.minScore]), [['the doc', 2]]);
    worker.reply?.(ANSWER);
    assert.deepEqual(await running, { result: RESULT, outline: OUTLINE });
    assert.equal(worker.terminated, 1);
  });

  it('settles even when terminating the worker or unsubscribing from the token throws', async () => {
    /** How the analysis settles within 200 ms when the worker's terminate() throws, after `act` (what the worker or the token does). */
    async function settles(act: (worker: FakeWorker, cancel: () => void) => void, tokenThrows = false): Promise<string> {
      const worker = new FakeWorker();
      worker.terminate = () => { worker.terminated++; throw new Error('terminate failed'); };
      const { token, cancel } = tokenSource();
      const throwing = tokenThrows
        ? { ...token, onCancellationRequested: (l: () => void) => ({ dispose: () => { token.onCancellationRequested(l); throw new Error('dispose failed'); } }) } as unknown as typeof token
        : token;
      const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, token: throwing, start: starter(worker).start, log: recordingLog().log });
      await tick();
      act(worker, cancel);
      const settled = await Promise.race([
        running.then((value) => `resolved ${JSON.stringify(value)}`, (error: unknown) => `rejected: ${error instanceof AnalysisCancelled ? 'cancelled' : error instanceof Error ? error.message : String(error)}`),
        new Promise<string>((resolve) => setTimeout(() => resolve('pending after 200 ms'), 200)),
      ]);
      return `${settled}, terminated ${worker.terminated}`;
    }
    const answered = `resolved ${JSON.stringify({ result: RESULT, outline: OUTLINE })}, terminated 1`;
    assert.equal(await settles((w) => w.reply?.(ANSWER)), answered);
    assert.equal(await settles((w) => w.reply?.(ANSWER), true), answered);
    assert.equal(await settles((w) => w.reply?.({ ok: false, message: 'engine failed' })), 'rejected: engine failed, terminated 1');
    assert.equal(await settles((w) => w.reply?.(null)), 'resolved undefined, terminated 1');
    assert.equal(await settles((w) => w.failure?.({ stage: 'analysis', reason: 'crashed' })), 'resolved undefined, terminated 1');
    assert.equal(await settles((_w, cancel) => cancel()), 'rejected: cancelled, terminated 1');
  });

  it('an answer whose outline is missing or malformed: falls back (undefined) and logs a stop mid-analysis', async () => {
    const malformed: unknown[] = [undefined, null, {}, { ...OUTLINE, headings: [{ ...OUTLINE.headings[0], line: -1 }] }, { ...OUTLINE, lineCount: '3' }, { ...OUTLINE, title: 'Seat booking' }];
    for (const outline of malformed) {
      const worker = new FakeWorker();
      const { log, lines, debugLines } = recordingLog();
      const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, start: starter(worker).start, log });
      await tick();
      worker.reply?.({ ok: true, result: RESULT, outline });
      assert.equal(await running, undefined, JSON.stringify(outline));
      assert.equal(worker.terminated, 1);
      assert.deepEqual([...lines, ...debugLines].map((l) => /stopped mid-analysis \((.*)\);/.exec(l)?.[1]), ['the worker answered without a well-formed outline']);
    }
  });

  /** What a reply makes of the analysis: how it settled within 200 ms (or that it did not), with the log's lines and the terminations. */
  async function afterReply(reply: unknown): Promise<{ settled: string; value?: unknown; reasons: (string | undefined)[]; terminated: number }> {
    const worker = new FakeWorker();
    const { log, lines, debugLines } = recordingLog();
    const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, start: starter(worker).start, log });
    await tick();
    worker.reply?.(reply);
    const settled = await Promise.race([
      running.then((value) => ({ settled: 'resolved', value }), (error: unknown) => ({ settled: `rejected: ${error instanceof Error ? error.message : String(error)}` })),
      new Promise<{ settled: string }>((resolve) => setTimeout(() => resolve({ settled: 'pending after 200 ms' }), 200)),
    ]);
    const reasons = [...lines, ...debugLines].map((l) => /stopped mid-analysis \((.*)\);/.exec(l)?.[1]);
    return { ...settled, reasons, terminated: worker.terminated };
  }

  it('a reply that is not an object, or says neither ok: true nor ok: false: falls back (undefined), logged once with the reason', async () => {
    const cases: [unknown, string][] = [
      [null, 'the worker\'s reply is not an object (null)'],
      [undefined, 'the worker\'s reply is not an object (undefined)'],
      [7, 'the worker\'s reply is not an object (number)'],
      ['done', 'the worker\'s reply is not an object (string)'],
      [{ result: RESULT, outline: OUTLINE }, 'the worker\'s reply says neither ok: true nor ok: false (ok is undefined)'],
      [{ ok: 1, result: 'junk', outline: OUTLINE }, 'the worker\'s reply says neither ok: true nor ok: false (ok is number)'],
      [[ANSWER], 'the worker\'s reply says neither ok: true nor ok: false (ok is undefined)'],
      [{ ok: false }, 'the worker reported a failure without a message'],
      [{ ok: false, message: { text: 'x' } }, 'the worker reported a failure without a message'],
      [{ ok: false, message: '' }, 'the worker reported a failure without a message'],
    ];
    for (const [reply, reason] of cases) {
      assert.deepEqual(await afterReply(reply), { settled: 'resolved', value: undefined, reasons: [reason], terminated: 1 }, JSON.stringify(reply));
    }
  });

  it('an answer whose result is not one: falls back, logged with the reason', async () => {
    const junk: unknown[] = ['junk', null, [], {}, { ...RESULT, suggestions: 'none' }, { ...RESULT, numbers: [null] }, { ...RESULT, suggestions: [{ pattern: 'p' }] },
      { ...RESULT, openQuestions: [{ id: 'q' }] }, { ...RESULT, truncated: 'yes' }, { ...RESULT, combinations: Array(2) },
      // What got past the check before and then threw on the host (each field in resultCheck.test.ts).
      { ...RESULT, suggestions: [{ pattern: 'p', title: 'P', score: 0.9, solutions: [], evidence: [null], words: [] }] },
      { ...RESULT, suggestions: [{ pattern: 'p', title: 'P', score: 0.9, solutions: [], evidence: [{ line: 1, column: 1, kind: 'keyword', reason: 'r', weight: 1 }], words: [] }] },
      { ...RESULT, deepDivesOff: {} }];
    for (const result of junk) {
      assert.deepEqual(await afterReply({ ok: true, result, outline: OUTLINE }),
        { settled: 'resolved', value: undefined, reasons: ['the worker answered without a well-formed result'], terminated: 1 }, JSON.stringify(result));
    }
  });

  it('an answer whose outline makes no sense: falls back, logged with the reason', async () => {
    // Each case breaks one rule on the second heading and keeps the title as it is, so that only the rule under test can refuse it.
    const title = { line: 0, endLine: 1, level: 1, text: 'Seat booking', role: 'body', isTitle: true, sectionEnd: 5 } as const;
    const part = { line: 2, endLine: 3, level: 2, text: 'Part', role: 'body', isTitle: false, sectionEnd: 5 } as const;
    /** As readOutline('# Seat booking\n\n## Part\n\ntext') gives it. */
    const two: DocumentOutline = { headings: [title, part], title, bodyStart: 0, lineCount: 5 };
    const withPart = (changes: object): DocumentOutline => ({ ...two, headings: [title, { ...part, ...changes }] });
    assert.deepEqual(await afterReply({ ok: true, result: RESULT, outline: two }), { settled: 'resolved', value: { result: RESULT, outline: two }, reasons: [], terminated: 1 });
    const sparse: unknown[] = [title];
    sparse.length = 2;
    const nonsense: [string, unknown][] = [
      ['a hole', { ...two, headings: sparse }],
      ['before the previous heading ends', withPart({ line: 0, endLine: 1 })],
      ['a negative line', withPart({ line: -1 })],
      ['past the last line', withPart({ line: 5, endLine: 6, sectionEnd: 6 })],
      ['ends where it starts', withPart({ endLine: 2 })],
      ['ends past the document', withPart({ endLine: 6 })],
      ['section ends before the heading', withPart({ sectionEnd: 2 })],
      ['section ends past the document', withPart({ sectionEnd: 6 })],
      ['level 0', withPart({ level: 0 })],
      ['level 7', withPart({ level: 7 })],
      ['an unknown role', withPart({ role: 'not-a-role' })],
      ['a role inherited from Object', withPart({ role: 'toString' })],
      ['the title is not the first marked', { ...withPart({ isTitle: true }), title: { ...part, isTitle: true } }],
      ['the title differs from its heading', { ...two, title: { ...title, text: 'Another title' } }],
      ['no title, one marked', { ...two, title: undefined }],
      ['a title, none marked', { ...two, headings: [{ ...title, isTitle: false }, part] }],
      ['bodyStart negative', { ...two, bodyStart: -1 }],
      ['bodyStart past the document', { ...two, bodyStart: 6 }],
      ['no line at all', { ...two, lineCount: 0, headings: [], title: undefined }],
    ];
    for (const [what, outline] of nonsense) {
      assert.deepEqual(await afterReply({ ok: true, result: RESULT, outline }),
        { settled: 'resolved', value: undefined, reasons: ['the worker answered without a well-formed outline'], terminated: 1 }, what);
    }
  });

  it('the same malformed reply twice in a session: one warning, the repeat at debug level', async () => {
    const { log, lines, debugLines } = recordingLog();
    for (let i = 0; i < 2; i++) {
      const worker = new FakeWorker();
      const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, start: starter(worker).start, log });
      await tick();
      worker.reply?.(null);
      assert.equal(await running, undefined);
    }
    assert.equal(lines.length, 1);
    assert.equal(debugLines.length, 1);
  });

  it('a log that throws while the analysis falls back: the analysis still settles (it rejects with that error)', async () => {
    const worker = new FakeWorker();
    const log = new FallbackLog({ warn: () => { throw new Error('the channel is closed'); }, debug: () => undefined });
    const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, start: starter(worker).start, log });
    await tick();
    worker.reply?.(null);
    await assert.rejects(running, /the channel is closed/);
  });

  it('rejects with the engine\'s own error when the worker answers with one', async () => {
    const worker = new FakeWorker();
    const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, start: starter(worker).start });
    await tick();
    worker.reply?.({ ok: false, message: 'the catalog is malformed' });
    await assert.rejects(running, /the catalog is malformed/);
  });

  it('answers undefined (analyse on the calling thread) when the worker fails before answering, and logs that it stopped mid-analysis and why', async () => {
    const worker = new FakeWorker();
    const { log, lines } = recordingLog();
    const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, start: starter(worker).start, log });
    await tick();
    worker.failure?.({ stage: 'analysis', reason: 'Worker terminated due to reaching memory limit' });
    assert.equal(await running, undefined);
    assert.equal(worker.terminated, 1);
    assert.equal(lines.length, 1, `one line: ${lines.join(' | ')}`);
    assert.match(lines[0]!, /stopped mid-analysis \(Worker terminated due to reaching memory limit\)/);
    assert.match(lines[0]!, /on the extension host thread instead/);
  });

  it('a worker whose script never ran: logged as a worker that could not start, with the reason', async () => {
    const worker = new FakeWorker();
    const { log, lines } = recordingLog();
    const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, start: starter(worker).start, log });
    await tick();
    worker.failure?.({ stage: 'start', reason: "Cannot find module '/ext/dist/lazy/suggestWorker.js'" });
    assert.equal(await running, undefined);
    assert.deepEqual(lines.map((l) => /could not start \((.*)\);/.exec(l)?.[1]), ["Cannot find module '/ext/dist/lazy/suggestWorker.js'"]);
  });

  it('a worker factory that fails: answers undefined (the fallback) and logs one line naming the reason', async () => {
    const { log, lines } = recordingLog();
    const result = await analyseOffThread({ distDir: DIST, text: 'a doc of 23 characters.', suggestOptions: {}, start: failingStart('SecurityError: workers are not allowed'), log });
    assert.equal(result, undefined);
    assert.equal(lines.length, 1, `one line: ${lines.join(' | ')}`);
    assert.match(lines[0]!, /the analysis worker could not start \(SecurityError: workers are not allowed\)/);
    assert.match(lines[0]!, /\(23 characters\) on the extension host thread instead/);
  });

  it('the same cause twice in a session: one warning, the repeat at debug level; another cause warns again', async () => {
    const { log, lines, debugLines } = recordingLog();
    for (const reason of ['SecurityError: workers are not allowed', 'SecurityError: workers are not allowed', 'out of memory']) {
      assert.equal(await analyseOffThread({ distDir: DIST, text: 'a doc', suggestOptions: {}, start: failingStart(reason), log }), undefined);
    }
    // The same reason at another stage is another cause.
    const worker = new FakeWorker();
    const running = analyseOffThread({ distDir: DIST, text: 'a doc', suggestOptions: {}, start: starter(worker).start, log });
    await tick();
    worker.failure?.({ stage: 'analysis', reason: 'out of memory' });
    assert.equal(await running, undefined);
    assert.deepEqual(lines.map((l) => /worker (could not start|stopped mid-analysis) \((.*)\);/.exec(l)?.slice(1)), [
      ['could not start', 'SecurityError: workers are not allowed'],
      ['could not start', 'out of memory'],
      ['stopped mid-analysis', 'out of memory'],
    ]);
    assert.equal(debugLines.length, 1);
    assert.match(debugLines[0]!, /could not start \(SecurityError: workers are not allowed\)/);
  });

  it('warns about at most 50 causes a session: a reason that carries a changing number does not flood the log', () => {
    const { log, lines, debugLines } = recordingLog();
    for (let i = 0; i < 60; i++) log.report({ stage: 'start', reason: `worker exited with code ${i}` }, 10);
    assert.equal(lines.length, 50);
    assert.equal(debugLines.length, 10);
  });

  it('a factory that throws AnalysisCancelled (the extension being deactivated): passed on, nothing logged, no fallback', async () => {
    const { log, lines, debugLines } = recordingLog();
    const start: Platform['startSuggestWorker'] = async () => { throw new AnalysisCancelled(); };
    await assert.rejects(analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, start, log }), (e) => e instanceof AnalysisCancelled);
    assert.deepEqual([lines, debugLines], [[], []]);
  });

  it('logs nothing when the worker answers', async () => {
    const worker = new FakeWorker();
    const { log, lines } = recordingLog();
    const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, start: starter(worker).start, log });
    await tick();
    worker.reply?.(ANSWER);
    assert.deepEqual(await running, { result: RESULT, outline: OUTLINE });
    // The worker's exit after its answer (terminate) is not a failure either.
    worker.failure?.({ stage: 'analysis', reason: 'exited with code 1' });
    assert.deepEqual(lines, []);
  });

  it('cancelled is not a failure: nothing is logged, also when the terminated worker then reports its exit', async () => {
    const worker = new FakeWorker();
    const { log, lines } = recordingLog();
    const { token, cancel } = tokenSource();
    const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, token, start: starter(worker).start, log });
    await tick();
    cancel();
    worker.failure?.({ stage: 'analysis', reason: 'exited with code 1' });
    await assert.rejects(running, (e) => e instanceof AnalysisCancelled);
    assert.deepEqual(lines, []);
  });

  it('cancelled while a failing factory was starting the worker: AnalysisCancelled, nothing logged', async () => {
    const { log, lines } = recordingLog();
    const { token, cancel } = tokenSource();
    const start: Platform['startSuggestWorker'] = async () => {
      cancel();
      throw new Error('worker refused');
    };
    await assert.rejects(analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, token, start, log }), (e) => e instanceof AnalysisCancelled);
    assert.deepEqual(lines, []);
  });

  it('cancelled while the worker starts: the worker is terminated as soon as it exists', async () => {
    const worker = new FakeWorker();
    const { token, cancel } = tokenSource();
    let release!: () => void;
    const start: Platform['startSuggestWorker'] = () => new Promise((resolve) => (release = () => resolve(worker)));
    const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, token, start });
    await tick();
    cancel();
    release();
    await assert.rejects(running, (e) => e instanceof AnalysisCancelled);
    assert.equal(worker.terminated, 1);
  });
});

describe('the desktop\'s worker thread, wrapped (env/node.ts)', () => {
  /** A worker thread's events, raised by hand. */
  function fakeThread(): NodeWorkerLike & EventEmitter & { terminated: number } {
    const thread = new EventEmitter() as EventEmitter & { terminated: number; terminate(): void };
    thread.terminated = 0;
    thread.terminate = () => void thread.terminated++;
    return thread;
  }

  it('an error before the script said it started is a failed start, reported once with the error\'s text', () => {
    const thread = fakeThread();
    const worker = nodeSuggestWorker(thread);
    const failures: WorkerFailure[] = [];
    worker.onFailure((failure) => failures.push(failure));
    thread.emit('error', new Error("Cannot find module '/ext/dist/lazy/suggestWorker.js'"));
    thread.emit('exit', 1);
    assert.deepEqual(failures, [{ stage: 'start', reason: "Cannot find module '/ext/dist/lazy/suggestWorker.js'" }]);
  });

  it('after the started signal, an exit without an answer is a stop mid-analysis, and the signal is not a reply', () => {
    const thread = fakeThread();
    const worker = nodeSuggestWorker(thread);
    const replies: unknown[] = [];
    const failures: WorkerFailure[] = [];
    worker.onReply((reply) => replies.push(reply));
    worker.onFailure((failure) => failures.push(failure));
    thread.emit('message', WORKER_STARTED);
    thread.emit('exit', 134);
    assert.deepEqual(replies, []);
    assert.deepEqual(failures, [{ stage: 'analysis', reason: 'the worker thread exited with code 134 without answering' }]);
    worker.terminate();
    assert.equal(thread.terminated, 1);
  });

  it('a null or non-object message from the thread: passed on without throwing in the listener, and the analysis falls back', async () => {
    for (const message of [null, 7, { result: {}, outline: {} }]) {
      const thread = fakeThread();
      const { log, lines } = recordingLog();
      const running = analyseOffThread({ distDir: DIST, text: 'text', suggestOptions: {}, start: async () => nodeSuggestWorker(thread), log });
      await tick();
      thread.emit('message', WORKER_STARTED);
      assert.doesNotThrow(() => thread.emit('message', message));
      assert.equal(await running, undefined);
      assert.equal(thread.terminated, 1);
      assert.equal(lines.length, 1, lines.join(' | '));
    }
  });

  it('passes the reply on', () => {
    const thread = fakeThread();
    const worker = nodeSuggestWorker(thread);
    const replies: unknown[] = [];
    worker.onReply((reply) => replies.push(reply));
    thread.emit('message', WORKER_STARTED);
    thread.emit('message', ANSWER);
    assert.deepEqual(replies, [ANSWER]);
  });
});
