import type { CatalogNode, SourceLink } from '../catalog/model';
import { LANGUAGE_LABELS, type Snippet } from '../snippets/types';

/** One language of a snippet as a card shows it: plain code, placeholders filled with defaults. */
export interface SnippetCodeView {
  readonly language: string;
  readonly label: string;
  readonly code: string;
  /** The body in VS Code snippet syntax (tab stops), for inserting as a snippet. */
  readonly body?: string;
}

/** A snippet as a card needs it; decoupled from the library's loader so cards render without it. */
export interface SnippetView {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Full catalog ids of the nodes the code implements. */
  readonly implements: readonly string[];
  readonly variants: readonly SnippetCodeView[];
  /** Pages the code's claims about real systems were checked against (snippet.yaml `sources:`). */
  readonly sources?: readonly SourceLink[];
}

/** The snippets a card can show, by id and by the node they implement. */
export interface SnippetLibrary {
  get(id: string): SnippetView | undefined;
  implementing(nodeId: string): readonly SnippetView[];
}

export function toSnippetView(snippet: Snippet): SnippetView {
  return {
    id: snippet.id,
    title: snippet.title,
    description: snippet.description,
    implements: snippet.implements,
    variants: snippet.variants.map((v) => ({ language: v.language, label: LANGUAGE_LABELS[v.language], code: v.code, body: v.body })),
    ...(snippet.sources && snippet.sources.length > 0 ? { sources: snippet.sources } : {}),
  };
}

export function createSnippetLibrary(snippets: readonly SnippetView[]): SnippetLibrary {
  const byId = new Map(snippets.map((s) => [s.id, s]));
  return {
    get: (id) => byId.get(id),
    implementing: (nodeId) => snippets.filter((s) => s.implements.includes(nodeId)),
  };
}

export const EMPTY_SNIPPET_LIBRARY: SnippetLibrary = createSnippetLibrary([]);

/**
 * What a node's card lists under "Snippets": the ids its `snippets:` field names (missing ones
 * included, so the card can say so), then any other snippet that declares it implements the node.
 */
export function snippetsForNode(node: CatalogNode, library: SnippetLibrary): { id: string; view: SnippetView | undefined }[] {
  const out: { id: string; view: SnippetView | undefined }[] = [];
  const seen = new Set<string>();
  for (const id of node.snippets ?? []) {
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ id, view: library.get(id) });
  }
  for (const view of library.implementing(node.id)) {
    if (seen.has(view.id)) continue;
    seen.add(view.id);
    out.push({ id: view.id, view });
  }
  return out;
}
