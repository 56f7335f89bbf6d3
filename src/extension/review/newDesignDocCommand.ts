import * as vscode from 'vscode';
import { parseTemplate, toSnippet, type DesignDocTemplate, type TemplateProblem } from '../../core/templates/designDocTemplates';
import type { Command } from '../commands/commandManager';
import { showErrorWithLog, type RevealableLog } from '../showErrorWithLog';
import { reviewStrings } from './reviewStrings';

export const NEW_DESIGN_DOC_COMMAND = 'sdp.newDesignDoc';
/** A team's own templates, listed after the built-in ones. */
export const WORKSPACE_TEMPLATES_GLOB = '.sdp/templates/*.md';

/** A workspace template's id is its file name after this prefix (`workspace:team-rfc`). */
const WORKSPACE_ID_PREFIX = 'workspace:';

interface TemplatePick extends vscode.QuickPickItem {
  readonly template: DesignDocTemplate;
}

/** The templates on offer, and what could not be read. */
interface Templates {
  readonly builtIn: DesignDocTemplate[];
  readonly builtInUnreadable: boolean;
  readonly workspace: { template: DesignDocTemplate; path: string }[];
  readonly problems: TemplateProblem[];
}

/**
 * "New Design Doc…": picks a template (built in, from dist/templates.json, or the workspace's
 * `.sdp/templates/*.md`) and opens it as a new untitled markdown document, its placeholders as
 * snippet tab stops. `sdp.newDesignDoc(id?)`: with a template id, skips the picker.
 */
export class NewDesignDocCommand implements Command {
  readonly id = NEW_DESIGN_DOC_COMMAND;

  /** `log` (the extension's output channel) gets the cause when the built-in templates cannot be read. */
  constructor(private readonly distDir: vscode.Uri, private readonly log: Pick<vscode.LogOutputChannel, 'error' | 'warn'> & RevealableLog) {}

  async execute(templateId?: unknown): Promise<vscode.TextEditor | undefined> {
    const found = await this.templates();
    const template = typeof templateId === 'string' ? this.byId(templateId, found) : await this.pick(found);
    if (!template) return undefined;
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
    const editor = await vscode.window.showTextDocument(document);
    if (!(await editor.insertSnippet(new vscode.SnippetString(toSnippet(template.body))))) {
      void vscode.window.showErrorMessage(reviewStrings.newDocFailed());
    }
    return editor;
  }

  /**
   * With a template id (a link or another command) no list is shown, so only that template
   * matters: found, it opens with no word about the others; not found, one error that also gives
   * the likely cause (unreadable built-in templates, or workspace templates that could not be used;
   * a template listed despite a front-matter problem is no cause).
   */
  private byId(id: string, { builtIn, builtInUnreadable, workspace, problems }: Templates): DesignDocTemplate | undefined {
    const template = [...workspace.map((w) => w.template), ...builtIn].find((t) => t.id === id);
    if (template) return template;
    // Each kind of id has its own likely cause: a built-in id the unreadable built-ins, a workspace id
    // the workspace templates that could not be used.
    const workspaceId = id.startsWith(WORKSPACE_ID_PREFIX);
    const { notListed } = splitProblems(problems, workspace);
    if (!workspaceId && builtInUnreadable) void showErrorWithLog(reviewStrings.templateUnreadableById(id), this.log);
    else if (workspaceId && notListed.length > 0) void vscode.window.showErrorMessage(reviewStrings.templateNotFoundWithProblems(id, problemList(notListed)));
    else void vscode.window.showErrorMessage(reviewStrings.templateNotFound(id));
    return undefined;
  }

  /**
   * The picker, after one word about the workspace templates' problems: those not listed, and those
   * listed all the same. With nothing to offer (built-ins unreadable, no workspace template that can
   * be used) no picker opens, and one error gives every cause and every way out.
   */
  private async pick({ builtIn, builtInUnreadable, workspace, problems }: Templates): Promise<DesignDocTemplate | undefined> {
    const { notListed, listed } = splitProblems(problems, workspace);
    if (builtInUnreadable && workspace.length === 0) {
      // No list appears, so no word about what is or is not listed: the broken workspace templates are a
      // cause beside the damaged install, and fixing one is a way out beside reinstalling.
      const files = new Set(notListed.map((p) => p.file)).size;
      void showErrorWithLog(files > 0 ? reviewStrings.noTemplateToStartFrom(problemList(notListed), files, notListed.length) : reviewStrings.templatesUnreadable(false), this.log);
      return undefined;
    }
    if (builtInUnreadable) void showErrorWithLog(reviewStrings.templatesUnreadable(true), this.log);
    if (problems.length > 0) void vscode.window.showWarningMessage(reviewStrings.templateProblems(problemList(notListed), problemList(listed)));
    const picks: TemplatePick[] = [
      ...builtIn.map((t) => ({ label: t.title, description: reviewStrings.builtInTemplate(), detail: t.description, template: t })),
      ...workspace.map(({ template: t, path }) => ({ label: t.title, description: reviewStrings.workspaceTemplate(path), detail: t.description, template: t })),
    ];
    return (await vscode.window.showQuickPick(picks, { placeHolder: reviewStrings.pickTemplate(), matchOnDescription: true, matchOnDetail: true }))?.template;
  }

  private async templates(): Promise<Templates> {
    const problems: TemplateProblem[] = [];
    let builtIn: DesignDocTemplate[] = [];
    let builtInUnreadable = false;
    try {
      const raw = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.distDir, 'templates.json')));
      builtIn = (JSON.parse(raw) as unknown[]).filter(isTemplate);
      // A file that parses but offers nothing is as damaged as one that cannot be read: no empty picker.
      if (builtIn.length === 0) {
        this.log.error('The built-in design doc templates (dist/templates.json) could not be read: the file holds no template.');
        builtInUnreadable = true;
      }
    } catch (error) {
      this.log.error(`The built-in design doc templates (dist/templates.json) could not be read: ${error instanceof Error ? error.message : String(error)}`);
      builtInUnreadable = true;
    }
    const workspace: { template: DesignDocTemplate; path: string }[] = [];
    const files = vscode.workspace.workspaceFolders ? await vscode.workspace.findFiles(WORKSPACE_TEMPLATES_GLOB, undefined, 100) : [];
    for (const uri of files.sort((a, b) => a.path.localeCompare(b.path))) {
      const path = vscode.workspace.asRelativePath(uri);
      const fileProblems: TemplateProblem[] = [];
      try {
        const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        const template = parseTemplate(path, source, fileProblems);
        if (template) workspace.push({ template: { ...template, id: `${WORKSPACE_ID_PREFIX}${template.id}` }, path });
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        fileProblems.push({ file: path, line: 1, kind: 'unreadable', text: detail, message: detail });
      }
      // A file's problems in line order (the parser finds a front matter line before the empty body at line 1).
      problems.push(...fileProblems.sort((a, b) => a.line - b.line));
    }
    // Every problem goes to the log: a notification lists a few, and VS Code cuts a long one short.
    for (const p of problems) this.log.warn(`Design doc template ${p.file}:${p.line}: ${p.message}`);
    return { builtIn, builtInUnreadable, workspace, problems };
  }
}

function isTemplate(value: unknown): value is DesignDocTemplate {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return typeof t['id'] === 'string' && typeof t['title'] === 'string' && typeof t['description'] === 'string' && typeof t['body'] === 'string';
}

/**
 * The problems of the files not listed (parseTemplate returned none, or the file could not be read),
 * and of those listed all the same. By file, not by kind: a file with an empty body and a bad front
 * matter line is not listed, and both its problems say so.
 */
function splitProblems(problems: readonly TemplateProblem[], workspace: Templates['workspace']): { notListed: TemplateProblem[]; listed: TemplateProblem[] } {
  const listedFiles = new Set(workspace.map((w) => w.path));
  return { notListed: problems.filter((p) => !listedFiles.has(p.file)), listed: problems.filter((p) => listedFiles.has(p.file)) };
}

/** How many problems a notification names; the rest are counted, and the log has them all. */
const PROBLEMS_LISTED = 3;

function problemList(problems: readonly TemplateProblem[]): string {
  const named = problems.slice(0, PROBLEMS_LISTED).map((p) => `${p.file}:${p.line}: ${templateProblemText(p)}`);
  if (problems.length > PROBLEMS_LISTED) named.push(reviewStrings.moreTemplateProblems(problems.length - PROBLEMS_LISTED));
  return named.join('; ');
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
