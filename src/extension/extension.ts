import * as vscode from 'vscode';
import { CatalogStore } from './catalogStore';
import { reportingFailureOnce } from './catalogLoadFailure';
import { CommandManager } from './commands/commandManager';
import { SearchCommand } from './commands/searchCommand';
import { PatternTreeProvider } from './tree/patternTreeProvider';
import { strings } from './strings';
import { InsertSnippetCommand } from './snippets/insertSnippetCommand';
import { LastEditorTracker } from './snippets/lastEditorTracker';
import { SnippetStore } from './snippets/snippetStore';
import { registerCardSupport } from './card/registerCardSupport';
import type { CardPanels } from './card/cardPanels';
import { registerTreeRevealSupport } from './tree/revealActiveCard';
import { registerWalkthroughSupport } from './walkthrough/registerWalkthroughSupport';
import { registerSuggestSupport, type SuggestSupport } from './suggest/registerSuggestSupport';
import { platform } from './env/platform';

export const PATTERNS_VIEW = 'sdp.patterns';

/** What the extension hands to tests (and to other extensions): read-only facts about its state. */
export interface ExtensionApi {
  readonly activationMs: number;
  /** Which build is running: the Node bundle (`main`) or the web bundle (`browser`). */
  readonly platform: 'node' | 'web';
  readonly catalogStore: CatalogStore;
  readonly treeProvider: PatternTreeProvider;
  readonly snippetStore: SnippetStore;
  readonly cards: CardPanels;
  /** The suggest command's Design Review view and the controller that keeps it on the active document. */
  readonly suggest?: Pick<SuggestSupport, 'reviewProvider' | 'reviewController' | 'inDocument'>;
  /** The folder VS Code gives this extension for its logs; its log Output channel's file is in it. */
  readonly logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel(strings.outputChannelName(), { log: true });
  context.subscriptions.push(log);

  // The extension's files are read through workspace.fs: on disk on the desktop, over the web in the browser.
  const distDir = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const catalogStore = new CatalogStore(distDir);
  // A failure: the cause to the log, and a notification whose Show Log button reveals it, once a session.
  const loadCatalog = reportingFailureOnce(() => catalogStore.get(), log);

  const treeProvider = new PatternTreeProvider(loadCatalog);
  const treeView = vscode.window.createTreeView(PATTERNS_VIEW, { treeDataProvider: treeProvider, showCollapseAll: true });
  context.subscriptions.push(treeProvider, treeView);

  const commands = new CommandManager();
  context.subscriptions.push(commands);
  commands.register(new SearchCommand(loadCatalog));
  registerWalkthroughSupport(context, commands);

  const snippetStore = new SnippetStore(distDir);
  const editors = new LastEditorTracker();
  context.subscriptions.push(editors);
  commands.register(new InsertSnippetCommand(snippetStore, loadCatalog, editors));

  const { cards, disposable: cardSupport } = registerCardSupport(context, commands, loadCatalog, snippetStore, log);
  context.subscriptions.push(cardSupport, registerTreeRevealSupport(treeView, treeProvider, cards));
  // The platform's held resources (the web build's worker script URL) are released on deactivation.
  context.subscriptions.push(platform);

  const suggest = registerSuggestSupport(loadCatalog, distDir, log);
  context.subscriptions.push(suggest);

  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms (${platform.kind} build)`);
  return { activationMs, platform: platform.kind, catalogStore, treeProvider, snippetStore, cards, suggest, logUri: context.logUri };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
