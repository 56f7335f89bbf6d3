import * as vscode from 'vscode';
import { renderCardDocument } from '../../core/render/cardDocument';
import {
  CARD_VIEW_TYPE,
  isWebviewMessage,
  type CardView,
  type CopyDiagramMessage,
  type HostMessage,
  type SnippetActionMessage,
  type WebviewMessage,
} from '../../shared/cardProtocol';

/** What a panel needs from the rest of the extension. */
export interface CardPanelHost {
  readonly extensionUri: vscode.Uri;
  render(id: string): Promise<CardView | undefined>;
  titleOf(id: string): Promise<string | undefined>;
  openExternal(url: string): Promise<void>;
  snippetAction(message: SnippetActionMessage): Promise<void>;
  copyDiagram(message: CopyDiagramMessage): Promise<void>;
  log(message: string): void;
}

export interface OpenOptions {
  readonly viewColumn: vscode.ViewColumn;
  readonly preserveFocus: boolean;
  /** `Date.now()` when the command that opens the card started (the e2e level times from it). */
  readonly requestedAt?: number;
}

/** Webview options shared by new and revived panels: scripts on, nothing but media/ and dist/. */
export function cardWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

/**
 * One card webview panel. It owns its disposables, renders the document once, and from then on
 * talks to the webview only through typed messages. Messages for a webview that is not
 * listening yet (just created, or reloading after being hidden) wait for its `ready`.
 */
export class CardPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly shown = new vscode.EventEmitter<CardPanel>();
  private readonly disposed = new vscode.EventEmitter<CardPanel>();
  private readonly viewState = new vscode.EventEmitter<CardPanel>();
  private ready = false;
  private queued: HostMessage | undefined;
  private current: string;
  private isDisposed = false;

  /** The webview shows another card (after navigation inside it, or `show`). */
  readonly onDidShowCard = this.shown.event;
  readonly onDidDispose = this.disposed.event;
  /** The panel became active or inactive, visible or hidden. */
  readonly onDidChangeViewState = this.viewState.event;

  static create(host: CardPanelHost, card: CardView, pinned: boolean, options: OpenOptions): CardPanel {
    const panel = vscode.window.createWebviewPanel(
      CARD_VIEW_TYPE,
      card.title,
      { viewColumn: options.viewColumn, preserveFocus: options.preserveFocus },
      { ...cardWebviewOptions(host.extensionUri), enableFindWidget: true, retainContextWhenHidden: false },
    );
    return new CardPanel(panel, host, card, pinned, options.requestedAt);
  }

  /** Adopts a panel VS Code restored after a reload; the webview's saved history takes over. */
  static revive(panel: vscode.WebviewPanel, host: CardPanelHost, card: CardView, pinned: boolean): CardPanel {
    panel.webview.options = cardWebviewOptions(host.extensionUri);
    return new CardPanel(panel, host, card, pinned);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly host: CardPanelHost,
    card: CardView,
    /** Opened to the side: keeps its own card instead of following the tree. */
    readonly pinned: boolean,
    requestedAt?: number,
  ) {
    this.current = card.id;
    this.disposables.push(
      this.shown,
      this.disposed,
      this.viewState,
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden a hidden webview is torn down and reloads when shown.
        if (!panel.visible) this.ready = false;
        this.viewState.fire(this);
      }),
    );
    panel.title = card.title;
    // Themed tab icons: a single currentColor SVG would vanish on one of the themes.
    panel.iconPath = {
      light: vscode.Uri.joinPath(host.extensionUri, 'media', 'icons', 'card-light.svg'),
      dark: vscode.Uri.joinPath(host.extensionUri, 'media', 'icons', 'card-dark.svg'),
    };
    panel.webview.html = this.documentFor(card, requestedAt);
  }

  /** Id of the node on screen. */
  get nodeId(): string {
    return this.current;
  }

  get active(): boolean {
    return !this.isDisposed && this.panel.active;
  }

  /** Shows a card in this panel as a new history entry. */
  show(card: CardView): void {
    this.current = card.id;
    this.panel.title = card.title;
    this.post({ type: 'showCard', card }, true);
  }

  reveal(viewColumn: vscode.ViewColumn | undefined, preserveFocus: boolean): void {
    this.panel.reveal(viewColumn, preserveFocus);
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.disposed.fire(this);
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private documentFor(card: CardView, requestedAt?: number): string {
    const webview = this.panel.webview;
    return renderCardDocument({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.host.extensionUri, 'dist', 'webview', 'card.js')).toString(),
      card,
      pinned: this.pinned,
      language: vscode.env.language,
      requestedAt,
    });
  }

  /** Posts now when the webview listens; otherwise keeps the latest navigation for its `ready`. */
  private post(message: HostMessage, queueIfNotReady = false): void {
    if (this.isDisposed) return;
    if (!this.ready) {
      if (queueIfNotReady) this.queued = message;
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  /**
   * Handles one message from the webview. Anything that is not a known message shape is
   * ignored; returns whether the message was handled (the extension-host tests use it).
   */
  async receive(message: unknown): Promise<boolean> {
    if (this.isDisposed || !isWebviewMessage(message)) return false;
    await this.handle(message);
    return true;
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const queued = this.queued;
        this.queued = undefined;
        if (queued) this.post(queued);
        return;
      }
      case 'requestCard': {
        const card = await this.host.render(message.id);
        // The answer goes straight back: the webview that asked is listening.
        if (this.isDisposed) return;
        void this.panel.webview.postMessage(
          card
            ? ({ type: 'showCard', card, requestId: message.requestId } satisfies HostMessage)
            : ({ type: 'cardMissing', requestId: message.requestId, id: message.id } satisfies HostMessage),
        );
        if (!card) this.host.log(`card "${message.id}" requested by a webview is not in the catalog`);
        return;
      }
      case 'cardShown': {
        this.current = message.id;
        const title = await this.host.titleOf(message.id);
        if (title && !this.isDisposed && this.current === message.id) this.panel.title = title;
        this.shown.fire(this);
        return;
      }
      case 'openExternal':
        await this.host.openExternal(message.url);
        return;
      case 'insertSnippet':
      case 'copySnippet':
        await this.host.snippetAction(message);
        return;
      case 'copyDiagram':
        await this.host.copyDiagram(message);
        return;
    }
  }
}

/** 18 random bytes as base64, from the Web Crypto API both extension hosts provide. */
function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}
