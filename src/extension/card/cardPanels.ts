import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog/model';
import { currentEntry } from '../../shared/cardHistory';
import { isCardState, isExternalUrl, type CardView, type CopyDiagramMessage, type SnippetActionMessage } from '../../shared/cardProtocol';
import { strings } from '../strings';
import { CardPanel, type CardPanelHost } from './cardPanel';
import type { CardRenderer } from './cardRenderer';
import { copyDiagramSource } from './diagramActions';
import type { SnippetActions } from './snippetActions';

export interface OpenCardOptions {
  /** Open a new panel beside the active editor that keeps its card (it does not follow the tree). */
  readonly toSide?: boolean;
  /** Keep focus where it is (the tree) instead of moving it to the card. */
  readonly preserveFocus?: boolean;
  /**
   * Opened from a review of the document in the active editor (the Design Review): the card goes
   * beside that document, never over it. The reusable panel is used when it stands in another
   * column, else a new reusable panel opens beside the document.
   */
  readonly besideDocument?: boolean;
  /**
   * With `toSide`: the card asked for is the active panel's own (its title bar, the palette). A
   * pinned panel already keeps that card, so it is not shown again: a new panel opens beside it.
   */
  readonly fromActiveCard?: boolean;
}

/**
 * All open card panels. One reusable panel follows the tree and search; panels opened to the
 * side keep their own card. Tracks which card is active so the tree can highlight its node.
 */
export class CardPanels implements vscode.Disposable, CardPanelHost {
  private readonly panels = new Set<CardPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly activeChanged = new vscode.EventEmitter<string>();
  private reusable: CardPanel | undefined;
  private activePanel: CardPanel | undefined;

  /** The node of the active card changed (another panel got focus, or the card navigated). */
  readonly onDidChangeActiveCard = this.activeChanged.event;

  constructor(
    readonly extensionUri: vscode.Uri,
    private readonly renderer: CardRenderer,
    private readonly loadCatalog: () => Promise<Catalog>,
    private readonly snippets: SnippetActions,
    private readonly logger: vscode.LogOutputChannel,
  ) {
    this.disposables.push(this.activeChanged);
  }

  /** Id of the node whose card is active (or was, most recently). */
  get activeNodeId(): string | undefined {
    return this.activePanel?.nodeId;
  }

  /** Every open panel, the reusable one first (for tests and diagnostics). */
  get all(): readonly CardPanel[] {
    return [...this.panels].sort((a, b) => Number(b === this.reusable) - Number(a === this.reusable));
  }

  async open(id: string, options: OpenCardOptions = {}): Promise<boolean> {
    const requestedAt = Date.now();
    const card = await this.renderer.render(id);
    if (!card) {
      void vscode.window.showErrorMessage(strings.nodeNotFound(id));
      return false;
    }
    const preserveFocus = options.preserveFocus ?? false;
    // The column of the document being read, when a text editor is active: a card opened beside
    // it must not land on it, and a panel of its own already showing it beside it is shown again,
    // not opened twice. Only a pinned panel counts: the reusable one changes card on the next click
    // in a tree, so a card asked for to the side from it (its title bar, or the tree while it shows
    // that card) still gets a panel that keeps it.
    const documentColumn = vscode.window.activeTextEditor?.viewColumn;
    const beside = (p: CardPanel): boolean => documentColumn === undefined || p.panel.viewColumn !== documentColumn;
    // The active pinned panel asking for its own card to the side wants a copy beside it, not itself.
    const itself = (p: CardPanel): boolean => options.fromActiveCard === true && p === this.activePanel;
    const showing = this.all.find((p) => p.pinned && p.nodeId === card.id && beside(p) && !itself(p));
    let panel: CardPanel;
    if (options.toSide && showing) {
      panel = showing;
      panel.reveal(panel.panel.viewColumn, preserveFocus);
    } else if (options.toSide) {
      panel = this.adopt(CardPanel.create(this, card, true, { viewColumn: vscode.ViewColumn.Beside, preserveFocus, requestedAt }));
    } else if (options.besideDocument && this.reusable && !beside(this.reusable)) {
      // The reusable panel stands in the document's column: it moves beside the document, rather
      // than a second reusable panel opening there and this one staying behind, followed by nothing.
      panel = this.reusable;
      if (panel.nodeId !== card.id) panel.show(card);
      panel.reveal(vscode.ViewColumn.Beside, preserveFocus);
    } else if (options.besideDocument && !this.reusable) {
      panel = this.adopt(CardPanel.create(this, card, false, { viewColumn: vscode.ViewColumn.Beside, preserveFocus, requestedAt }));
      this.reusable = panel;
    } else if (this.reusable) {
      panel = this.reusable;
      if (panel.nodeId !== card.id) panel.show(card);
      panel.reveal(panel.panel.viewColumn, preserveFocus);
    } else {
      panel = this.adopt(CardPanel.create(this, card, false, { viewColumn: vscode.ViewColumn.Active, preserveFocus, requestedAt }));
      this.reusable = panel;
    }
    this.setActive(panel);
    return true;
  }

  /** Restores a panel after a window reload from the state its webview saved. */
  async revive(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!isCardState(state)) {
      // Nothing to show (the webview never saved state): close rather than leave an empty tab.
      webviewPanel.dispose();
      return;
    }
    let card: CardView | undefined;
    try {
      card = await this.renderer.render(currentEntry(state).id);
      card ??= await this.firstRenderable(state.history.map((entry) => entry.id));
    } catch (error) {
      this.logger.error(strings.cardRestoreFailed(error instanceof Error ? error.message : String(error)));
    }
    if (!card) {
      webviewPanel.dispose();
      return;
    }
    const panel = this.adopt(CardPanel.revive(webviewPanel, this, card, state.pinned));
    if (!state.pinned && !this.reusable) this.reusable = panel;
    if (webviewPanel.active) this.setActive(panel);
  }

  dispose(): void {
    for (const panel of [...this.panels]) panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  // ---- CardPanelHost ---------------------------------------------------------------------------

  render(id: string): Promise<CardView | undefined> {
    return this.renderer.render(id);
  }

  async titleOf(id: string): Promise<string | undefined> {
    return (await this.loadCatalog()).byId.get(id)?.title;
  }

  async openExternal(url: string): Promise<void> {
    // Checked again here: the webview is not trusted to have done it. VS Code asks the user
    // before opening a link to a domain they have not trusted.
    if (!isExternalUrl(url)) return;
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }

  snippetAction(message: SnippetActionMessage): Promise<void> {
    return this.snippets.run(message);
  }

  async copyDiagram(message: CopyDiagramMessage): Promise<void> {
    await copyDiagramSource(this.loadCatalog, message);
  }

  log(message: string): void {
    this.logger.info(message);
  }

  // ---- internals -------------------------------------------------------------------------------

  private adopt(panel: CardPanel): CardPanel {
    this.panels.add(panel);
    panel.onDidShowCard((p) => {
      if (p === this.activePanel || p.active) this.setActive(p);
    });
    panel.onDidChangeViewState((p) => {
      if (p.active) this.setActive(p);
    });
    panel.onDidDispose((p) => {
      this.panels.delete(p);
      if (this.reusable === p) this.reusable = undefined;
      if (this.activePanel === p) this.activePanel = undefined;
    });
    return panel;
  }

  private setActive(panel: CardPanel): void {
    this.activePanel = panel;
    this.activeChanged.fire(panel.nodeId);
  }

  private async firstRenderable(ids: readonly string[]): Promise<CardView | undefined> {
    for (const id of ids) {
      const card = await this.renderer.render(id);
      if (card) return card;
    }
    return undefined;
  }
}
