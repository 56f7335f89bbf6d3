import type { Catalog } from '../../core/catalog/model';
import type { CardLabels } from '../../core/render/cardLabels';
import type { SnippetLibrary } from '../../core/render/snippetView';
import type { CardView } from '../../shared/cardProtocol';
import { loadRenderModule } from '../lazyModules';

/** Renders cards by node id from the (lazily loaded) catalog and snippet library. */
export class CardRenderer {
  constructor(
    private readonly loadCatalog: () => Promise<Catalog>,
    private readonly loadSnippets: () => Promise<SnippetLibrary>,
    private readonly labels: () => CardLabels,
  ) {}

  /** The card of `id`, or undefined when the catalog has no such node. */
  async render(id: string): Promise<CardView | undefined> {
    const [catalog, snippets] = await Promise.all([this.loadCatalog(), this.loadSnippets()]);
    const node = catalog.byId.get(id);
    return node ? loadRenderModule().renderCard(node, catalog, { labels: this.labels(), snippets }) : undefined;
  }

  async snippets(): Promise<SnippetLibrary> {
    return this.loadSnippets();
  }
}
