import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog/model';
import { createSnippetLibrary, EMPTY_SNIPPET_LIBRARY, toSnippetView, type SnippetLibrary } from '../../core/render/snippetView';
import type { CommandManager } from '../commands/commandManager';
import { CopyLinkCommand } from '../commands/copyLinkCommand';
import { OpenCardCommand, OpenCardToSideCommand } from '../commands/openCardCommands';
import type { SnippetStore } from '../snippets/snippetStore';
import { strings } from '../strings';
import { CardPanels } from './cardPanels';
import { CardRenderer } from './cardRenderer';
import { registerCardSerializer } from './cardSerializer';
import { registerCardUriHandler } from './cardUriHandler';
import { SnippetActions } from './snippetActions';

/**
 * Trade-off cards: the panels, their serializer, the card link handler and the commands that
 * open and link cards. Everything registered is owned by the returned disposable.
 */
export function registerCardSupport(
  context: vscode.ExtensionContext,
  commands: CommandManager,
  loadCatalog: () => Promise<Catalog>,
  snippetStore: SnippetStore,
  log: vscode.LogOutputChannel,
): { cards: CardPanels; disposable: vscode.Disposable } {
  const loadSnippets = snippetLibraryFrom(snippetStore, log);
  const renderer = new CardRenderer(loadCatalog, loadSnippets, strings.cardLabels);
  const cards = new CardPanels(context.extensionUri, renderer, loadCatalog, new SnippetActions(loadSnippets), log);

  commands.register(new OpenCardCommand(cards));
  commands.register(new OpenCardToSideCommand(cards));
  commands.register(new CopyLinkCommand(context.extension.id, cards));

  const disposable = vscode.Disposable.from(cards, registerCardSerializer(cards), registerCardUriHandler(cards));
  return { cards, disposable };
}

/** The card's view of the snippet library; a build without snippets.json shows cards without code. */
function snippetLibraryFrom(store: SnippetStore, log: vscode.LogOutputChannel): () => Promise<SnippetLibrary> {
  let library: Promise<SnippetLibrary> | undefined;
  return () => {
    library ??= store.all().then(
      (all) => createSnippetLibrary([...all.values()].map(toSnippetView)),
      (error: unknown) => {
        log.warn(`cards show no snippet code: ${error instanceof Error ? error.message : String(error)}`);
        return EMPTY_SNIPPET_LIBRARY;
      },
    );
    return library;
  };
}
