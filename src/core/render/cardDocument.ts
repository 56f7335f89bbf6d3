import type { CardView } from '../../shared/cardProtocol';
import { escapeHtml } from './escapeHtml';

export interface CardDocumentOptions {
  /** `webview.cspSource`: the origin local resources are served from. */
  readonly cspSource: string;
  /** Fresh for every load; only the script carrying it may run. */
  readonly nonce: string;
  /** `asWebviewUri` of dist/webview/card.js. */
  readonly scriptUri: string;
  /** The card shown first (before the webview's saved history, if any, takes over). */
  readonly card: CardView;
  /** True for a panel opened to the side: it keeps its card when the tree selection changes. */
  readonly pinned: boolean;
  /** BCP 47 language of the UI, for the `lang` attribute. */
  readonly language: string;
  /**
   * `Date.now()` in the extension host when the command that opens the card started, as
   * `data-requested-at`: with the webview's `data-diagram-shown-at` it times a card's first paint
   * from the host's side, without the test driver's own delay.
   */
  readonly requestedAt?: number;
}

/**
 * The whole HTML document of a card webview. Nothing runs but the one bundled script with
 * the per-load nonce; no inline script or style, no remote resource. The script sits in the
 * head (not deferred) so it can adopt the stylesheet before the body is first painted.
 */
export function renderCardDocument(options: CardDocumentOptions): string {
  const { cspSource, nonce, scriptUri, card, pinned, language, requestedAt } = options;
  const requested = requestedAt !== undefined && Number.isSafeInteger(requestedAt) ? ` data-requested-at="${requestedAt}"` : '';
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('card nonce must be at least 16 base64 characters');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // Styles are constructed stylesheets adopted by the script and by the components.
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp.replace(/[&"<>]/g, (ch) => escapeHtml(ch))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(card.title)}</title>
<script nonce="${nonce}" src="${escapeHtml(scriptUri)}"></script>
</head>
<body data-node="${escapeHtml(card.id)}" data-pinned="${pinned ? 'true' : 'false'}"${requested}>
<div id="card-root">
${card.html}
</div>
</body>
</html>
`;
}
