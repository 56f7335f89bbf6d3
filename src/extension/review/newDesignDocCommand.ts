import * as vscode from 'vscode';
import { readTemplate, templateProblemPlace, toSnippet, unreadableTemplate, type DesignDocTemplate, type TemplateFile, type TemplateProblem } from '../../core/templates/designDocTemplates';
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
  /** Whether a folder is open: without one there are no workspace templates to look for. */
  readonly folderOpen: boolean;
  /** Each `.sdp/templates/*.md` found, as the core read it: `template` set when it can be used. */
  readonly workspaceFiles: readonly TemplateFile[];
}

/** A workspace template that can be used, under its `workspace:` id, with the path the picker shows. */
interface WorkspaceTemplate { readonly template: DesignDocTemplate; readonly path: string }

/**
 * "New Design Doc…": picks a template (built in, from dist/templates.json, or the workspace's
 * `.sdp/templates/*.md`) and opens it as a new untitled markdown document, its placeholders as
 * snippet tab stops. `sdp.newDesignDoc(id?)`: with a template id, skips the picker.
 */
export class NewDesignDocCommand implements Command {
  readonly id = NEW_DESIGN_DOC_COMMAND;

  /**
   * `log` (the extension's output channel) gets the cause when the built-in templates cannot be read,
   * and every workspace template problem: at the error level for a template that cannot be used (the
   * user wrote it and must fix it, as with every failure of something asked for), at the warning level
   * for one offered all the same (it works, with a line skipped).
   */
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
  private byId(id: string, { builtIn, builtInUnreadable, workspaceFiles }: Templates): DesignDocTemplate | undefined {
    const template = [...usableTemplates(workspaceFiles).map((w) => w.template), ...builtIn].find((t) => t.id === id);
    if (template) return template;
    // Each kind of id has its own likely cause: a built-in id the unreadable built-ins, a workspace id
    // the workspace templates that could not be used.
    const workspaceId = id.startsWith(WORKSPACE_ID_PREFIX);
    const { notListed } = splitProblems(workspaceFiles);
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
  private async pick({ builtIn, builtInUnreadable, folderOpen, workspaceFiles }: Templates): Promise<DesignDocTemplate | undefined> {
    const { notListed, listed } = splitProblems(workspaceFiles);
    const workspace = usableTemplates(workspaceFiles);
    if (builtInUnreadable && workspace.length === 0) {
      // No list appears, so no word about what is or is not listed: the broken workspace templates are a
      // cause beside the damaged install, and fixing one is a way out beside reinstalling.
      const files = new Set(notListed.map((p) => p.file)).size;
      void showErrorWithLog(files > 0 ? reviewStrings.noTemplateToStartFrom(problemList(notListed), files, notListed.length) : reviewStrings.templatesUnreadable(folderOpen ? 'no-workspace-templates' : 'no-folder'), this.log);
      return undefined;
    }
    if (builtInUnreadable) void showErrorWithLog(reviewStrings.templatesUnreadable('workspace-templates'), this.log);
    if (notListed.length + listed.length > 0) void vscode.window.showWarningMessage(reviewStrings.templateProblems(problemList(notListed), problemList(listed)));
    const picks: TemplatePick[] = [
      ...builtIn.map((t) => ({ label: t.title, description: reviewStrings.builtInTemplate(), detail: t.description, template: t })),
      ...workspace.map(({ template: t, path }) => ({ label: t.title, description: reviewStrings.workspaceTemplate(path), detail: t.description, template: t })),
    ];
    return (await vscode.window.showQuickPick(picks, { placeHolder: reviewStrings.pickTemplate(), matchOnDescription: true, matchOnDetail: true }))?.template;
  }

  private async templates(): Promise<Templates> {
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
    const folderOpen = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
    const workspaceFiles: TemplateFile[] = [];
    const found = folderOpen ? await vscode.workspace.findFiles(WORKSPACE_TEMPLATES_GLOB, undefined, 100) : [];
    for (const uri of found.sort((a, b) => a.path.localeCompare(b.path))) {
      const path = vscode.workspace.asRelativePath(uri);
      let read: TemplateFile;
      try {
        read = readTemplate(path, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      } catch (error) {
        const noPermission = error instanceof vscode.FileSystemError && error.code === 'NoPermissions';
        read = unreadableTemplate(path, error instanceof Error ? error.message : String(error), noPermission);
      }
      workspaceFiles.push(read.template ? { ...read, template: { ...read.template, id: `${WORKSPACE_ID_PREFIX}${read.template.id}` } } : read);
      // Every problem goes to the log: a notification lists a few, and VS Code cuts a long one short.
      for (const p of read.problems) {
        if (read.template) this.log.warn(`Design doc template ${templateProblemPlace(p)} is offered, with a problem: ${p.message}`);
        else this.log.error(`Design doc template ${templateProblemPlace(p)} cannot be used: ${p.message}`);
      }
    }
    return { builtIn, builtInUnreadable, folderOpen, workspaceFiles };
  }
}

function isTemplate(value: unknown): value is DesignDocTemplate {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return typeof t['id'] === 'string' && typeof t['title'] === 'string' && typeof t['description'] === 'string' && typeof t['body'] === 'string';
}

/** The workspace templates that can be used, with the path the picker shows. */
function usableTemplates(files: readonly TemplateFile[]): WorkspaceTemplate[] {
  return files.flatMap((f) => (f.template ? [{ template: f.template, path: f.file }] : []));
}

/**
 * The problems of the files not listed (the core gave no template for them), and of those listed all
 * the same. By file, not by kind: a file with an empty body and a bad front matter line is not
 * listed, and both its problems say so.
 */
function splitProblems(files: readonly TemplateFile[]): { notListed: TemplateProblem[]; listed: TemplateProblem[] } {
  return { notListed: files.flatMap((f) => (f.template ? [] : f.problems)), listed: files.flatMap((f) => (f.template ? f.problems : [])) };
}

/** How many problems a notification names; the rest are counted, and the log has them all. */
const PROBLEMS_LISTED = 3;

function problemList(problems: readonly TemplateProblem[]): string {
  const named = problems.slice(0, PROBLEMS_LISTED).map((p) => `${templateProblemPlace(p)}: ${templateProblemText(p)}`);
  if (problems.length > PROBLEMS_LISTED) named.push(reviewStrings.moreTemplateProblems(problems.length - PROBLEMS_LISTED));
  return named.join('; ');
}

/** A template problem in the user's language (the core's `message` is English, for the CLI). */
export function templateProblemText(problem: TemplateProblem): string {
  switch (problem.kind) {
    case 'front-matter-line': return reviewStrings.templateFrontMatterLine(problem.text ?? '');
    case 'empty-body': return reviewStrings.templateEmptyBody();
    case 'empty-file': return reviewStrings.templateEmptyFile();
    case 'no-placeholder': return reviewStrings.templateNoPlaceholder();
    // The reader's own text (VS Code's, with its own parentheses) is in the log, not in the notification.
    case 'unreadable': return reviewStrings.templateUnreadable();
    case 'no-read-permission': return reviewStrings.templateNoReadPermission();
  }
}
