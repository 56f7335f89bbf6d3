/**
 * The web build's platform (src/extension/env/web.ts) against a fake `vscode` and a fake Worker
 * class: deactivating the extension while the worker's files are being read cancels the analysis
 * (AnalysisCancelled: nothing logged, nothing analysed on the host thread) instead of reporting
 * a worker that could not start.
 */
import { strict as assert } from 'node:assert';
import type * as Types from '../../../src/extension/env/types';
import type * as Web from '../../../src/extension/env/web';
import type * as OffThread from '../../../src/extension/suggest/offThreadAnalysis';
import { loadWithFakeVscode } from '../support/fakeVscode';

const JOB = { text: 'the doc', options: {} };

/** A fake `vscode` whose readFile answers only when the test releases it; and a fake Worker class on globalThis. */
function setUp({ withWorker = true } = {}) {
  const reads: string[] = [];
  let release: () => void = () => undefined;
  const read = new Promise<void>((resolve) => (release = resolve));
  const fake = {
    Uri: { joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/') }) },
    workspace: { fs: { readFile: async (uri: { path: string }) => { reads.push(uri.path); await read; return new TextEncoder().encode(uri.path.endsWith('.json') ? '{"nodes":[]}' : 'postMessage({ started: true })'); } } },
  };
  const loaded = loadWithFakeVscode<typeof Web>(fake, '../../../src/extension/env/web');
  // Loaded with the same fake, so their classes are the ones web.ts throws.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const types = require('../../../src/extension/env/types') as typeof Types;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const offThread = require('../../../src/extension/suggest/offThreadAnalysis') as typeof OffThread;
  const workers: unknown[] = [];
  const FakeWorker = class {
    onmessage = null;
    onerror = null;
    constructor() { workers.push(this); }
    postMessage(): void { /* a fake: nothing runs */ }
    terminate(): void { /* a fake: nothing runs */ }
  };
  const global = globalThis as { Worker?: unknown };
  const hadWorker = 'Worker' in global;
  const previousWorker = global.Worker;
  if (withWorker) global.Worker = FakeWorker;
  else delete global.Worker;
  const restore = (): void => {
    loaded.restore();
    if (hadWorker) global.Worker = previousWorker;
    else delete global.Worker;
  };
  return { platform: loaded.module.platform, types, offThread, release, reads, workers, restore };
}

describe('the web build\'s platform (env/web.ts)', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('deactivated while the worker\'s files are read: the start is cancelled (AnalysisCancelled), not a failure to log, and no worker starts', async () => {
    const set = setUp();
    restore = set.restore;
    const warnings: string[] = [];
    const log = new set.offThread.FallbackLog({ warn: (line) => void warnings.push(line), debug: (line) => void warnings.push(line) });
    const running = set.offThread.analyseOffThread({ distDir: { path: '/ext/dist' } as never, text: JOB.text, suggestOptions: JOB.options, start: set.platform.startSuggestWorker, log });
    set.platform.dispose();
    set.release();
    await assert.rejects(running, (e) => e instanceof set.types.AnalysisCancelled);
    assert.deepEqual(warnings, [], 'nothing logged');
    assert.deepEqual(set.workers, [], 'no worker started');
  });

  it('a host without a Worker class: WorkerUnavailable, before any of the worker\'s files is read', async () => {
    const set = setUp({ withWorker: false });
    restore = set.restore;
    set.release();
    await assert.rejects(set.platform.startSuggestWorker({ path: '/ext/dist' } as never, JOB), (e) => e instanceof set.types.WorkerUnavailable && /no Web Worker/.test(e.message));
    assert.deepEqual(set.reads, []);
    set.platform.dispose();
  });

  it('not deactivated: the worker starts from the files read', async () => {
    const set = setUp();
    restore = set.restore;
    set.release();
    await set.platform.startSuggestWorker({ path: '/ext/dist' } as never, JOB);
    assert.equal(set.workers.length, 1);
    set.platform.dispose();
  });
});
