import * as vscode from 'vscode';
import { parseTemplate, toSnippet, type DesignDocTemplate, type TemplateProblem } from '../../core/templates/designDocTemplates';
import type { Command } from '../commands/commandManager';
import { showErrorWithLog, type RevealableLog } from '../showErrorWithLog';
import { reviewStrings } from './reviewStrings';

export const NEW_DESIGN_DOC_COMMAND = 'sdp.newDesignDoc';
/** A team's own templates, listed after the built-in ones. */
export const WORKSPACE_TEMPLATES_GLOB = '.sdp/templates/*.md';

interface TemplatePick extends vscode.QuickPickItem {
  readonly template: DesignDocTemplate;
}

/**
 * "New Design Doc…": picks a template (built in, from dist/templates.json, or the workspace's
 * `.sdp/templates/*.md`) and opens it as a new untitled markdown document, its placeholders as
 * snippet tab stops. `sdp.newDesignDoc(id?)`: with a template id, skips the picker.
 */
export class NewDesignDocCommand implements Command {
  readonly id = NEW_DESIGN_DOC_COMMAND;

  /** `log` (the extension's output channel) gets the cause when the built-in templates cannot be read. */
  constructor(private readonly distDir: vscode.Uri, private readonly log: Pick<vscode.LogOutputChannel, 'error'> & RevealableLog) {}

  async execute(templateId?: unknown): Promise<vscode.TextEditor | undefined> {
    const { builtIn, builtInUnreadable, workspace, problems } = await this.templates();
    if (builtInUnreadable) void showErrorWithLog(reviewStrings.templatesUnreadable(workspace.length > 0), this.log);
    if (problems.length > 0) void vscode.window.showWarningMessage(reviewStrings.templateProblems(problems.map((p) => `${p.file}:${p.line}: ${templateProblemText(p)}`).join('; ')));
    let template: DesignDocTemplate | undefined;
    if (typeof templateId === 'string') {
      template = [...workspace.map((w) => w.template), ...builtIn].find((t) => t.id === templateId);
      if (!template) {
        void vscode.window.showErrorMessage(reviewStrings.templateNotFound(templateId));
        return undefined;
      }
    } else {
      // Nothing to pick from (the error above says why): no empty picker.
      if (builtInUnreadable && workspace.length === 0) return undefined;
      const picks: TemplatePick[] = [
        ...builtIn.map((t) => ({ label: t.title, description: reviewStrings.builtInTemplate(), detail: t.description, template: t })),
        ...workspace.map(({ template: t, path }) => ({ label: t.title, description: reviewStrings.workspaceTemplate(path), detail: t.description, template: t })),
      ];
      template = (await vscode.window.showQuickPick(picks, { placeHolder: reviewStrings.pickTemplate(), matchOnDescription: true, matchOnDetail: true }))?.template;
      if (!template) return undefined;
    }
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
    const editor = await vscode.window.showTextDocument(document);
    if (!(await editor.insertSnippet(new vscode.SnippetString(toSnippet(template.body))))) {
      void vscode.window.showErrorMessage(reviewStrings.newDocFailed());
    }
    return editor;
  }

  private async templates(): Promise<{ builtIn: DesignDocTemplate[]; builtInUnreadable: boolean; workspace: { template: DesignDocTemplate; path: string }[]; problems: TemplateProblem[] }> {
    const problems: TemplateProblem[] = [];
    let builtIn: DesignDocTemplate[] = [];
    let builtInUnreadable = false;
    try {
      const raw = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.distDir, 'templates.json')));
      builtIn = (JSON.parse(raw) as unknown[]).filter(isTemplate);
    } catch (error) {
      this.log.error(`The built-in design doc templates (dist/templates.json) could not be read: ${error instanceof Error ? error.message : String(error)}`);
      builtInUnreadable = true;
    }
    const workspace: { template: DesignDocTemplate; path: string }[] = [];
    const files = vscode.workspace.workspaceFolders ? await vscode.workspace.findFiles(WORKSPACE_TEMPLATES_GLOB, undefined, 100) : [];
    for (const uri of files.sort((a, b) => a.path.localeCompare(b.path))) {
      const path = vscode.workspace.asRelativePath(uri);
      try {
        const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        const template = parseTemplate(path, source, problems);
        if (template) workspace.push({ template: { ...template, id: `workspace:${template.id}` }, path });
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        problems.push({ file: path, line: 1, kind: 'unreadable', text: detail, message: detail });
      }
    }
    return { builtIn, builtInUnreadable, workspace, problems };
  }
}

function isTemplate(value: unknown): value is DesignDocTemplate {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return typeof t['id'] === 'string' && typeof t['title'] === 'string' && typeof t['description'] === 'string' && typeof t['body'] === 'string';
}

/** A template problem in the user's language (the core's `message` is English, for the CLI). */
export function templateProblemText(problem: TemplateProblem): string {
  switch (problem.kind) {
    case 'front-matter-line': return reviewStrings.templateFrontMatterLine(problem.text ?? '');
    case 'empty-body': return reviewStrings.templateEmptyBody();
    case 'no-placeholder': return reviewStrings.templateNoPlaceholder();
    case 'unreadable': return reviewStrings.templateUnreadable(problem.text ?? '');
  }
}
