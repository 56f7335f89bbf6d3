/**
 * The message protocol between the card panel host (src/extension/card) and the card webview
 * (src/webview/card), plus the state the webview persists with `setState`. Imported by both
 * sides, so it must stay free of `vscode` and of DOM types.
 *
 * Every message that crosses the boundary is checked with `isHostMessage` / `isWebviewMessage`;
 * anything that does not match a known shape exactly is ignored, never half-handled.
 */

/** The webview panel view type; the serializer is registered for it. */
export const CARD_VIEW_TYPE = 'sdp.card';

/** One rendered card: the node it shows and its HTML (header, navigation and main content). */
export interface CardView {
  readonly id: string;
  readonly title: string;
  readonly html: string;
}

// ---- host -> webview ------------------------------------------------------------------------

/**
 * Show a card. With `requestId` it answers the webview's `requestCard` (the webview decides what
 * that does to its history); without one the host is navigating (tree, search): push it.
 */
export interface ShowCardMessage {
  readonly type: 'showCard';
  readonly card: CardView;
  readonly requestId?: number;
}

/** The requested node is not in the catalog (for example a card restored after an update). */
export interface CardMissingMessage {
  readonly type: 'cardMissing';
  readonly requestId: number;
  readonly id: string;
}

export type HostMessage = ShowCardMessage | CardMissingMessage;

// ---- webview -> host ------------------------------------------------------------------------

/** The webview's script is listening; messages the host queued may now be delivered. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** Render a card by id (a link inside the card, back/forward, or a restore after a reload). */
export interface RequestCardMessage {
  readonly type: 'requestCard';
  readonly requestId: number;
  readonly id: string;
}

/** The webview now displays this node; the host updates the panel title and the tree. */
export interface CardShownMessage {
  readonly type: 'cardShown';
  readonly id: string;
}

/** Open an http(s) link in the browser; the host re-validates and VS Code asks for confirmation. */
export interface OpenExternalMessage {
  readonly type: 'openExternal';
  readonly url: string;
}

/** Insert or copy one variant of a snippet. */
export interface SnippetActionMessage {
  readonly type: 'insertSnippet' | 'copySnippet';
  readonly snippetId: string;
  readonly language?: string;
}

/**
 * Copy a diagram's Mermaid source: the `index`-th diagram of node `id`. The host looks the source up
 * in its own catalog, so a webview can never put text of its choosing on the clipboard.
 */
export interface CopyDiagramMessage {
  readonly type: 'copyDiagram';
  readonly id: string;
  readonly index: number;
}

export type WebviewMessage =
  | ReadyMessage
  | RequestCardMessage
  | CardShownMessage
  | OpenExternalMessage
  | SnippetActionMessage
  | CopyDiagramMessage;

// ---- persisted webview state ----------------------------------------------------------------

export interface HistoryEntry {
  readonly id: string;
  /** Vertical scroll offset in CSS pixels when the user last left the entry. */
  readonly scrollY: number;
}

/** What the webview keeps with `setState`; the serializer reads it to restore the panel. */
export interface CardState {
  readonly version: 1;
  /** A panel opened to the side keeps its card; the reusable panel follows the tree. */
  readonly pinned: boolean;
  readonly history: readonly HistoryEntry[];
  /** Index of the entry on screen. */
  readonly index: number;
}

/** Bounds that keep a hostile or corrupt message from costing memory or time. */
export const LIMITS = {
  idLength: 200,
  urlLength: 2048,
  historyLength: 100,
  htmlLength: 2_000_000,
  /** More diagrams than any card has; an index past it is refused outright. */
  diagramIndex: 100,
} as const;

// ---- guards ---------------------------------------------------------------------------------

type Shape = Record<string, unknown>;

function isObject(value: unknown): value is Shape {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `value` has exactly the `allowed` keys or a subset of them. */
function hasOnlyKeys(value: Shape, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

const NODE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

export function isNodeId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= LIMITS.idLength && NODE_ID.test(value);
}

function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isShortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

function isCardView(value: unknown): value is CardView {
  return (
    isObject(value) &&
    hasOnlyKeys(value, ['id', 'title', 'html']) &&
    isNodeId(value['id']) &&
    typeof value['title'] === 'string' &&
    typeof value['html'] === 'string' &&
    value['html'].length <= LIMITS.htmlLength
  );
}

export function isHostMessage(value: unknown): value is HostMessage {
  if (!isObject(value)) return false;
  switch (value['type']) {
    case 'showCard':
      return (
        hasOnlyKeys(value, ['type', 'card', 'requestId']) &&
        isCardView(value['card']) &&
        (value['requestId'] === undefined || isRequestId(value['requestId']))
      );
    case 'cardMissing':
      return hasOnlyKeys(value, ['type', 'requestId', 'id']) && isRequestId(value['requestId']) && isNodeId(value['id']);
    default:
      return false;
  }
}

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isObject(value)) return false;
  switch (value['type']) {
    case 'ready':
      return hasOnlyKeys(value, ['type']);
    case 'requestCard':
      return hasOnlyKeys(value, ['type', 'requestId', 'id']) && isRequestId(value['requestId']) && isNodeId(value['id']);
    case 'cardShown':
      return hasOnlyKeys(value, ['type', 'id']) && isNodeId(value['id']);
    case 'openExternal':
      return hasOnlyKeys(value, ['type', 'url']) && isShortString(value['url'], LIMITS.urlLength) && isExternalUrl(value['url']);
    case 'insertSnippet':
    case 'copySnippet':
      return (
        hasOnlyKeys(value, ['type', 'snippetId', 'language']) &&
        isShortString(value['snippetId'], LIMITS.idLength) &&
        (value['language'] === undefined || isShortString(value['language'], 40))
      );
    case 'copyDiagram':
      return (
        hasOnlyKeys(value, ['type', 'id', 'index']) &&
        isNodeId(value['id']) &&
        isRequestId(value['index']) &&
        value['index'] < LIMITS.diagramIndex
      );
    default:
      return false;
  }
}

export function isCardState(value: unknown): value is CardState {
  if (!isObject(value) || value['version'] !== 1 || typeof value['pinned'] !== 'boolean') return false;
  const history = value['history'];
  const index = value['index'];
  if (!Array.isArray(history) || history.length === 0 || history.length > LIMITS.historyLength) return false;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= history.length) return false;
  return history.every(
    (entry: unknown) =>
      isObject(entry) && isNodeId(entry['id']) && typeof entry['scrollY'] === 'number' && Number.isFinite(entry['scrollY']),
  );
}

/**
 * Only plain web links leave the card: `http:` and `https:` with a host. Everything else
 * (`command:`, `file:`, `javascript:`, `vscode:`, data URLs) is refused on both sides.
 */
export function isExternalUrl(url: string): boolean {
  return /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url);
}
