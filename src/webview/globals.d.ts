/** CSS files are bundled as text (esbuild `text` loader) and adopted as constructed stylesheets. */
declare module '*.css' {
  const text: string;
  export default text;
}

/** The API VS Code injects into every webview; callable once per load. */
interface VsCodeWebviewApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State = unknown>(): VsCodeWebviewApi<State>;
