import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog/model';
import type { SuggestEngine, SuggestResult } from '../../core/suggest';
import { loadSuggestModule } from '../lazyModules';
import { looksBinary } from '../../core/text/looksBinary';
import type { DocumentReview } from './documentReview';

const EMPTY_RESULT: SuggestResult = { suggestions: [], numbers: [], openQuestions: [], combinations: [] };
import type { ReviewSettings } from './reviewSettings';

/** Reviews kept for documents the user switches between; a review is a few KB. */
const CACHE_SIZE = 16;

/**
 * Runs the suggest engine over a text document. One engine, built on first use from the
 * catalog; reviews are cached by document version, so switching back to an unchanged doc or
 * running the command right after an automatic refresh costs nothing. Never edits the document.
 */
export class DocumentAnalyzer {
  private engine: Promise<{ engine: SuggestEngine; catalog: Catalog }> | undefined;
  private readonly cache = new Map<string, { review: DocumentReview; settings: ReviewSettings }>();

  constructor(private readonly loadCatalog: () => Promise<Catalog>) {}

  async analyse(document: vscode.TextDocument, settings: ReviewSettings): Promise<DocumentReview> {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.review.version === document.version && sameAnalysis(cached.settings, settings)) return cached.review;

    const { engine, catalog } = await this.getEngine();
    const review = runEngine(engine, catalog, document, settings);
    this.cache.delete(key);
    this.cache.set(key, { review, settings });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return review;
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }

  private getEngine(): Promise<{ engine: SuggestEngine; catalog: Catalog }> {
    this.engine ??= this.loadCatalog().then((catalog) => ({ engine: loadSuggestModule().createSuggestEngine(catalog), catalog }));
    // A failed load is not cached: the next refresh tries again.
    this.engine.catch(() => (this.engine = undefined));
    return this.engine;
  }
}

function runEngine(engine: SuggestEngine, catalog: Catalog, document: vscode.TextDocument, settings: ReviewSettings): DocumentReview {
  const totalChars = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
  const over = totalChars > settings.maxChars;
  // Over the limit, only the first part is copied out of the document: a 200 MB log never becomes one string here.
  const text = over ? document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(settings.maxChars))) : document.getText();
  const started = performance.now();
  // A binary file opened as text (an image, an archive) is not a design doc: say so, analyse nothing.
  const binary = looksBinary(text);
  const result = binary ? EMPTY_RESULT : engine.suggest(text, { maxChars: Math.max(text.length, 1), minScore: settings.minScore });
  const durationMs = performance.now() - started;
  return {
    uri: document.uri,
    version: document.version,
    name: documentName(document),
    result,
    titles: titlesOf(result, catalog),
    truncation: over && !binary ? { analysedChars: text.length, totalChars, limitMB: settings.maxDocumentSizeMB } : undefined,
    binary,
    durationMs,
  };
}

function titlesOf(result: SuggestResult, catalog: Catalog): Map<string, string> {
  const titles = new Map<string, string>();
  const add = (id: string): void => {
    const node = catalog.byId.get(id);
    if (node) titles.set(id, node.title);
  };
  for (const s of result.suggestions) s.solutions.forEach(add);
  for (const q of result.openQuestions) add(q.id);
  return titles;
}

function sameAnalysis(a: ReviewSettings, b: ReviewSettings): boolean {
  return a.maxChars === b.maxChars && a.minScore === b.minScore;
}

export function documentName(document: vscode.TextDocument): string {
  const path = document.uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || document.uri.toString();
}
