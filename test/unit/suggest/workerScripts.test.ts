/**
 * The built worker scripts (dist/lazy/suggestWorker.js and suggestWorker.web.js, from
 * src/extension/lazy/) post WORKER_STARTED before anything else: that first message is how a
 * failure is told apart as a failed start (the script never ran) or a stop mid-analysis. The Node
 * script runs in a real worker thread wrapped by nodeSuggestWorker (env/node.ts); the web script
 * runs in a `vm` context standing in for a Web Worker's global scope (postMessage, onmessage).
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { parseCatalogJson } from '../../../src/core/catalog/catalogJson';
import { outlineOf, readOutline } from '../../../src/core/review/outline';
import { createSuggestEngine } from '../../../src/core/suggest';
import { isDocumentOutline } from '../../../src/core/review/outlineCheck';
import { nodeSuggestWorker } from '../../../src/extension/env/node';
import { isWorkerStarted, type SuggestReply, type WorkerFailure } from '../../../src/extension/env/types';
import { readWorkerReply } from '../../../src/extension/suggest/workerReply';

const DIST = join(__dirname, '..', '..', '..', 'dist');
const NODE_SCRIPT = join(DIST, 'lazy', 'suggestWorker.js');
const WEB_SCRIPT = join(DIST, 'lazy', 'suggestWorker.web.js');
const DOC = '# Seat booking\n\nTwo million fans compete for 50,000 seats; double booking must never happen.\n';
/** A design doc with an sdp-ignore comment and an sdp-todo marker under a heading whose role the marker hides from the engine. */
const COMMENTED = '# Seat booking\n<!-- sdp-ignore: large-blobs -->\n\nTwo million fans compete for 50,000 seats; double booking must never happen.\n\n'
  + '## Alternatives\n\n<!-- sdp-todo: contention/distributed-locks\nQuestion: how long is a lock held?\n-->\n\n## Body\n\nA queue in front of the seat map.\n';

/** The built Node worker's reply to `text`, and that reply as the host reads it (which must be an answer); the worker is ended. */
async function nodeWorkerReply(text: string, options: object): Promise<{ reply: unknown; read: ReturnType<typeof readWorkerReply> }> {
  const worker = new Worker(NODE_SCRIPT, { workerData: { catalogPath: join(DIST, 'catalog.json'), text, options } });
  const wrapped = nodeSuggestWorker(worker);
  try {
    const reply = await new Promise<unknown>((resolve, reject) => {
      wrapped.onReply(resolve);
      wrapped.onFailure((failure) => reject(new Error(`${failure.stage}: ${failure.reason}`)));
    });
    const read = readWorkerReply(reply);
    assert.equal(read.kind, 'answer', JSON.stringify(read).slice(0, 300));
    return { reply, read };
  } finally {
    await worker.terminate();
  }
}

describe('the built worker scripts post WORKER_STARTED first', function () {
  this.timeout(60_000);

  before(function () {
    for (const file of [NODE_SCRIPT, WEB_SCRIPT, join(DIST, 'catalog.json')]) {
      if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first (npm test does this)`);
    }
  });

  it('the worker thread (dist/lazy/suggestWorker.js, through nodeSuggestWorker): started first, then the answer', async () => {
    const worker = new Worker(NODE_SCRIPT, { workerData: { catalogPath: join(DIST, 'catalog.json'), text: DOC, options: { minScore: 0 } } });
    // Every message in the order it came, recorded before nodeSuggestWorker listens.
    const messages: unknown[] = [];
    worker.on('message', (message: unknown) => void messages.push(message));
    const wrapped = nodeSuggestWorker(worker);
    try {
      const outcome = await new Promise<{ reply?: SuggestReply; failure?: WorkerFailure }>((resolve) => {
        // The script posts a SuggestReply; the wrapper passes it on unchecked.
        wrapped.onReply((reply) => resolve({ reply: reply as SuggestReply }));
        wrapped.onFailure((failure) => resolve({ failure }));
      });
      assert.equal(outcome.failure, undefined, JSON.stringify(outcome.failure));
      assert.ok(messages.length >= 2, `messages: ${JSON.stringify(messages).slice(0, 200)}`);
      assert.ok(isWorkerStarted(messages[0]), `the first message is WORKER_STARTED: ${JSON.stringify(messages[0]).slice(0, 200)}`);
      assert.ok(!isWorkerStarted(messages[1]));
      assert.equal(outcome.reply?.ok, true, JSON.stringify(outcome.reply).slice(0, 200));
      // The outline comes with the result, read off the worker's own parse.
      assert.deepStrictEqual(outcome.reply.ok && outcome.reply.outline, readOutline(DOC));
    } finally {
      await worker.terminate();
    }
  });

  it('a document with sdp-ignore and sdp-todo comments: both workers send the outline readOutline gives, not the one of the blanked text', async () => {
    // The engine reads the marker's heading without its words (so without its role): mapping its structure would lose the role.
    assert.notDeepStrictEqual(outlineOf(createSuggestEngine(parseCatalogJson(readFileSync(join(DIST, 'catalog.json'), 'utf8'))).read(COMMENTED).structure), readOutline(COMMENTED));
    const { read } = await nodeWorkerReply(COMMENTED, { minScore: 0 });
    assert.ok(read.kind === 'answer' && read.answer.result.suggestions.length > 0, 'something suggested, so the outline is sent');
    assert.deepStrictEqual(read.kind === 'answer' && read.answer.outline, readOutline(COMMENTED));
    const posted: unknown[] = [];
    const scope: { postMessage(message: unknown): void; onmessage?: (event: { data: unknown }) => void } = { postMessage: (message) => void posted.push(message) };
    runInNewContext(readFileSync(WEB_SCRIPT, 'utf8'), scope, { filename: WEB_SCRIPT });
    scope.onmessage!({ data: { catalogJson: readFileSync(join(DIST, 'catalog.json'), 'utf8'), text: COMMENTED, options: { minScore: 0 } } });
    assert.equal((posted[1] as SuggestReply).ok, true, JSON.stringify(posted[1]).slice(0, 300));
    assert.equal(JSON.stringify((posted[1] as { outline: unknown }).outline), JSON.stringify(readOutline(COMMENTED)));
  });

  it('a mistyped id in a review comment crosses the thread as the result\'s unknownIds, and a malformed one makes the reply malformed', async () => {
    // The writer hid the pattern the text is about, and mistyped another id.
    const text = '# Seat booking\n<!-- sdp-ignore: contention, Scaling-Raeds -->\n\nTwo million fans compete for 50,000 seats.\n';
    const { reply, read } = await nodeWorkerReply(text, {});
    assert.deepStrictEqual(read.kind === 'answer' && read.answer.result.unknownIds,
      [{
        id: 'scaling-raeds', text: 'Scaling-Raeds', line: 2, column: 30, comment: 'sdp-ignore', nearest: 'scaling-reads',
        // The ", " before the word (its last): the "Remove" fix deletes the word and that separator.
        separatorSpan: { column: 28, endColumn: 30 },
      }]);
    const withUnknown = (u: object): unknown => ({ ...(reply as { result: object }), result: { ...(reply as { result: object }).result, unknownIds: [u] } });
    assert.equal(readWorkerReply(withUnknown({ id: 'x', text: 'x', line: '2', column: 1, comment: 'sdp-ignore' })).kind, 'malformed');
    const [good] = read.kind === 'answer' ? read.answer.result.unknownIds! : [];
    assert.equal(readWorkerReply(withUnknown({ ...good, nearest: '' })).kind, 'malformed', 'an empty id proposed');
    assert.equal(readWorkerReply(withUnknown({ ...good, separatorSpan: { column: 40, endColumn: 41 } })).kind, 'malformed', 'a separator away from the word');
  });

  it('the worker thread that fails after loading (no catalog file): a failure answer, after WORKER_STARTED, never a failed start', async () => {
    const worker = new Worker(NODE_SCRIPT, { workerData: { catalogPath: join(DIST, 'no-such-catalog.json'), text: DOC, options: {} } });
    const messages: unknown[] = [];
    worker.on('message', (message: unknown) => void messages.push(message));
    const wrapped = nodeSuggestWorker(worker);
    try {
      const reply = await new Promise<SuggestReply>((resolve, reject) => {
        wrapped.onReply((reply) => resolve(reply as SuggestReply));
        wrapped.onFailure((failure) => reject(new Error(`${failure.stage}: ${failure.reason}`)));
      });
      assert.ok(isWorkerStarted(messages[0]));
      assert.equal(reply.ok, false);
    } finally {
      await worker.terminate();
    }
  });

  it('the Web Worker script (dist/lazy/suggestWorker.web.js) in a fake worker scope: started as soon as it loads, then the answer to a job', () => {
    const posted: unknown[] = [];
    const scope: { postMessage(message: unknown): void; onmessage?: (event: { data: unknown }) => void } = {
      postMessage: (message) => void posted.push(message),
    };
    runInNewContext(readFileSync(WEB_SCRIPT, 'utf8'), scope, { filename: WEB_SCRIPT });
    assert.equal(posted.length, 1, 'one message before any job');
    assert.ok(isWorkerStarted(posted[0]), `the first message is WORKER_STARTED: ${JSON.stringify(posted[0])}`);
    assert.equal(typeof scope.onmessage, 'function', 'the script listens for its job');
    scope.onmessage!({ data: { catalogJson: readFileSync(join(DIST, 'catalog.json'), 'utf8'), text: DOC, options: { minScore: 0 } } });
    assert.equal(posted.length, 2);
    assert.ok(!isWorkerStarted(posted[1]));
    assert.equal((posted[1] as SuggestReply).ok, true, JSON.stringify(posted[1]).slice(0, 300));
    // A vm context's objects have that context's prototypes: compared field by field, through JSON.
    assert.equal(JSON.stringify((posted[1] as { outline: unknown }).outline), JSON.stringify(readOutline(DOC)));
    assert.ok(isDocumentOutline((posted[1] as { outline: unknown }).outline));
  });
});
