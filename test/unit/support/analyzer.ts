/**
 * DocumentAnalyzer (src/extension/suggest/documentAnalyzer.ts) in plain Node, for its unit tests:
 * loaded under a fake `vscode` whose cancellation token behaves as VS Code's does (a listener added
 * to a token cancelled already is called from a 0 ms timer), with a fake platform that counts what
 * it is asked to do, and fake text documents. One set-up for every analyzer test, so that none of
 * them tests a fake of its own making.
 */
import { strict as assert } from 'node:assert';
import { EMPTY_OUTLINE } from '../../../src/core/review/outline';
import type { SuggestResult } from '../../../src/core/suggest';
import type { SuggestWorker } from '../../../src/extension/env/types';
import type * as Analyzer from '../../../src/extension/suggest/documentAnalyzer';
import type * as OffThread from '../../../src/extension/suggest/offThreadAnalysis';
import type { ReviewSettings } from '../../../src/extension/suggest/reviewSettings';
import { VsCodeLikeTokenSource } from './cancellation';
import { loadWithFakeVscode } from './fakeVscode';

export const EMPTY_RESULT: SuggestResult = { suggestions: [], numbers: [], openQuestions: [], combinations: [] };

/** The review settings as shipped, with no size limit that a test document reaches. */
export const REVIEW_SETTINGS: ReviewSettings = { refreshOnEdit: true, editDelayMs: 600, maxDocumentSizeMB: 10, maxChars: 10_000_000, minScore: undefined, deepDives: true };

/**
 * A text document as the analyzer reads it, at `file:///design.md`: one line, a position is its
 * offset, and `getText(range)` copies the text up to the range's end (the analyzer copies out only
 * the part under its size limit). `isClosed` may be set by a test.
 */
export function fakeDocument(text: string, version = 1) {
  return {
    uri: { path: '/design.md', toString: () => 'file:///design.md' },
    version,
    isClosed: false,
    lineCount: 1,
    lineAt: () => ({ range: { end: 'end' } }),
    offsetAt: () => text.length,
    positionAt: (offset: number) => ({ offset }),
    getText: (range?: { end: { offset: number } }) => (range ? text.slice(0, range.end.offset) : text),
  };
}

/** A worker that answers only when the test says so (`reply`), and counts its terminations. */
export interface HeldWorker {
  reply(): void;
  terminated: number;
}

/** One job given to the worker: the text and the engine's options. */
export interface WorkerJob {
  text: string;
  options: unknown;
}

/** The parts of the lazy suggest module the analyzer uses: the fake's, or the real one (src/extension/lazy/suggest). */
export interface SuggestModuleLike {
  createSuggestEngine(catalog: never, messages?: never): unknown;
  suggestWithOutline(engine: never, text: string, options: never): unknown;
  readonly EMPTY_OUTLINE: unknown;
}

export interface AnalyzerSetUp {
  /**
   * The worker: 'none' (every start fails, as on a host without workers; the default), 'held' (each
   * start gives a `HeldWorker`, in `workers`), or a function whose reply to each job the worker posts
   * from a 0 ms timer.
   */
  readonly worker?: 'none' | 'held' | ((job: WorkerJob) => unknown);
  /** The catalog: held until `releaseCatalog()` (the default), or this one, ready at once. */
  readonly catalog?: unknown;
  /** The suggest module: a fake whose engine finds nothing (the default), or the real one. */
  readonly suggestModule?: SuggestModuleLike;
  /** The messages the analyzer words the engine's reasons with. */
  readonly messages?: unknown;
}

/** The analyzer under a fake `vscode` and platform; call `restore()` (after `analyzer.dispose()`) when done. */
export function analyzerUnderTest({ worker = 'none', catalog, suggestModule, messages = {} }: AnalyzerSetUp = {}) {
  const counts = { catalogLoads: 0, enginesBuilt: 0, analysed: 0, workersStarted: 0 };
  /** The options each analysis on this thread and each worker job was given. */
  const seen: { suggest: unknown[]; worker: unknown[] } = { suggest: [], worker: [] };
  /** What the engine does in the middle of an analysis (a test disposes the analyzer there). */
  const hooks = { whileAnalysing: (): void => undefined };
  /** The workers started, when `worker` is 'held'. */
  const workers: HeldWorker[] = [];
  /** The length of the text each worker was given. */
  const started: number[] = [];
  /** The warnings the analyzer's log was given (a fallback to this thread). */
  const warnings: string[] = [];
  let releaseCatalog: () => void = () => undefined;
  const catalogLoaded = catalog !== undefined ? Promise.resolve(catalog)
    : new Promise<unknown>((resolve) => (releaseCatalog = () => resolve({ byId: new Map() })));
  const module: SuggestModuleLike = suggestModule ?? {
    createSuggestEngine: () => ({ suggest: () => EMPTY_RESULT }),
    suggestWithOutline: (engine: never, text: string, options: never) => ({ result: (engine as { suggest(t: string, o: unknown): unknown }).suggest(text, options), outline: EMPTY_OUTLINE }),
    EMPTY_OUTLINE,
  };
  const platform = {
    kind: 'node',
    loadRenderModule: () => assert.fail('the card renderer is not used here'),
    loadSuggestModule: () => ({
      ...module,
      createSuggestEngine: (c: never, m: never) => (counts.enginesBuilt++, module.createSuggestEngine(c, m)),
      // The analyzer runs the engine on this thread through this, which reads the outline off the same analysis.
      suggestWithOutline: (engine: never, text: string, options: never) => {
        counts.analysed++;
        seen.suggest.push(options);
        hooks.whileAnalysing();
        return module.suggestWithOutline(engine, text, options);
      },
    }),
    startSuggestWorker: async (_dist: unknown, job: WorkerJob): Promise<SuggestWorker> => {
      counts.workersStarted++;
      started.push(job.text.length);
      seen.worker.push(job.options);
      if (worker === 'none') throw new Error('no worker in this test');
      let listener: ((reply: unknown) => void) | undefined;
      let terminate = (): void => undefined;
      if (worker === 'held') {
        const held: HeldWorker = { reply: () => listener?.({ ok: true, result: EMPTY_RESULT, outline: EMPTY_OUTLINE }), terminated: 0 };
        workers.push(held);
        terminate = () => void held.terminated++;
      } else {
        const reply = worker(job);
        setTimeout(() => listener?.(reply), 0);
      }
      return { onReply: (l) => void (listener = l), onFailure: () => undefined, terminate };
    },
    dispose: () => undefined,
  };
  /** The cancellation token sources the analyzer made, and how many of them it disposed. */
  const tokenSources = { created: 0, disposed: 0 };
  class CountedTokenSource extends VsCodeLikeTokenSource {
    constructor() {
      super();
      tokenSources.created++;
    }
    override dispose(): void {
      tokenSources.disposed++;
      super.dispose();
    }
  }
  const fake = {
    CancellationTokenSource: CountedTokenSource,
    Range: class { constructor(readonly start: unknown, readonly end: unknown) {} },
    Position: class {},
  };
  const loaded = loadWithFakeVscode<typeof Analyzer>(fake, '../../../src/extension/suggest/documentAnalyzer', { '../../../src/extension/env/platform': { platform } });
  // Loaded under the same fake: the AnalysisCancelled the analyzer throws.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AnalysisCancelled, OFF_THREAD_CHARS } = require('../../../src/extension/suggest/offThreadAnalysis') as typeof OffThread;
  const analyzer = new loaded.module.DocumentAnalyzer(() => (counts.catalogLoads++, catalogLoaded as never), { path: '/ext/dist', fsPath: '/ext/dist' } as never,
    messages as never, { warn: (line: string) => void warnings.push(line), debug: () => undefined } as never);
  return {
    analyzer, counts, seen, hooks, tokenSources, workers, started, warnings, releaseCatalog: () => releaseCatalog(), AnalysisCancelled, OFF_THREAD_CHARS,
    /** A text just over the size analysed off the thread. */
    large: 'x'.repeat(OFF_THREAD_CHARS + 1),
    restore: loaded.restore,
  };
}
