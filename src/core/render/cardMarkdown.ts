import MarkdownIt, { type Env, type MarkdownIt as MarkdownItInstance, type Token } from 'markdown-it';
import { escapeHtml } from './escapeHtml';
import { highlightCode } from './highlightCode';
import { diagramKey, isDiagramInfo } from '../diagrams/findDiagrams';
import type { Diagram } from '../catalog/model';

/** What a render call needs besides the markdown: heading level and accessible names. */
// A type alias (not an interface) so it fits markdown-it's indexable `Env`.
export type MarkdownEnv = {
  /** Level the shallowest heading of the text is moved to, so the card's outline stays valid. */
  readonly headingBase: number;
  readonly scrollableTable: string;
  readonly scrollableCode: string;
  readonly opensInBrowser: string;
  /** Ids that exist; an `sdp:` link to anything else renders as plain text. */
  readonly hasNode: (id: string) => boolean;
  /** Summary of the expandable row that holds a wide table's extra columns ("More"). */
  readonly moreColumns?: string;
  /**
   * The build-time drawing of a ```mermaid fence, found by its source, with its index on the node
   * (the "Copy Mermaid" button names it). Without one the fence shows as code.
   */
  readonly diagram?: (source: string) => { readonly diagram: Diagram; readonly index: number } | undefined;
  /** Label of a diagram's copy button ("Copy Mermaid"). */
  readonly copyDiagram?: string;
};

/** Widest table a side panel shows: a wider one shows one column fewer and folds the rest into an expandable row. */
export const MAX_TABLE_COLUMNS = 4;

const NODE_LINK = /^sdp:([a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*)$/;
const WEB_LINK = /^https?:\/\/[^\s/?#]+/i;

/**
 * Markdown for cards. Raw HTML is off, images render as their alt text (no remote loads), and a
 * link survives only when it is a catalog link (`sdp:id`, which becomes an in-panel navigation
 * anchor) or an http(s) web link (marked for the host to open after VS Code's confirmation).
 */
export function createCardMarkdown(): MarkdownItInstance {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  // Anything else (command:, file:, javascript:, data:, relative paths) is not a link at all.
  md.validateLink = (url: string): boolean => NODE_LINK.test(url.trim()) || WEB_LINK.test(url.trim());

  md.core.ruler.push('sdp_shift_headings', (state) => {
    const base = envOf(state.env)?.headingBase;
    if (!base) return;
    const levels = state.tokens.filter((t) => t.type === 'heading_open').map((t) => Number(t.tag.slice(1)));
    if (levels.length === 0) return;
    const shift = base - Math.min(...levels);
    for (const token of state.tokens) {
      if (token.type === 'heading_open' || token.type === 'heading_close') {
        token.tag = `h${Math.min(6, Math.max(1, Number(token.tag.slice(1)) + shift))}`;
      }
    }
  });

  md.core.ruler.push('sdp_fold_wide_tables', (state) => {
    const env = envOf(state.env);
    state.tokens = foldWideTables(state.tokens, env?.moreColumns ?? 'More', (t) => new state.Token(t, '', 0));
  });

  const rules = md.renderer.rules;

  rules.link_open = (tokens, idx, _options, rawEnv) => {
    const token = tokens[idx]!;
    const href = String(token.attrGet('href') ?? '').trim();
    const env = requireEnv(rawEnv);
    const node = NODE_LINK.exec(href);
    if (node) {
      const id = node[1]!;
      if (!env.hasNode(id)) return markSkipped(tokens, idx);
      return `<a class="card-link" href="sdp:${escapeHtml(id)}" data-node="${escapeHtml(id)}">`;
    }
    if (WEB_LINK.test(href)) {
      return (
        `<a class="external-link" href="${escapeHtml(href)}" data-external="true" title="${escapeHtml(href)}"` +
        ` rel="noopener noreferrer">`
      );
    }
    return markSkipped(tokens, idx);
  };
  rules.link_close = (tokens, idx, _options, rawEnv) => {
    const env = requireEnv(rawEnv);
    const open = findOpen(tokens, idx);
    if (open && isSkipped(open)) return '';
    return open && isExternalOpen(open)
      ? `<span class="visually-hidden"> (${escapeHtml(env.opensInBrowser)})</span></a>`
      : '</a>';
  };

  // Images would load remote or local files; the card shows their description instead.
  rules.image = (tokens, idx) => {
    const token = tokens[idx]!;
    const alt = token.children ? md.renderer.renderInlineAsText(token.children, md.options, {}) : token.content;
    return alt ? `<span class="image-alt">${escapeHtml(alt)}</span>` : '';
  };

  rules.table_open = (tokens, idx, _options, rawEnv) =>
    `<div class="table-scroll" role="region" tabindex="0" aria-label="${escapeHtml(requireEnv(rawEnv).scrollableTable)}">` +
    `<table${tokens[idx]!.attrGet('class') ? ` class="${escapeHtml(String(tokens[idx]!.attrGet('class')))}"` : ''}>\n`;
  rules.table_close = () => '</table></div>\n';

  rules.fence = (tokens, idx, _options, rawEnv) => {
    const token = tokens[idx]!;
    const env = requireEnv(rawEnv);
    const drawn = isDiagramInfo(token.info) ? env.diagram?.(diagramKey(token.content)) : undefined;
    if (drawn) return diagramFigure(drawn.diagram, drawn.index, env.copyDiagram ?? 'Copy Mermaid');
    const language = /^[A-Za-z0-9+#-]{1,20}$/.exec(token.info.trim().split(/\s+/)[0] ?? '')?.[0];
    const languageClass = language ? ` class="language-${escapeHtml(language.toLowerCase())}"` : '';
    return (
      `<pre class="code-block" tabindex="0" aria-label="${escapeHtml(env.scrollableCode)}">` +
      `<code${languageClass}>${highlightCode(token.content, language, escapeHtml)}</code></pre>\n`
    );
  };
  rules.code_block = (tokens, idx, _options, rawEnv) =>
    `<pre class="code-block" tabindex="0" aria-label="${escapeHtml(requireEnv(rawEnv).scrollableCode)}"><code>${escapeHtml(tokens[idx]!.content)}</code></pre>\n`;

  return md;
}

/**
 * A drawn diagram: the SVG (sanitised and themed at build time, `role="img"` named by its title and
 * described by its text alternative), its title as the figure's caption, and a button that asks the
 * host to copy the Mermaid source. The button names the diagram by its index on the node, never by
 * its text. The SVG is shown at its drawn size, never shrunk (a 700 px diagram squeezed into a
 * 350 px side panel has 6 px labels): a wider one scrolls sideways inside its wrapper, which is a
 * focusable region named by the caption so a keyboard user can scroll it too.
 */
function diagramFigure(diagram: Diagram, index: number, copyLabel: string): string {
  const captionId = `sdp-diagram-caption-${index}`;
  return (
    `<figure class="diagram">` +
    `<div class="diagram-image" role="region" tabindex="0" aria-labelledby="${captionId}">${diagram.svg}</div>` +
    // The caption repeats the title the picture is already named by; screen readers hear it as the
    // name of the scrolling region rather than a second time as a caption.
    `<figcaption class="diagram-caption" id="${captionId}" aria-hidden="true">${escapeHtml(diagram.title)}</figcaption>` +
    `<div class="diagram-actions"><vscode-button secondary data-action="copy-diagram" data-diagram="${index}" ` +
    `aria-label="${escapeHtml(`${copyLabel}: ${diagram.title}`)}">${escapeHtml(copyLabel)}</vscode-button></div>` +
    `</figure>\n`
  );
}

/**
 * A table wider than `MAX_TABLE_COLUMNS` keeps its first columns (fewer than the maximum, so a
 * 400 px panel can hold them) and folds the rest of each row into an expandable row beneath it: a
 * full-width `<details>` whose summary names the row and whose body lists the folded cells under
 * their headers. Nothing is lost, and nothing is squeezed into a narrow last column.
 */
function foldWideTables(tokens: Token[], moreLabel: string, make: (type: string) => Token): Token[] {
  const out: Token[] = [];
  const keep = MAX_TABLE_COLUMNS - 1;
  let headers: Token[][] = [];
  let columns = 0;
  let i = 0;
  const html = (content: string): Token => {
    const t = make('html_inline');
    t.content = content;
    return t;
  };
  const tag = (type: string, name: string, nesting: 1 | -1 | 0): Token => {
    const t = make(type);
    t.tag = name;
    t.nesting = nesting;
    return t;
  };
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (token.type === 'table_open') {
      headers = [];
      for (let j = i; j < tokens.length && tokens[j]!.type !== 'tr_close'; j++) {
        if (tokens[j]!.type === 'th_open') headers.push(tokens[j + 1]!.children ?? []);
      }
      columns = headers.length;
      if (columns > MAX_TABLE_COLUMNS) token.attrJoin('class', 'folded-table');
    }
    if (columns > MAX_TABLE_COLUMNS && token.type === 'tr_open') {
      // The row's cells as [open, inline, close] triples.
      const cells: Token[][] = [];
      let j = i + 1;
      for (; tokens[j]!.type !== 'tr_close'; j += 3) cells.push([tokens[j]!, tokens[j + 1]!, tokens[j + 2]!]);
      out.push(token);
      for (const cell of cells.slice(0, keep)) out.push(...cell);
      out.push(tokens[j]!);
      if (cells[0]![0]!.type === 'td_open') {
        // The summary names the row in plain text: a link inside a <summary> would nest two controls.
        const rowName = (cells[0]![1]!.children ?? [])
          .filter((t) => t.type === 'text' || t.type === 'code_inline')
          .map((t) => t.content)
          .join('');
        const children: Token[] = [html(`<details class="folded-cells"><summary>${escapeHtml(`${moreLabel}: ${rowName}`)}</summary><dl>`)];
        cells.slice(keep).forEach((cell, k) => {
          children.push(html('<dt>'), ...(headers[keep + k] ?? []), html('</dt><dd>'), ...(cell[1]!.children ?? []), html('</dd>'));
        });
        children.push(html('</dl></details>'));
        const inline = make('inline');
        inline.content = '';
        inline.children = children;
        const cellOpen = tag('td_open', 'td', 1);
        cellOpen.attrSet('colspan', String(keep));
        out.push(tag('tr_open', 'tr', 1), cellOpen, inline, tag('td_close', 'td', -1), tag('tr_close', 'tr', -1));
        out[out.length - 5]!.attrSet('class', 'folded-row');
      }
      i = j + 1;
      continue;
    }
    if (token.type === 'table_close') columns = 0;
    out.push(token);
    i += 1;
  }
  return out;
}

function envOf(env: Env | undefined): MarkdownEnv | undefined {
  return env && typeof (env as Partial<MarkdownEnv>).hasNode === 'function' ? (env as unknown as MarkdownEnv) : undefined;
}

/** Card markdown is always rendered with a `MarkdownEnv`; rendering without one is a bug. */
function requireEnv(env: Env | undefined): MarkdownEnv {
  const checked = envOf(env);
  if (!checked) throw new Error('card markdown needs a MarkdownEnv');
  return checked;
}

/** A link whose target is not allowed renders as its text alone. */
function markSkipped(tokens: Token[], idx: number): string {
  tokens[idx]!.meta = { ...tokens[idx]!.meta, sdpSkipped: true };
  return '';
}

function isSkipped(token: Token): boolean {
  return token.meta?.['sdpSkipped'] === true;
}

function isExternalOpen(token: Token): boolean {
  return WEB_LINK.test(String(token.attrGet('href') ?? '').trim()) && !isSkipped(token);
}

/** The link_open token matching the link_close at `idx` (links do not nest). */
function findOpen(tokens: Token[], idx: number): Token | undefined {
  for (let i = idx - 1; i >= 0; i--) {
    if (tokens[i]!.type === 'link_open') return tokens[i];
  }
  return undefined;
}
