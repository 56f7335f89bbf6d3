import type { NodeKind } from '../catalog/model';

/**
 * Every word a card shows that does not come from the catalog. The editor layer fills it from
 * `strings.ts` (localized); tests pass their own. Keeping it a parameter keeps the renderer
 * free of `vscode`.
 */
export interface CardLabels {
  readonly kind: (kind: NodeKind) => string;
  readonly back: string;
  readonly forward: string;
  readonly historyNav: string;
  readonly breadcrumbNav: string;
  readonly solutionsCompared: string;
  readonly bestFor: string;
  readonly buys: string;
  readonly costs: string;
  readonly avoidWhen: string;
  readonly atAGlance: string;
  readonly tradeOffs: string;
  readonly pros: string;
  readonly cons: string;
  readonly figures: string;
  readonly lessons: string;
  readonly question: string;
  readonly interviewAnswer: string;
  readonly answeredBy: string;
  readonly appliesTo: string;
  readonly deepDives: string;
  readonly deepDivesForSolution: string;
  readonly examples: string;
  readonly alternatives: string;
  readonly contents: string;
  readonly patterns: string;
  readonly related: string;
  /** Heading of a card's documentation sources, and the label of a snippet's. */
  readonly sources: string;
  readonly snippets: string;
  readonly insertSnippet: string;
  readonly copySnippet: string;
  /** Button under each diagram that copies its Mermaid source; "Copy Mermaid" when the host gives none. */
  readonly copyDiagram?: string;
  readonly snippetUnavailable: (id: string) => string;
  readonly codeLanguage: (language: string) => string;
  readonly scrollableTable: string;
  readonly scrollableCode: string;
  readonly opensInBrowser: string;
  readonly cardMissing: string;
}
