/**
 * The catalog as the rest of the extension sees it. Plain data, no `vscode`:
 * the tree, the cards, the suggest engine, the CLI and the tests all read this.
 */

export type NodeKind =
  | 'pattern'
  | 'solution'
  | 'deep-dive'
  | 'example'
  | 'combination'
  | 'group'
  | 'guide'
  | 'step'
  | 'questions'
  | 'section'
  | 'entry';

/** Where a node or a problem came from, for `file:line` messages. Lines are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** A titled block of markdown belonging to a node ("How it works", "Answer", ...). */
export interface Section {
  readonly heading: string;
  readonly markdown: string;
  readonly line: number;
}

export interface CatalogNode {
  /** Full id, for example `realtime-updates/websockets`. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly title: string;
  /** One sentence; the tree tooltip and search use it. */
  readonly summary: string;
  /** Full id of the parent node; undefined for roots. */
  readonly parent?: string;
  /** Position among siblings (lower first); children keep file order. */
  readonly order: number;
  readonly keywords: readonly string[];
  readonly related: readonly string[];
  readonly sections: readonly Section[];
  readonly children: readonly CatalogNode[];
  readonly source: SourceLocation;

  // Kind-specific fields; absent when the kind has none.
  readonly pros?: readonly string[];
  readonly cons?: readonly string[];
  readonly figures?: readonly string[];
  readonly bestFor?: string;
  readonly avoidWhen?: string;
  readonly cost?: string;
  readonly snippets?: readonly string[];
  /** Deep dive / questions: the question as a reviewer would ask it. */
  readonly question?: string;
  readonly interviewAnswer?: string;
  /** Deep dive: phrases whose presence in a design doc shows the question is answered. */
  readonly answeredBy?: readonly string[];
  /** Deep dive: solution ids that make this question pressing. */
  readonly appliesTo?: readonly string[];
  /**
   * Deep dive: phrases that show a design doc is in the situation the question is about ("follower"
   * for fan-out to millions of followers). When given, the question is asked only where one stands.
   */
  readonly askedWhen?: readonly string[];
  /** Combination / selection entry: pattern ids, primary first. */
  readonly patterns?: readonly string[];
  readonly lessons?: readonly string[];
  /**
   * Pattern: phrases that contain one of its keywords but mean something else ("docker image"
   * holds "image"); in a design doc they are no evidence for anything.
   */
  readonly notKeywords?: readonly string[];
  /**
   * Pattern: words for the settings the pattern often arises in (a seat, a payment, a tweet) and the
   * products often used for it (Kafka, S3). They say what a system is or is built with, not what it
   * needs, so the suggest engine weighs them apart from `keywords` and never shows them as evidence.
   */
  readonly contextKeywords?: readonly string[];
  /** Pattern (also combination, guide): the documentation pages its figures come from. */
  readonly sources?: readonly SourceLink[];
  /**
   * Pattern: the guide's capacity limits, one per entry, in the grammar of
   * `content/suggest/README.md` ("reads/s > 10000"). The suggest engine compares stated figures with them.
   */
  readonly limits?: readonly string[];
  /**
   * The node's Mermaid diagrams (```mermaid fences in its sections), in file order, drawn at build
   * time. Absent when the node has none or the catalog was built without a diagram renderer.
   */
  readonly diagrams?: readonly Diagram[];
}

/** One diagram of a card, rendered at build time (see docs/diagrams.md). */
export interface Diagram {
  /** `accTitle:` of the source: the diagram's title. */
  readonly title: string;
  /** `accDescr:` of the source: the text alternative for screen readers. */
  readonly alt: string;
  /** The Mermaid text as written in content/, what "Copy Mermaid" copies. */
  readonly source: string;
  /** Sanitised, themed SVG with role="img", <title> and <desc>; safe to inline in the card. */
  readonly svg: string;
}

/** A page a card's figures were checked against. */
export interface SourceLink {
  readonly title: string;
  readonly url: string;
}

export interface Catalog {
  /** Root nodes in tree order: the patterns, then combinations, then guides. */
  readonly roots: readonly CatalogNode[];
  /** Every node by full id. */
  readonly byId: ReadonlyMap<string, CatalogNode>;
}

export interface CatalogProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}
