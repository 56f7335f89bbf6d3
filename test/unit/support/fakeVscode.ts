/**
 * Loads a module of src/extension in plain Node with `fake` standing in for the `vscode` module.
 * Every module of src/extension is loaded afresh (none cached from another test's fake) and
 * dropped from the cache again after `restore()`, so each test sees only its own fake.
 */
import Module from 'node:module';
import { join, sep } from 'node:path';

interface ModuleInternals {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: unknown, isMain: boolean): string;
}

const EXTENSION_SOURCES = join(__dirname, '..', '..', '..', 'src', 'extension') + sep;

function forgetExtensionModules(): void {
  for (const key of Object.keys(require.cache)) if (key.startsWith(EXTENSION_SOURCES)) delete require.cache[key];
}

/**
 * `modulePath` is resolved from this folder (test/unit/support). `stubs` stand in for other
 * modules, keyed by their path from this folder without the extension (as `modulePath`), for
 * example `../../../src/extension/env/platform` for a fake platform.
 */
export function loadWithFakeVscode<T>(fake: object, modulePath: string, stubs: Readonly<Record<string, unknown>> = {}): { module: T; restore(): void } {
  const internals = Module as unknown as ModuleInternals;
  const original = internals._load;
  const stubbed = new Map(Object.entries(stubs).map(([path, stub]) => [require.resolve(path), stub]));
  internals._load = function load(request, parent, isMain) {
    if (request === 'vscode') return fake;
    if (stubbed.size > 0 && request.startsWith('.')) {
      const stub = stubbed.get(internals._resolveFilename(request, parent, isMain));
      if (stub !== undefined) return stub;
    }
    return original.call(this, request, parent, isMain);
  };
  forgetExtensionModules();
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { module: require(modulePath) as T, restore: () => { internals._load = original; forgetExtensionModules(); } };
  } catch (error) {
    internals._load = original;
    throw error;
  }
}

/** `{0}`-style placeholders filled from `args`, as `vscode.l10n.t` fills them; one without an argument is left as it is. */
export function fillPlaceholders(message: string, args: readonly unknown[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));
}

/** `vscode.l10n.t` as VS Code does it with no bundle: the English text, placeholders filled. */
export function englishL10n(message: string, ...args: unknown[]): string {
  return fillPlaceholders(message, args);
}

/** `vscode.TreeItem` as a plain record: a fake `vscode` for tree tests, which read what each item was given. */
export class FakeTreeItem {
  description?: string;
  tooltip?: unknown;
  iconPath?: { id: string };
  command?: { command: string; arguments?: unknown[] };
  contextValue?: string;
  id?: string;
  accessibilityInformation?: { label: string };
  constructor(readonly label: string, readonly collapsibleState: number) {}
}

/** `vscode.MarkdownString` holding its text, and `vscode.ThemeIcon` its id, for the same fakes. */
export class FakeMarkdownString { constructor(readonly value: string) {} }
export class FakeThemeIcon { constructor(readonly id: string) {} }

/** `vscode.EventEmitter` for the same fakes: `event` subscribes (its disposable unsubscribes), `fire` calls every listener. */
export class FakeEventEmitter<T> {
  private listeners: ((value: T) => void)[] = [];
  readonly event = (listener: (value: T) => void): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    for (const l of this.listeners) l(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

/** A `vscode` event nothing in the test fires: subscribing returns a disposable that does nothing. */
export const noEvent = (): { dispose(): void } => ({ dispose: () => undefined });

/**
 * The pieces of a fake `vscode` that loading the Design Review view's modules needs (English l10n,
 * events, tree items, icons, Markdown, `Uri.parse`); a test spreads them and adds its own window,
 * workspace and commands.
 */
export const reviewViewVscode = {
  env: { language: 'en' },
  l10n: { t: englishL10n },
  EventEmitter: FakeEventEmitter,
  TreeItem: class { constructor(readonly label: unknown, readonly collapsibleState?: unknown) {} },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ThemeIcon: class { constructor(readonly id: string) {} },
  ThemeColor: class { constructor(readonly id: string) {} },
  MarkdownString: class { constructor(readonly value = '') {} appendMarkdown() { return this; } appendText() { return this; } },
  Uri: { parse: (s: string) => ({ toString: () => s, scheme: s.split(':')[0] }) },
};
