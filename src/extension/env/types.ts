import type * as vscode from 'vscode';
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

/** What a worker answers: the engine's result, or why it failed. */
export type SuggestReply = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly message: string };

/** A running analysis worker. `terminate` stops it at once, whatever it is doing. */
export interface SuggestWorker {
  onReply(listener: (reply: SuggestReply) => void): void;
  /**
   * The worker failed or stopped without answering. No detail is passed: offThreadAnalysis then
   * analyses on the calling thread, so nothing of the failure reaches the user.
   */
  onFailure(listener: () => void): void;
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
  /**
   * Starts a worker that analyses one large document: a worker thread (Node) or a Web Worker
   * (web). `distDir` is the extension's dist/ folder, which holds the worker's script and
   * catalog.json. Resolves to undefined when this host cannot start workers at all.
   */
  startSuggestWorker(distDir: vscode.Uri, job: SuggestJob): Promise<SuggestWorker | undefined>;
  /** Releases what the platform holds across analyses (the web worker's blob: URL); on deactivation. */
  dispose(): void;
}
