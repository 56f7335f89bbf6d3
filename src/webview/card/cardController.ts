import {
  isCardState,
  isHostMessage,
  isNodeId,
  isExternalUrl,
  type CardState,
  type CardView,
  type HostMessage,
  type WebviewMessage,
} from '../../shared/cardProtocol';
import { recordDiagramShown } from './diagramShown';
import {
  canGoBack,
  canGoForward,
  currentEntry,
  initialHistory,
  moveTo,
  pushEntry,
  removeEntry,
  targetIndex,
  withScroll,
} from '../../shared/cardHistory';

/** What to do with the card the host sends back for a request. */
type Pending = { readonly kind: 'navigate' } | { readonly kind: 'move'; readonly index: number } | { readonly kind: 'restore' };

/**
 * Runs one card webview: shows cards, keeps the back/forward history and scroll offsets in
 * the webview state, turns clicks into typed messages for the host. All listeners are
 * delegated from the document; the card HTML has no handlers of its own.
 */
export class CardController {
  private state: CardState;
  private readonly pending = new Map<number, Pending>();
  private nextRequestId = 1;
  private scrollFrame = 0;

  constructor(
    private readonly api: VsCodeWebviewApi<CardState>,
    private readonly root: HTMLElement,
    embeddedId: string,
    pinned: boolean,
  ) {
    const saved = api.getState();
    this.state = isCardState(saved) ? saved : initialHistory(embeddedId, pinned);
  }

  start(embeddedId: string): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.onHostMessage(event.data));
    document.addEventListener('click', (event) => this.onClick(event));
    document.addEventListener('auxclick', (event) => this.onClick(event));
    document.addEventListener('keydown', (event) => this.onKeyDown(event));
    window.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.post({ type: 'ready' });
    // Persist at once: a window reload restores the panel from this state (WebviewPanelSerializer).
    this.setState(this.state);

    const entry = currentEntry(this.state);
    if (entry.id === embeddedId) {
      this.afterShow(entry.scrollY, false);
    } else {
      // Reloaded (hidden and shown again, or restored): the saved history wins over the HTML.
      this.root.setAttribute('aria-busy', 'true');
      this.request(entry.id, { kind: 'restore' });
    }
  }

  // ---- host messages --------------------------------------------------------------------------

  private onHostMessage(data: unknown): void {
    if (!isHostMessage(data)) return; // unknown or malformed: ignore
    this.handle(data);
  }

  private handle(message: HostMessage): void {
    if (message.type === 'cardMissing') {
      const pending = this.pending.get(message.requestId);
      this.pending.delete(message.requestId);
      if (!pending) return;
      const index = pending.kind === 'move' ? pending.index : this.state.index;
      const next = pending.kind === 'navigate' ? undefined : removeEntry(this.state, index);
      if (next) {
        this.setState(next);
        this.request(currentEntry(next).id, { kind: 'restore' });
      } else {
        this.root.removeAttribute('aria-busy');
        this.updateButtons();
      }
      return;
    }

    const { card, requestId } = message;
    if (requestId === undefined) {
      // The host navigates (tree, search): that wins over anything still in flight.
      this.pending.clear();
      this.saveScroll();
      this.setState(pushEntry(this.state, card.id));
      this.show(card, 0, false);
      return;
    }
    const pending = this.pending.get(requestId);
    this.pending.delete(requestId);
    if (!pending) return; // superseded
    if (pending.kind === 'navigate') {
      this.setState(pushEntry(this.state, card.id));
      this.show(card, 0, true);
    } else if (pending.kind === 'move') {
      if (this.state.history[pending.index]?.id !== card.id) return;
      this.setState(moveTo(this.state, pending.index));
      this.show(card, currentEntry(this.state).scrollY, true);
    } else {
      if (currentEntry(this.state).id !== card.id) return;
      this.show(card, currentEntry(this.state).scrollY, false);
    }
  }

  // ---- user input -----------------------------------------------------------------------------

  private onClick(event: MouseEvent): void {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const anchor = target.closest('a');
    if (anchor) {
      // Every link is ours to handle: nothing follows an href on its own.
      event.preventDefault();
      event.stopPropagation();
      if (event.type === 'auxclick' && event.button !== 1) return;
      const node = anchor.dataset['node'];
      const href = anchor.getAttribute('href') ?? '';
      if (node && isNodeId(node)) this.navigate(node);
      else if (anchor.dataset['external'] === 'true' && isExternalUrl(href)) this.post({ type: 'openExternal', url: href });
      return;
    }
    if (event.type !== 'click') return;
    const action = target.closest<HTMLElement>('[data-action]');
    if (!action || action.hasAttribute('disabled')) return;
    switch (action.dataset['action']) {
      case 'back':
        this.go(-1);
        break;
      case 'forward':
        this.go(1);
        break;
      case 'insert-snippet':
      case 'copy-snippet': {
        const snippetId = action.dataset['snippet'];
        const language = action.dataset['language'];
        if (!snippetId) return;
        const type = action.dataset['action'] === 'insert-snippet' ? 'insertSnippet' : 'copySnippet';
        this.post(language ? { type, snippetId, language } : { type, snippetId });
        break;
      }
      case 'copy-diagram': {
        // The host copies the source it holds for this card's diagram number; the webview sends no text.
        const index = Number(action.dataset['diagram']);
        if (Number.isSafeInteger(index) && index >= 0) this.post({ type: 'copyDiagram', id: currentEntry(this.state).id, index });
        break;
      }
    }
  }

  private onKeyDown(event: KeyboardEvent): void {
    // Mouse-style history keys (browser back/forward keys) and Alt+Left/Right as in a browser.
    if (event.key === 'BrowserBack' || (event.altKey && event.key === 'ArrowLeft')) {
      if (this.go(-1)) event.preventDefault();
    } else if (event.key === 'BrowserForward' || (event.altKey && event.key === 'ArrowRight')) {
      if (this.go(1)) event.preventDefault();
    }
  }

  private onScroll(): void {
    if (this.scrollFrame) return;
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = 0;
      this.saveScroll();
    });
  }

  // ---- navigation -----------------------------------------------------------------------------

  private navigate(id: string): void {
    if (id === currentEntry(this.state).id) {
      window.scrollTo(0, 0);
      return;
    }
    this.saveScroll();
    this.request(id, { kind: 'navigate' });
  }

  private go(delta: number): boolean {
    const index = targetIndex(this.state, delta);
    if (index === undefined) return false;
    this.saveScroll();
    this.request(this.state.history[index]!.id, { kind: 'move', index });
    return true;
  }

  private request(id: string, pending: Pending): void {
    // Only the latest request matters; a slower answer to an older one is dropped.
    this.pending.clear();
    const requestId = this.nextRequestId++;
    this.pending.set(requestId, pending);
    this.post({ type: 'requestCard', requestId, id });
  }

  private show(card: CardView, scrollY: number, moveFocus: boolean): void {
    window.dispatchEvent(new Event('sdp-card-replaced'));
    this.root.innerHTML = card.html; // rendered and sanitized by the host (markdown-it, html off)
    document.title = card.title;
    document.body.dataset['node'] = card.id;
    this.afterShow(scrollY, moveFocus);
  }

  private afterShow(scrollY: number, moveFocus: boolean): void {
    this.root.removeAttribute('aria-busy');
    this.updateButtons();
    window.scrollTo(0, scrollY);
    recordDiagramShown(this.root);
    if (moveFocus) {
      // Tell screen readers a new card is on screen; the title is the natural place to start.
      this.root.querySelector<HTMLElement>('#card-title')?.focus({ preventScroll: true });
    }
    this.post({ type: 'cardShown', id: currentEntry(this.state).id });
  }

  private updateButtons(): void {
    this.toggle('back', canGoBack(this.state));
    this.toggle('forward', canGoForward(this.state));
  }

  private toggle(action: string, enabled: boolean): void {
    const button = this.root.querySelector<HTMLElement>(`[data-action="${action}"]`);
    if (!button) return;
    if (enabled) button.removeAttribute('disabled');
    else button.setAttribute('disabled', '');
  }

  private saveScroll(): void {
    this.setState(withScroll(this.state, window.scrollY));
  }

  private setState(state: CardState): void {
    this.state = state;
    this.api.setState(state);
  }

  private post(message: WebviewMessage): void {
    this.api.postMessage(message);
  }
}
