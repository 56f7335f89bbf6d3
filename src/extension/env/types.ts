import type * as vscode from 'vscode';
import type * as PlacementModule from '../lazy/placement';
import type * as RenderModule from '../lazy/render';
import type * as SuggestModule from '../lazy/suggest';
import type { SuggestMessages, SuggestOptions } from '../../core/suggest';

/** One document for the suggest engine, analysed away from the extension host's thread. */
export interface SuggestJob {
  readonly text: string;
  readonly options: SuggestOptions;
  /** The localised reasons and figures; the worker words them in English without a table. */
  readonly messages?: SuggestMessages;
}

/**
 * What a worker script posts as its answer: the engine's result with the document's outline (its
 * headings, read off the same parse: core/review/suggestWithOutline.ts), or why it failed. The
 * receiver gets it as `unknown` and checks it (suggest/workerReply.ts).
 */
export type SuggestReply = { readonly ok: true; readonly result: unknown; readonly outline: unknown } | { readonly ok: false; readonly message: string };

/**
 * What a worker script posts first, as soon as it runs: a failure before it means the worker never
 * started (its script did not load), a failure after it that the worker stopped mid-analysis.
 */
export const WORKER_STARTED = { started: true } as const;

export function isWorkerStarted(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { started?: unknown }).started === true;
}

/**
 * Thrown by `startSuggestWorker` when this host cannot start a worker. Its text is for the log
 * (offThreadAnalysis writes it to the output channel and analyses on the calling thread instead),
 * never for a notification, so it is English like the rest of the log.
 */
export class WorkerUnavailable extends Error {}

/**
 * Thrown when an analysis was cancelled before it finished (a newer version of the document, the
 * extension being deactivated); callers drop it quietly. suggest/offThreadAnalysis.ts re-exports it.
 */
export class AnalysisCancelled extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

/** Why a worker stopped without answering: when (`start`: before its script ran) and the cause, as the host worded it. */
export interface WorkerFailure {
  readonly stage: 'start' | 'analysis';
  readonly reason: string;
}

/** A running analysis worker. `terminate` stops it at once, whatever it is doing. */
export interface SuggestWorker {
  /** The worker's answer as posted, unchecked (meant to be a `SuggestReply`; suggest/workerReply.ts reads it). */
  onReply(listener: (reply: unknown) => void): void;
  /**
   * The worker failed or stopped without answering. offThreadAnalysis then logs the failure and
   * analyses on the calling thread, so the user still gets a review.
   */
  onFailure(listener: (failure: WorkerFailure) => void): void;
  terminate(): void;
}

/**
 * The few things the editor layer needs that differ between the desktop's Node extension host
 * and the browser's web worker extension host. There are two implementations, env/node.ts and
 * env/web.ts; scripts/build.mjs bundles one or the other behind env/platform.ts, so each
 * bundle carries only its own.
 */
export interface Platform {
  /** Which implementation this bundle carries; the activation log line and tests report it. */
  readonly kind: 'node' | 'web';
  /** markdown-it and the card renderer: a separate file loaded on first use (Node), or in the bundle (web). */
  loadRenderModule(): typeof RenderModule;
  /** The suggest engine, loaded the same way. */
  loadSuggestModule(): typeof SuggestModule;
  /** Snippet placement and the Go and Java fitting, loaded the same way on the first insert. */
  loadPlacementModule(): typeof PlacementModule;
  /**
   * Starts a worker that analyses one large document: a worker thread (Node) or a Web Worker
   * (web). `distDir` is the extension's dist/ folder, which holds the worker's script and
   * catalog.json. Rejects, with the reason as its message, when this host cannot start one.
   */
  startSuggestWorker(distDir: vscode.Uri, job: SuggestJob): Promise<SuggestWorker>;
  /** Releases what the platform holds across analyses (the web worker's blob: URL); on deactivation. */
  dispose(): void;
}
