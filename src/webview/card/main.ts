// Only the components the card uses; the package's root barrel would add ~120 KB.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import type { CardState } from '../../shared/cardProtocol';
import { CardController } from './cardController';
import styles from './card.css';

// Adopt the stylesheet at once: this script runs from the head, before the body is painted.
const sheet = new CSSStyleSheet();
sheet.replaceSync(styles);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

function start(): void {
  const root = document.getElementById('card-root');
  const embeddedId = document.body.dataset['node'];
  if (!root || !embeddedId) return;
  const controller = new CardController(
    acquireVsCodeApi<CardState>(),
    root,
    embeddedId,
    document.body.dataset['pinned'] === 'true',
  );
  controller.start(embeddedId);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
