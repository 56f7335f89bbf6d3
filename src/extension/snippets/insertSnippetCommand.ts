import * as vscode from 'vscode';
import type { Catalog, CatalogNode } from '../../core/catalog/model';
import { LANGUAGE_LABELS, type Snippet, type SnippetLanguage } from '../../core/snippets/types';
import type { Command } from '../commands/commandManager';
import { loadPlacementModule } from '../lazyModules';
import { strings } from '../strings';
import type { LastEditorTracker } from './lastEditorTracker';
import type { SnippetStore } from './snippetStore';
import { availableLanguages, editorLanguageFor, fenceForMarkdown, snippetLanguageFor } from './snippetTarget';

/** What callers may pass: a snippet id, `{ snippetId, language }` (the card), or a tree node. */
export type InsertSnippetArgs = string | { snippetId: string; language?: string } | CatalogNode | undefined;

/** Context key the walkthrough's "Insert a snippet" step completes on (package.json). */
export const SNIPPET_INSERTED_CONTEXT = 'sdp.walkthrough.snippetInserted';

export interface InsertOutcome {
  readonly inserted: boolean;
  readonly snippetId?: string;
  readonly language?: SnippetLanguage;
  readonly uri?: string;
  readonly reason?: 'cancelled' | 'read-only' | 'not-found' | 'failed';
}

/**
 * Inserts a snippet at the cursor as a real snippet (working tab stops, one undo step), never over
 * a selection or in the middle of a line of text (then on a new line after it, placement.ts):
 * the variant for the editor's language, or the user's pick when none or several fit. With no
 * editor open it opens a new untitled document in the chosen language. It never inserts into a
 * read-only editor.
 */
export class InsertSnippetCommand implements Command {
  readonly id = 'sdp.insertSnippet';

  constructor(
    private readonly snippets: SnippetStore,
    private readonly loadCatalog: () => Promise<Catalog>,
    private readonly editors: LastEditorTracker,
  ) {}

  async execute(args?: InsertSnippetArgs): Promise<InsertOutcome> {
    const snippet = await this.resolveSnippet(args);
    if (!snippet) return { inserted: false, reason: typeof args === 'string' ? 'not-found' : 'cancelled' };
    const requested = typeof args === 'object' && args !== null && 'snippetId' in args ? args.language : undefined;
    const language = await this.resolveLanguage(snippet, requested, this.editors.lastDocument()?.languageId);
    if (!language) return { inserted: false, snippetId: snippet.id, reason: 'cancelled' };
    const variant = snippet.variants.find((v) => v.language === language)!;
    // Placement and the Go and Java fitting load on the first insert (dist/lazy/placement.js in the
    // desktop build), not at activation; before an untitled editor opens, so that a broken install
    // fails without leaving an empty editor behind.
    const { placeSnippet, fitSnippetToDocument } = loadPlacementModule();

    const target = (await this.editors.current()) ?? (await this.openUntitled(language));
    if (!(await isWritable(target))) {
      void vscode.window.showWarningMessage(strings.snippetReadOnly(target.document.fileName));
      return { inserted: false, snippetId: snippet.id, language, reason: 'read-only' };
    }
    let body: string;
    let importsAdded = false;
    let where: vscode.Range | undefined;
    // Never over the writer's selection, never in the middle of a line (placement.ts). Worked out
    // before the Go and Java fitting, which reads what encloses the place the block goes.
    const place = placeSnippet(target.selection, (line) => target.document.lineAt(line).text, {
      languageId: target.document.languageId, lineCount: target.document.lineCount,
    });
    let placeOffset = target.document.offsetAt(new vscode.Position(place.at.line, place.at.character));
    if (target.document.languageId === 'markdown') {
      body = fenceForMarkdown(variant.body, language);
    } else {
      // Go and Java variants are whole files: into a file with code, drop the package clause, add
      // the missing imports where they belong, and keep to one public class.
      const document = target.document;
      const fitted = fitSnippetToDocument(language, variant.body, document.getText(), placeOffset);
      body = fitted.body;
      const header = fitted.header;
      if (header) {
        importsAdded = await target.edit((edit) => edit.insert(document.positionAt(header.offset), header.text), {
          undoStopBefore: true,
          undoStopAfter: false,
        });
      }
      // An offset of the document before the imports went in, as it stands after.
      const afterHeader = (offset: number): number => (importsAdded && header && header.offset <= offset ? offset + header.text.length : offset);
      placeOffset = afterHeader(placeOffset);
      if (fitted.insertAt !== undefined) {
        // The cursor was in the package clause or the imports (the body goes at the end of the
        // file), or in a Java method (after the enclosing top-level type).
        const end = document.positionAt(afterHeader(fitted.insertAt));
        where = new vscode.Range(end, end);
      }
    }
    if (!where) {
      const spot = target.document.positionAt(placeOffset);
      where = new vscode.Range(spot, spot);
      body = place.prefix + body + (place.beforeLine && !body.endsWith('\n') ? '\n' : '');
      if (place.beforeLine && place.prefix && spot.character > 0) {
        // A blank line above an indented line: written at the line's start, with the indentation
        // the editor would give each line, so the blank line does not keep the line's spaces.
        const indent = target.document.lineAt(spot.line).text.slice(0, spot.character);
        where = new vscode.Range(spot.with({ character: 0 }), spot);
        body = body.replace(/^(?=[^\n])/gm, indent) + indent;
      }
    }
    // One undo step for the imports and the body together.
    const ok = await target.insertSnippet(new vscode.SnippetString(body), where, {
      undoStopBefore: !importsAdded,
      undoStopAfter: true,
    });
    if (!ok) {
      void vscode.window.showWarningMessage(strings.snippetInsertFailed(snippet.title));
      return { inserted: false, snippetId: snippet.id, language, reason: 'failed' };
    }
    await vscode.window.showTextDocument(target.document, target.viewColumn);
    // The walkthrough's snippet step is done by an insert that happened, from any caller: an
    // onCommand event counted only commands run from VS Code's own UI (not a card's Insert), and
    // counted a picker closed with Escape.
    void vscode.commands.executeCommand('setContext', SNIPPET_INSERTED_CONTEXT, true);
    return { inserted: true, snippetId: snippet.id, language, uri: target.document.uri.toString() };
  }

  private async resolveSnippet(args: InsertSnippetArgs): Promise<Snippet | undefined> {
    const all = await this.snippets.all();
    if (typeof args === 'string') {
      const found = all.get(args);
      if (!found) void vscode.window.showErrorMessage(strings.snippetNotFound(args));
      return found;
    }
    if (args && 'snippetId' in args) {
      const found = all.get(args.snippetId);
      if (!found) void vscode.window.showErrorMessage(strings.snippetNotFound(args.snippetId));
      return found;
    }
    let candidates: Snippet[];
    if (args && 'kind' in args) {
      // A tree node: its snippets, as listed in the built catalog.
      const catalog = await this.loadCatalog();
      const ids = catalog.byId.get(args.id)?.snippets ?? [];
      candidates = ids.map((id) => all.get(id)).filter((s): s is Snippet => s !== undefined);
    } else {
      candidates = [...all.values()];
    }
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(strings.noSnippetsHere());
      return undefined;
    }
    if (candidates.length === 1) return candidates[0];
    const pick = await vscode.window.showQuickPick(
      candidates.map((s) => ({
        label: s.title,
        description: `${s.prefix} · ${s.variants.map((v) => LANGUAGE_LABELS[v.language]).join(', ')}`,
        detail: s.description,
        snippet: s,
      })),
      { placeHolder: strings.pickSnippet(), matchOnDescription: true, matchOnDetail: true },
    );
    return pick?.snippet;
  }

  private async resolveLanguage(
    snippet: Snippet,
    requested: string | undefined,
    editorLanguageId: string | undefined,
  ): Promise<SnippetLanguage | undefined> {
    const languages = availableLanguages(snippet);
    if (requested && languages.includes(requested as SnippetLanguage)) return requested as SnippetLanguage;
    const fit = snippetLanguageFor(editorLanguageId);
    if (fit && languages.includes(fit)) return fit;
    if (languages.length === 1) return languages[0];
    const pick = await vscode.window.showQuickPick(
      languages.map((language) => ({ label: LANGUAGE_LABELS[language], language })),
      { placeHolder: strings.pickSnippetLanguage(snippet.title) },
    );
    return pick?.language;
  }

  private async openUntitled(language: SnippetLanguage): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument({ language: editorLanguageFor(language), content: '' });
    return vscode.window.showTextDocument(document);
  }
}

/** False for editors whose file system cannot be written (git history, output, read-only mounts). */
async function isWritable(editor: vscode.TextEditor): Promise<boolean> {
  const scheme = editor.document.uri.scheme;
  if (scheme === 'untitled') return true;
  return vscode.workspace.fs.isWritableFileSystem(scheme) !== false;
}
