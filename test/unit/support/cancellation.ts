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

/** One turn of the event loop: lets pending promise callbacks and immediates run. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
