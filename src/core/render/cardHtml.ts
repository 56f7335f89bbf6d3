import type { Catalog, CatalogNode, Diagram, Section, SourceLink } from '../catalog/model';
import { diagramKey } from '../diagrams/findDiagrams';
import { isWebviewMessage, type CardView } from '../../shared/cardProtocol';
import type { CardLabels } from './cardLabels';
import { createCardMarkdown, type MarkdownEnv } from './cardMarkdown';
import { escapeHtml } from './escapeHtml';
import { EMPTY_SNIPPET_LIBRARY, snippetsForNode, type SnippetLibrary, type SnippetView } from './snippetView';
import { highlightCode } from './highlightCode';

export interface RenderCardOptions {
  readonly labels: CardLabels;
  readonly snippets?: SnippetLibrary;
}

const md = createCardMarkdown();

/**
 * Renders one catalog node as the HTML of a card: a header (history and breadcrumb navigation,
 * kind, title, summary) and a main region laid out for the node's kind. The output carries no
 * script, no event handler attribute and no remote resource: markdown is rendered with raw HTML
 * off, and links are either in-panel catalog links (`data-node`) or web links (`data-external`)
 * that the webview hands to the host.
 */
export function renderCard(node: CatalogNode, catalog: Catalog, options: RenderCardOptions): CardView {
  const card = new CardWriter(node, catalog, options.labels, options.snippets ?? EMPTY_SNIPPET_LIBRARY);
  return { id: node.id, title: node.title, html: card.render() };
}

/** Sections each kind shows first, in this order; the rest follow in file order. */
const LEADING_SECTIONS: Readonly<Partial<Record<CatalogNode['kind'], readonly string[]>>> = {
  combination: ['Problem', 'Architecture', 'Why it works'],
  solution: ['Introduction', 'How it works', 'When to use'],
  'deep-dive': ['Introduction', 'Answer'],
  example: ['Introduction', 'How it works'],
};

class CardWriter {
  private readonly out: string[] = [];
  private headingCount = 0;
  private readonly rendered = new Set<Section>();
  private diagramsBySource: Map<string, { diagram: Diagram; index: number }[]> | undefined;
  /** How many fences of each source have been drawn so far: the n-th fence gets the n-th diagram. */
  private readonly diagramsUsed = new Map<string, number>();

  constructor(
    private readonly node: CatalogNode,
    private readonly catalog: Catalog,
    private readonly labels: CardLabels,
    private readonly snippets: SnippetLibrary,
  ) {}

  render(): string {
    this.header();
    this.out.push(`<main id="card-main" class="card-main kind-${this.node.kind}" aria-labelledby="card-title">`);
    switch (this.node.kind) {
      case 'pattern':
        this.patternBody();
        break;
      case 'solution':
        this.solutionBody();
        break;
      case 'deep-dive':
        this.deepDiveBody();
        break;
      default:
        this.genericBody();
    }
    this.out.push('</main>');
    return this.out.join('\n');
  }

  // ---- header ---------------------------------------------------------------------------------

  private header(): void {
    const { node, labels } = this;
    const lead = node.kind === 'deep-dive' && node.question ? node.question : node.summary;
    this.out.push(
      '<header class="card-header">',
      '<div class="card-toolbar">',
      `<nav class="history-nav" aria-label="${attr(labels.historyNav)}">`,
      `<vscode-button secondary data-action="back" aria-label="${attr(labels.back)}" title="${attr(labels.back)} (Alt+←)" disabled><span aria-hidden="true">←</span></vscode-button>`,
      `<vscode-button secondary data-action="forward" aria-label="${attr(labels.forward)}" title="${attr(labels.forward)} (Alt+→)" disabled><span aria-hidden="true">→</span></vscode-button>`,
      '</nav>',
      this.breadcrumb(),
      '</div>',
      `<p class="card-kind"><vscode-badge>${text(labels.kind(node.kind))}</vscode-badge></p>`,
      `<h1 id="card-title" tabindex="-1">${text(node.title)}</h1>`,
      lead ? `<p class="card-lead">${text(lead)}</p>` : '',
      '</header>',
    );
  }

  private breadcrumb(): string {
    const trail: CatalogNode[] = [];
    for (let id = this.node.parent; id; ) {
      const parent = this.catalog.byId.get(id);
      if (!parent) break;
      trail.unshift(parent);
      id = parent.parent;
    }
    // A top-level card has no trail; its title alone would only repeat the heading.
    if (trail.length === 0) return '';
    const items = trail.map((n) => `<li>${this.nodeLink(n)}</li>`);
    items.push(`<li><span aria-current="page">${text(this.node.title)}</span></li>`);
    return `<nav class="breadcrumb" aria-label="${attr(this.labels.breadcrumbNav)}"><ol>${items.join('')}</ol></nav>`;
  }

  // ---- kinds ----------------------------------------------------------------------------------

  /** A pattern opens with its overview and the problem, its solutions side by side, then the details. */
  private patternBody(): void {
    this.namedSections(['Overview', 'Problem']);
    this.solutionsCompared();
    this.namedSections(['Comparison', 'When to reach for it']);
    this.sections(this.node.sections.filter((s) => !this.rendered.has(s)));
    this.figures();
    this.childList(this.labels.deepDives, (c) => c.kind === 'deep-dive', (c) => c.question ?? c.summary);
    this.childList(this.labels.examples, (c) => c.kind === 'example');
    this.childList(this.labels.contents, (c) => !['solution', 'deep-dive', 'example'].includes(c.kind));
    this.snippetSection();
    this.related();
    this.sources();
  }

  private solutionBody(): void {
    this.atAGlance();
    const rest = this.leadingSections();
    this.tradeOffs();
    this.sections(rest);
    this.figures();
    this.snippetSection();
    this.linkList(
      this.labels.deepDivesForSolution,
      [...this.catalog.byId.values()].filter((n) => n.kind === 'deep-dive' && n.appliesTo?.includes(this.node.id)),
      (n) => n.question ?? n.summary,
    );
    this.alternatives();
    this.related();
  }

  private deepDiveBody(): void {
    const rest = this.leadingSections();
    if (this.node.interviewAnswer) {
      const id = this.nextId();
      this.out.push(
        `<section class="interview-answer" aria-labelledby="${id}">`,
        `<h2 id="${id}">${text(this.labels.interviewAnswer)}</h2>`,
        `<div class="callout">${md.render(this.node.interviewAnswer, this.env(3))}</div>`,
        '</section>',
      );
    }
    this.sections(rest);
    this.figures();
    this.chips(this.labels.answeredBy, this.node.answeredBy);
    this.linkList(this.labels.appliesTo, this.nodes(this.node.appliesTo), (n) => n.bestFor ?? n.summary);
    this.snippetSection();
    this.related();
  }

  private genericBody(): void {
    if (this.node.question && this.node.kind !== 'deep-dive') {
      const id = this.nextId();
      this.out.push(
        `<section class="question" aria-labelledby="${id}"><h2 id="${id}">${text(this.labels.question)}</h2>`,
        `<p class="callout">${inline(this.node.question, this.env(3))}</p></section>`,
      );
    }
    const rest = this.leadingSections();
    this.sections(rest);
    this.linkList(this.labels.patterns, this.nodes(this.node.patterns), (n) => n.summary);
    this.bulletList(this.labels.lessons, this.node.lessons, 'lessons');
    this.figures();
    this.childList(this.labels.contents, () => true);
    this.snippetSection();
    this.related();
    this.sources();
  }

  // ---- building blocks ------------------------------------------------------------------------

  /** Renders the kind's leading sections and returns the others, in file order. */
  private leadingSections(): Section[] {
    this.namedSections(LEADING_SECTIONS[this.node.kind] ?? []);
    return this.node.sections.filter((s) => !this.rendered.has(s));
  }

  /** Renders the sections with these headings (case-insensitive), in the order given. */
  private namedSections(headings: readonly string[]): void {
    for (const heading of headings) {
      const section = this.node.sections.find((s) => s.heading.toLowerCase() === heading.toLowerCase());
      if (section && !this.rendered.has(section)) this.section(section);
    }
  }

  private sections(sections: readonly Section[]): void {
    for (const section of sections) this.section(section);
  }

  private section(section: Section): void {
    this.rendered.add(section);
    if (section.heading === 'Introduction') {
      // The text between a child's fields and its first heading reads as the card's opening.
      this.out.push(`<div class="intro">${md.render(section.markdown, this.env(3))}</div>`);
      return;
    }
    const id = this.nextId();
    this.out.push(
      `<section aria-labelledby="${id}">`,
      `<h2 id="${id}">${text(section.heading)}</h2>`,
      md.render(section.markdown, this.env(3)),
      '</section>',
    );
  }

  /** The pattern's solutions next to each other: what each is best for, buys and costs. */
  private solutionsCompared(): void {
    const solutions = this.node.children.filter((c) => c.kind === 'solution');
    if (solutions.length === 0) return;
    const { labels } = this;
    const id = this.nextId();
    this.out.push(
      `<section class="compare" aria-labelledby="${id}">`,
      `<h2 id="${id}">${text(labels.solutionsCompared)}</h2>`,
      '<ul class="compare-grid">',
    );
    for (const solution of solutions) {
      const titleId = this.nextId();
      const env = this.env(4);
      this.out.push(
        `<li class="option" aria-labelledby="${titleId}">`,
        `<h3 id="${titleId}" class="option-title">${this.nodeLink(solution)}</h3>`,
        solution.bestFor
          ? `<p class="option-best"><span class="field-label">${text(labels.bestFor)}</span> ${inline(solution.bestFor, env)}</p>`
          : `<p class="option-best">${text(solution.summary)}</p>`,
        `<h4 class="option-heading buys">${text(labels.buys)}</h4>`,
        itemList(solution.pros, 'pros', env),
        `<h4 class="option-heading costs">${text(labels.costs)}</h4>`,
        solution.cost ? `<p class="option-cost">${inline(solution.cost, env)}</p>` : '',
        itemList(solution.cons, 'cons', env),
        '</li>',
      );
    }
    this.out.push('</ul>', '</section>');
  }

  private atAGlance(): void {
    const { node, labels } = this;
    const rows: [string, string][] = [];
    if (node.bestFor) rows.push([labels.bestFor, node.bestFor]);
    if (node.cost) rows.push([labels.costs, node.cost]);
    if (node.avoidWhen) rows.push([labels.avoidWhen, node.avoidWhen]);
    if (rows.length === 0) return;
    const id = this.nextId();
    const env = this.env(3);
    this.out.push(
      `<section class="glance" aria-labelledby="${id}">`,
      `<h2 id="${id}" class="visually-hidden">${text(labels.atAGlance)}</h2>`,
      '<dl class="glance-list">',
      ...rows.map(([term, value]) => `<div class="glance-row"><dt>${text(term)}</dt><dd>${inline(value, env)}</dd></div>`),
      '</dl>',
      '</section>',
    );
  }

  /** Pros and cons as two columns (they stack in a narrow editor). */
  private tradeOffs(): void {
    const { node, labels } = this;
    if (!node.pros?.length && !node.cons?.length) return;
    const id = this.nextId();
    const prosId = this.nextId();
    const consId = this.nextId();
    const env = this.env(4);
    this.out.push(
      `<section class="trade-offs" aria-labelledby="${id}">`,
      `<h2 id="${id}">${text(labels.tradeOffs)}</h2>`,
      '<div class="pros-cons">',
      `<section class="pros-column" aria-labelledby="${prosId}"><h3 id="${prosId}">${text(labels.pros)}</h3>${itemList(node.pros, 'pros', env)}</section>`,
      `<section class="cons-column" aria-labelledby="${consId}"><h3 id="${consId}">${text(labels.cons)}</h3>${itemList(node.cons, 'cons', env)}</section>`,
      '</div>',
      '</section>',
    );
  }

  private alternatives(): void {
    const parent = this.node.parent ? this.catalog.byId.get(this.node.parent) : undefined;
    const siblings = parent?.children.filter((c) => c.kind === this.node.kind && c.id !== this.node.id) ?? [];
    this.linkList(this.labels.alternatives, siblings, (n) => n.bestFor ?? n.summary);
  }

  private figures(): void {
    this.bulletList(this.labels.figures, this.node.figures, 'figures');
  }

  private bulletList(heading: string, items: readonly string[] | undefined, className: string): void {
    if (!items || items.length === 0) return;
    const id = this.nextId();
    this.out.push(
      `<section class="${className}" aria-labelledby="${id}">`,
      `<h2 id="${id}">${text(heading)}</h2>`,
      itemList(items, className, this.env(3)),
      '</section>',
    );
  }

  private chips(heading: string, items: readonly string[] | undefined): void {
    if (!items || items.length === 0) return;
    const id = this.nextId();
    this.out.push(
      `<section class="chips-section" aria-labelledby="${id}">`,
      `<h2 id="${id}">${text(heading)}</h2>`,
      `<ul class="chips">${items.map((item) => `<li>${text(item)}</li>`).join('')}</ul>`,
      '</section>',
    );
  }

  private childList(heading: string, include: (c: CatalogNode) => boolean, describe?: (c: CatalogNode) => string): void {
    this.linkList(heading, this.node.children.filter(include), describe ?? ((c) => c.summary));
  }

  private linkList(heading: string, nodes: readonly CatalogNode[], describe: (n: CatalogNode) => string): void {
    if (nodes.length === 0) return;
    const id = this.nextId();
    const env = this.env(3);
    this.out.push(
      `<section class="link-section" aria-labelledby="${id}">`,
      `<h2 id="${id}">${text(heading)}</h2>`,
      '<ul class="link-list">',
      ...nodes.map(
        (n) =>
          `<li>${this.nodeLink(n)} <span class="link-kind">${text(this.labels.kind(n.kind))}</span>` +
          `<span class="link-description">${inline(describe(n), env)}</span></li>`,
      ),
      '</ul>',
      '</section>',
    );
  }

  /** The documentation pages the card's figures were checked against, as web links. */
  private sources(): void {
    const sources = this.node.sources;
    if (!sources || sources.length === 0) return;
    const id = this.nextId();
    this.out.push(
      `<section class="sources" aria-labelledby="${id}">`,
      `<h2 id="${id}">${text(this.labels.sources)}</h2>`,
      '<ul class="source-list">',
      ...sources.map((s) => `<li>${this.webLink(s)}</li>`),
      '</ul>',
      '</section>',
    );
  }

  private related(): void {
    this.linkList(this.labels.related, this.nodes(this.node.related), (n) => n.summary);
  }

  private snippetSection(): void {
    const entries = snippetsForNode(this.node, this.snippets);
    if (entries.length === 0) return;
    const id = this.nextId();
    this.out.push(`<section class="snippets" aria-labelledby="${id}">`, `<h2 id="${id}">${text(this.labels.snippets)}</h2>`);
    for (const entry of entries) {
      if (entry.view && entry.view.variants.length > 0) this.snippet(entry.view);
      else this.out.push(`<p class="snippet-missing">${text(this.labels.snippetUnavailable(entry.id))}</p>`);
    }
    this.out.push('</section>');
  }

  private snippet(snippet: SnippetView): void {
    const { labels } = this;
    const titleId = this.nextId();
    const panel = (variant: SnippetView['variants'][number]): string => {
      const data = `data-snippet="${attr(snippet.id)}" data-language="${attr(variant.language)}"`;
      return (
        `<div class="snippet-actions">` +
        `<vscode-button data-action="insert-snippet" ${data} aria-label="${attr(`${labels.insertSnippet}: ${snippet.title} (${variant.label})`)}">${text(labels.insertSnippet)}</vscode-button>` +
        `<vscode-button secondary data-action="copy-snippet" ${data} aria-label="${attr(`${labels.copySnippet}: ${snippet.title} (${variant.label})`)}">${text(labels.copySnippet)}</vscode-button>` +
        `</div>` +
        `<pre class="code-block" tabindex="0" aria-label="${attr(labels.codeLanguage(variant.label))}"><code class="language-${attr(variant.language)}">${highlightCode(variant.code, variant.language, text)}</code></pre>`
      );
    };
    this.out.push(
      `<article class="snippet" aria-labelledby="${titleId}">`,
      `<h3 id="${titleId}">${text(snippet.title)}</h3>`,
      `<p class="snippet-description">${text(snippet.description)}</p>`,
    );
    this.snippetSources(snippet);
    if (snippet.variants.length === 1) {
      this.out.push(`<p class="snippet-language">${text(snippet.variants[0]!.label)}</p>`, panel(snippet.variants[0]!));
    } else {
      this.out.push(
        '<vscode-tabs>',
        ...snippet.variants.map((v) => `<vscode-tab-header slot="header">${text(v.label)}</vscode-tab-header>`),
        ...snippet.variants.map((v) => `<vscode-tab-panel>${panel(v)}</vscode-tab-panel>`),
        '</vscode-tabs>',
      );
    }
    this.out.push('</article>');
  }

  /**
   * One short line under a snippet's description: the pages its claims about real systems were
   * checked against, as web links that open like the card's own sources (through the host).
   */
  private snippetSources(snippet: SnippetView): void {
    const sources = snippet.sources ?? [];
    if (sources.length === 0) return;
    const labelId = this.nextId();
    this.out.push(
      `<div class="snippet-sources">` +
        `<span class="field-label" id="${labelId}">${text(this.labels.sources)}</span>` +
        `<ul class="snippet-source-list" aria-labelledby="${labelId}">` +
        sources.map((s) => `<li>${this.webLink(s)}</li>`).join('') +
        `</ul></div>`,
    );
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * A link that leaves the card for the browser: the webview posts `openExternal` for it and the
   * host opens it. A URL that message's own check refuses (not a plain web link, or too long) is
   * shown as its title only: a link that does nothing when clicked is worse than none.
   */
  private webLink(source: SourceLink): string {
    if (!isWebviewMessage({ type: 'openExternal', url: source.url })) return text(source.title);
    return (
      `<a class="external-link" href="${attr(source.url)}" data-external="true" title="${attr(source.url)}" rel="noopener noreferrer">` +
      `${text(source.title)}<span class="visually-hidden"> (${text(this.labels.opensInBrowser)})</span></a>`
    );
  }

  private nodeLink(node: CatalogNode): string {
    return `<a class="card-link" href="sdp:${attr(node.id)}" data-node="${attr(node.id)}">${text(node.title)}</a>`;
  }

  private nodes(ids: readonly string[] | undefined): CatalogNode[] {
    return (ids ?? []).map((id) => this.catalog.byId.get(id)).filter((n): n is CatalogNode => n !== undefined);
  }

  private nextId(): string {
    this.headingCount += 1;
    return `h-${this.headingCount}`;
  }

  private env(headingBase: number): MarkdownEnv {
    return {
      headingBase,
      scrollableTable: this.labels.scrollableTable,
      scrollableCode: this.labels.scrollableCode,
      opensInBrowser: this.labels.opensInBrowser,
      hasNode: (id) => this.catalog.byId.has(id),
      diagram: (source) => this.nextDiagram(source),
      copyDiagram: this.labels.copyDiagram ?? 'Copy Mermaid',
    };
  }

  /**
   * The drawn diagram for the next fence with this source. Diagrams are keyed by fence order, not by
   * text alone: two identical fences on one node are two diagrams with their own ids (the build gave
   * each its own prefix), so the card never holds the first SVG twice with repeated ids.
   */
  private nextDiagram(source: string): { diagram: Diagram; index: number } | undefined {
    if (!this.diagramsBySource) {
      this.diagramsBySource = new Map();
      (this.node.diagrams ?? []).forEach((diagram, index) => {
        const key = diagramKey(diagram.source);
        this.diagramsBySource!.set(key, [...(this.diagramsBySource!.get(key) ?? []), { diagram, index }]);
      });
    }
    const used = this.diagramsUsed.get(source) ?? 0;
    this.diagramsUsed.set(source, used + 1);
    return this.diagramsBySource.get(source)?.[used];
  }
}

function itemList(items: readonly string[] | undefined, className: string, env: MarkdownEnv): string {
  if (!items || items.length === 0) return '';
  return `<ul class="${className}">${items.map((item) => `<li>${inline(item, env)}</li>`).join('')}</ul>`;
}

function inline(markdown: string, env: MarkdownEnv): string {
  return md.renderInline(markdown, env);
}

function text(value: string): string {
  return escapeHtml(value);
}

function attr(value: string): string {
  return escapeHtml(value);
}
