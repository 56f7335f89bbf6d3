/** A cancellation token for unit tests in plain Node, where the `vscode` module is not available. */
import type * as vscode from 'vscode';

export function tokenSource(): { token: vscode.CancellationToken; cancel: () => void } {
  const listeners: (() => void)[] = [];
  const token = {
    isCancellationRequested: false,
    onCancellationRequested: (listener: () => void) => {
      listeners.push(listener);
      return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
    },
  } as unknown as vscode.CancellationToken & { isCancellationRequested: boolean };
  return { token, cancel: () => { token.isCancellationRequested = true; for (const l of [...listeners]) l(); } };
}

/**
 * VS Code's CancellationTokenSource as the extension host has it (base/common/cancellation.ts,
 * 1.139), for loading editor modules under a fake `vscode`: a listener added to a token cancelled
 * already is called from a 0 ms timer, not at once, and not never.
 */
export class VsCodeLikeTokenSource {
  private readonly listeners = new Set<() => void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: (listener: () => void) => {
      if (this.token.isCancellationRequested) {
        const timer = setTimeout(listener, 0);
        return { dispose: () => clearTimeout(timer) };
      }
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    },
  };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    for (const listener of [...this.listeners]) listener();
    this.listeners.clear();
  }
  dispose(): void {
    this.listeners.clear();
  }
}

/** One turn of the event loop: lets pending promise callbacks and immediates run. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
