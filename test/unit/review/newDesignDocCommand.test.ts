/**
 * The New Design Doc command (src/extension/review/newDesignDocCommand.ts) against a fake `vscode`
 * that records every notification. Invoked with a template id: one notification at most, which
 * names the id and the likely cause, and none about templates that were not asked for. Invoked
 * without: one warning before the picker, which says truly which templates are listed.
 */
import { strict as assert } from 'node:assert';
import type * as NewDesignDoc from '../../../src/extension/review/newDesignDocCommand';
import { tick } from '../support/cancellation';
import { englishL10n, loadWithFakeVscode } from '../support/fakeVscode';

const BUILT_IN = [{ id: 'engineering-design-doc', title: 'Design doc', description: 'RFC shape', body: '# {{Title}}\n' }];
/** Front matter and nothing after it: not offered, reported as a problem. */
const BROKEN_WORKSPACE_TEMPLATE = '---\ntitle: Our RFC\n---\n\n';

interface Notification { readonly kind: 'error' | 'warning' | 'information'; readonly message: string; readonly items: string[] }

/** As VS Code's: a file system failure with its code (`NoPermissions`, `FileNotFound`…). */
class FileSystemError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The text VS Code gives for a workspace file it cannot read: parentheses of its own, inside which a second pair. */
const VSCODE_READ_ERROR = "Unable to read file '/ws/.sdp/templates/rfc.md' (NoPermissions (FileSystemError): Error: EACCES: permission denied, open '/ws/.sdp/templates/rfc.md')";

/**
 * A fake `vscode`: dist/templates.json holds `builtIn` (BUILT_IN by default) unless `builtInReadable`
 * is false; the workspace has `.sdp/templates/rfc.md` with `workspaceTemplate` when one is given (an
 * Error is thrown when it is read), and `.sdp/templates/<name>` for each of `otherTemplates`. A folder
 * is open when there is a template, or when `folderOpen` says so.
 */
function fakeVscode({ builtInReadable, builtIn = BUILT_IN, workspaceTemplate, otherTemplates = {}, picked, folderOpen }: { builtInReadable: boolean; builtIn?: unknown[]; workspaceTemplate?: string | Error; otherTemplates?: Record<string, string>; picked?: string[][]; folderOpen?: boolean }) {
  const files: Record<string, string | Error> = { ...(workspaceTemplate === undefined ? {} : { '/ws/.sdp/templates/rfc.md': workspaceTemplate }) };
  for (const [name, source] of Object.entries(otherTemplates)) files[`/ws/.sdp/templates/${name}`] = source;
  const notifications: Notification[] = [];
  const snippets: string[] = [];
  const notify = (kind: Notification['kind']) => async (message: string, ...items: string[]) => {
    notifications.push({ kind, message, items });
    return undefined;
  };
  const fake = {
    env: { language: 'en' },
    l10n: { t: englishL10n },
    FileSystemError,
    Uri: { joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/') }) },
    SnippetString: class { constructor(readonly value: string) {} },
    window: {
      showErrorMessage: notify('error'),
      showWarningMessage: notify('warning'),
      showInformationMessage: notify('information'),
      // Without `picked`, no picker may open (a template id was given); with it, the labels offered are recorded and nothing is picked.
      showQuickPick: async (items: { label: string }[]) => (picked ? (picked.push(items.map((i) => i.label)), undefined) : assert.fail('no picker opens when a template id is given')),
      showTextDocument: async (document: unknown) => ({ document, insertSnippet: async (s: { value: string }) => (snippets.push(s.value), true) }),
    },
    workspace: {
      workspaceFolders: folderOpen ?? Object.keys(files).length > 0 ? [{ uri: { path: '/ws' } }] : undefined,
      findFiles: async () => Object.keys(files).map((path) => ({ path })),
      asRelativePath: (uri: { path: string }) => uri.path.replace(/^\/ws\//, ''),
      openTextDocument: async (options: unknown) => ({ options }),
      fs: {
        readFile: async (uri: { path: string }) => {
          if (uri.path === '/ext/dist/templates.json' && builtInReadable) return new TextEncoder().encode(JSON.stringify(builtIn));
          const source = files[uri.path];
          if (source instanceof Error) throw source;
          if (source !== undefined) return new TextEncoder().encode(source);
          throw new Error(`EntryNotFound (FileSystemError): ${uri.path}`);
        },
      },
    },
  };
  return { fake, notifications, snippets };
}

function silentLog() {
  return {
    errors: [] as string[], warnings: [] as string[],
    error(message: string) { this.errors.push(message); }, warn(message: string) { this.warnings.push(message); }, show: () => undefined,
  };
}

describe('New Design Doc invoked with a template id', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  async function run(setting: Parameters<typeof fakeVscode>[0], id?: string) {
    const { fake, notifications, snippets } = fakeVscode(setting);
    const loaded = loadWithFakeVscode<typeof NewDesignDoc>(fake, '../../../src/extension/review/newDesignDocCommand');
    restore = loaded.restore;
    const log = silentLog();
    const editor = await new loaded.module.NewDesignDocCommand({ path: '/ext/dist' } as never, log).execute(...(id === undefined ? [] : [id]));
    // The notifications are not awaited by the command.
    await tick();
    return { editor, notifications, snippets, log };
  }

  it('a built-in id while the built-in templates cannot be read: one error, naming the id and the cause, with Show Log', async () => {
    const { editor, notifications, log } = await run({ builtInReadable: false }, 'engineering-design-doc');
    assert.equal(editor, undefined);
    assert.equal(notifications.length, 1, notifications.map((n) => n.message).join(' | '));
    assert.equal(notifications[0]!.kind, 'error');
    assert.match(notifications[0]!.message, /"engineering-design-doc" could not be opened: the built-in design doc templates could not be read/);
    assert.deepEqual(notifications[0]!.items, ['Show Log']);
    assert.equal(log.errors.length, 1, 'the cause is in the log');
  });

  it('an id no template has while a workspace template cannot be read: one error that names the id and the unreadable file', async () => {
    const { editor, notifications } = await run({ builtInReadable: true, workspaceTemplate: BROKEN_WORKSPACE_TEMPLATE }, 'workspace:rfc');
    assert.equal(editor, undefined);
    assert.equal(notifications.length, 1, notifications.map((n) => n.message).join(' | '));
    assert.equal(notifications[0]!.kind, 'error');
    assert.match(notifications[0]!.message, /^No design doc template has the id "workspace:rfc"\. Some workspace templates could not be used and are not listed: \.sdp\/templates\/rfc\.md:3: the template has no text after its front matter$/);
  });

  it('an id no template has, everything readable: one error that names the id', async () => {
    const { notifications } = await run({ builtInReadable: true }, 'no-such-template');
    assert.deepEqual(notifications.map((n) => [n.kind, n.message]), [['error', 'No design doc template has the id "no-such-template".']]);
  });

  it('a built-in id that exists while a workspace template cannot be read: the template opens, with no notification about the other', async () => {
    const { editor, notifications, snippets } = await run({ builtInReadable: true, workspaceTemplate: BROKEN_WORKSPACE_TEMPLATE }, 'engineering-design-doc');
    assert.ok(editor);
    assert.deepEqual(snippets, ['# ${1:Title}\n$0']);
    assert.deepEqual(notifications, []);
  });

  it('a workspace id while the built-in templates cannot be read: the unreadable built-ins are no cause of it', async () => {
    const { editor, notifications, log } = await run({ builtInReadable: false }, 'workspace:rfc');
    assert.equal(editor, undefined);
    assert.deepEqual(notifications.map((n) => [n.kind, n.message, n.items]), [['error', 'No design doc template has the id "workspace:rfc".', []]]);
    assert.equal(log.errors.length, 1, 'the built-ins\' failure is still logged');
  });

  it('a workspace id that exists while the built-in templates cannot be read: it opens, with no notification', async () => {
    const { editor, notifications, snippets } = await run({ builtInReadable: false, workspaceTemplate: '# {{Our title}}\n' }, 'workspace:rfc');
    assert.ok(editor);
    assert.deepEqual(snippets, ['# ${1:Our title}\n$0']);
    assert.deepEqual(notifications, []);
  });

  it('a built-in id no template has while a workspace template cannot be used: that template is no cause of it', async () => {
    const { notifications } = await run({ builtInReadable: true, workspaceTemplate: BROKEN_WORKSPACE_TEMPLATE }, 'no-such-template');
    assert.deepEqual(notifications.map((n) => [n.kind, n.message]), [['error', 'No design doc template has the id "no-such-template".']]);
  });

  describe('with no id: the picker, after one word about the workspace templates\' problems that is true of each', () => {
    /** Offered despite its problem: a front matter line that is not `key: value` is skipped. */
    const LISTED_WITH_PROBLEM = '---\ntitle: Our RFC\nowner ops team\n---\n\n# {{Title}}\n';

    it('a template listed despite a front-matter problem: a warning that says it is listed, and it is offered', async () => {
      const picked: string[][] = [];
      const { notifications } = await run({ builtInReadable: true, workspaceTemplate: LISTED_WITH_PROBLEM, picked });
      assert.deepEqual(notifications.map((n) => [n.kind, n.message]), [['warning', 'Some workspace templates are listed but have problems: .sdp/templates/rfc.md:3: front matter line "owner ops team" is not "key: value"']]);
      assert.deepEqual(picked, [['Design doc', 'Our RFC']]);
    });

    it('a template that could not be used: a warning that says it is not listed, and it is not offered', async () => {
      const picked: string[][] = [];
      const { notifications } = await run({ builtInReadable: true, workspaceTemplate: BROKEN_WORKSPACE_TEMPLATE, picked });
      assert.deepEqual(notifications.map((n) => [n.kind, n.message]), [['warning', 'Some workspace templates could not be used and are not listed: .sdp/templates/rfc.md:3: the template has no text after its front matter']]);
      assert.deepEqual(picked, [['Design doc']]);
    });

    /** Front matter with a line that is not `key: value`, and nothing after it: not listed, for two problems. */
    const BROKEN_TWICE = '---\ntitle: Our RFC\nowner ops team\n---\n\n';

    it('a template not listed that also has a front-matter problem: the warning names both problems as not listed, none as listed', async () => {
      const picked: string[][] = [];
      const { notifications } = await run({ builtInReadable: true, workspaceTemplate: BROKEN_TWICE, picked });
      assert.deepEqual(notifications.map((n) => [n.kind, n.message]), [['warning', 'Some workspace templates could not be used and are not listed: .sdp/templates/rfc.md:3: front matter line "owner ops team" is not "key: value"; .sdp/templates/rfc.md:4: the template has no text after its front matter']]);
      assert.deepEqual(picked, [['Design doc']]);
    });

    it('unreadable built-ins and a workspace template offered beside one that could not be used: the picker opens, the error says only workspace templates are offered, the warning names the broken file', async () => {
      const picked: string[][] = [];
      const { notifications, log } = await run({ builtInReadable: false, workspaceTemplate: BROKEN_WORKSPACE_TEMPLATE, otherTemplates: { 'team.md': '# {{Team title}}\n' }, picked });
      assert.deepEqual(picked, [['Team title']]);
      assert.deepEqual(notifications.map((n) => n.kind), ['error', 'warning']);
      assert.match(notifications[0]!.message, /^The built-in design doc templates could not be read, so only your workspace's own templates are offered\./);
      assert.deepEqual(notifications[0]!.items, ['Show Log']);
      assert.equal(notifications[1]!.message, 'Some workspace templates could not be used and are not listed: .sdp/templates/rfc.md:3: the template has no text after its front matter');
      assert.equal(log.errors.length, 2, 'the built-ins\' cause, and the template that cannot be used');
    });

    describe('nothing to offer: built-ins unreadable and no workspace template that can be used', () => {
      it('one error, with Show Log, that names both causes (the file, its line and problem) and both ways out; no picker, no warning about a list', async () => {
        const picked: string[][] = [];
        const { editor, notifications, log } = await run({ builtInReadable: false, workspaceTemplate: BROKEN_WORKSPACE_TEMPLATE, picked });
        assert.equal(editor, undefined);
        assert.deepEqual(picked, [], 'nothing to pick from');
        assert.equal(notifications.length, 1, notifications.map((n) => n.message).join(' | '));
        const [error] = notifications;
        assert.equal(error!.kind, 'error');
        assert.deepEqual(error!.items, ['Show Log']);
        assert.equal(error!.message, 'There is no design doc template to start from: the built-in design doc templates could not be read, and the workspace template could not be used. Fix that template file, or reinstall System Design Patterns to restore the built-in templates; if reinstalling does not help, report the problem with "Help: Report Issue" and include the details from Show Log. The problem: .sdp/templates/rfc.md:3: the template has no text after its front matter.');
        assert.doesNotMatch(error!.message, /listed/);
        assert.equal(log.errors[0], 'The built-in design doc templates (dist/templates.json) could not be read: EntryNotFound (FileSystemError): /ext/dist/templates.json', 'the built-ins\' cause is in the log');
      });

      it('several broken files: each named with each of its problems, in line order, and the way out is to fix one of them', async () => {
        const picked: string[][] = [];
        const { notifications } = await run({ builtInReadable: false, workspaceTemplate: BROKEN_TWICE, otherTemplates: { 'team.md': '' }, picked });
        assert.deepEqual(picked, []);
        assert.deepEqual(notifications.map((n) => [n.kind, n.items]), [['error', ['Show Log']]]);
        assert.match(notifications[0]!.message, /^There is no design doc template to start from: the built-in design doc templates could not be read, and none of the workspace templates could be used\. Fix one of those template files, or reinstall System Design Patterns.* The problems: \.sdp\/templates\/rfc\.md:3: front matter line "owner ops team" is not "key: value"; \.sdp\/templates\/rfc\.md:4: the template has no text after its front matter; \.sdp\/templates\/team\.md: the template file has no text\.$/);
      });

      it('many broken files: the way out comes before the list, three problems are named and the rest counted, and the log has every one', async () => {
        const picked: string[][] = [];
        const others = Object.fromEntries(['a.md', 'b.md', 'c.md', 'd.md', 'e.md', 'f.md', 'g.md', 'h.md'].map((f) => [f, '']));
        const { notifications, log } = await run({ builtInReadable: false, workspaceTemplate: BROKEN_TWICE, otherTemplates: others, picked });
        assert.deepEqual(picked, []);
        const message = notifications[0]!.message;
        // VS Code cuts a notification at 1,000 characters: the way out must come first, and the list stay short.
        assert.ok(message.indexOf('Fix one of those template files') < message.indexOf('The problems:'), message);
        assert.ok(message.length < 1000, `${message.length} characters`);
        assert.match(message, /The problems: \.sdp\/templates\/a\.md: [^;]+; \.sdp\/templates\/b\.md: [^;]+; \.sdp\/templates\/c\.md: [^;]+; and 7 more problems, listed with the others in the Output panel's "System Design Patterns" channel\.$/);
        // At the error level: none of these templates can be used, and a user whose log level is Error must see why.
        const templateLines = log.errors.filter((e) => e.startsWith('Design doc template '));
        assert.equal(templateLines.length, 10, 'every problem of the nine files is in the log');
        assert.ok(templateLines.every((e) => e.startsWith('Design doc template .sdp/templates/') && e.includes(' cannot be used: ')), templateLines.join('\n'));
        assert.deepEqual(log.warnings, []);
      });

      it('one file with two problems: "The problems", plural', async () => {
        const { notifications } = await run({ builtInReadable: false, workspaceTemplate: BROKEN_TWICE, picked: [] });
        assert.match(notifications[0]!.message, /Fix that template file, .* The problems: \.sdp\/templates\/rfc\.md:3: [^;]+; \.sdp\/templates\/rfc\.md:4: [^;]+\.$/);
      });

      it('a folder open with no template of its own: the error says this workspace has none, and asks for no template to be fixed', async () => {
        const picked: string[][] = [];
        const { notifications } = await run({ builtInReadable: false, picked, folderOpen: true });
        assert.deepEqual(picked, []);
        assert.deepEqual(notifications.map((n) => [n.kind, n.items]), [['error', ['Show Log']]]);
        assert.match(notifications[0]!.message, /and this workspace has no templates of its own \(\.sdp\/templates\/\*\.md\), so there is no template to start from\./);
        assert.doesNotMatch(notifications[0]!.message, /Fix|no folder/);
      });

      it('no folder open: the error says so, speaks of no "workspace", and names opening a folder with templates as a way out', async () => {
        const picked: string[][] = [];
        const { notifications } = await run({ builtInReadable: false, picked, folderOpen: false });
        assert.deepEqual(picked, []);
        assert.deepEqual(notifications.map((n) => [n.kind, n.items]), [['error', ['Show Log']]]);
        assert.match(notifications[0]!.message, /^The built-in design doc templates could not be read, and no folder is open to take templates of your own from \(\.sdp\/templates\/\*\.md\), so there is no template to start from\. Reinstall System Design Patterns, or open a folder that has templates of its own;/);
        assert.doesNotMatch(notifications[0]!.message, /workspace|Fix/);
      });

      it('built-in templates that parse but hold no template count as unreadable: no empty picker, the error and the log say so', async () => {
        const picked: string[][] = [];
        const { notifications, log } = await run({ builtInReadable: true, builtIn: [{ id: 'no-title' }], workspaceTemplate: BROKEN_WORKSPACE_TEMPLATE, picked });
        assert.deepEqual(picked, [], 'no empty picker');
        assert.deepEqual(notifications.map((n) => [n.kind, n.items]), [['error', ['Show Log']]]);
        assert.match(notifications[0]!.message, /^There is no design doc template to start from: the built-in design doc templates could not be read/);
        assert.equal(log.errors[0], 'The built-in design doc templates (dist/templates.json) could not be read: the file holds no template.');
      });
    });

    it('a workspace id whose file is not listed for two problems: the error names both', async () => {
      const { notifications } = await run({ builtInReadable: true, workspaceTemplate: BROKEN_TWICE }, 'workspace:rfc');
      assert.deepEqual(notifications.map((n) => [n.kind, n.message]), [['error', 'No design doc template has the id "workspace:rfc". Some workspace templates could not be used and are not listed: .sdp/templates/rfc.md:3: front matter line "owner ops team" is not "key: value"; .sdp/templates/rfc.md:4: the template has no text after its front matter']]);
    });

    it('an empty template file with no front matter: named with no line (there is none to point at), and worded as empty', async () => {
      const picked: string[][] = [];
      const { notifications } = await run({ builtInReadable: true, workspaceTemplate: '\n  \n', picked });
      assert.deepEqual(notifications.map((n) => [n.kind, n.message]), [['warning', 'Some workspace templates could not be used and are not listed: .sdp/templates/rfc.md: the template file has no text']]);
      assert.deepEqual(picked, [['Design doc']]);
    });

    describe('a template file that cannot be read', () => {
      it('the notification says so in one sentence and names where the cause is; VS Code\'s own text, with its nested parentheses, goes to the log at the error level', async () => {
        const picked: string[][] = [];
        const { notifications, log } = await run({ builtInReadable: true, workspaceTemplate: new FileSystemError('Unknown', VSCODE_READ_ERROR), picked });
        assert.deepEqual(picked, [['Design doc']]);
        assert.deepEqual(notifications.map((n) => [n.kind, n.message]), [['warning', 'Some workspace templates could not be used and are not listed: .sdp/templates/rfc.md: the file could not be read, and the Output panel\'s "System Design Patterns" channel says why']]);
        assert.doesNotMatch(notifications[0]!.message, /[()]/);
        assert.deepEqual(log.errors, [`Design doc template .sdp/templates/rfc.md cannot be used: the file could not be read: ${VSCODE_READ_ERROR}`]);
      });

      it('for want of permission: the notification says that, in the user\'s words', async () => {
        const { notifications } = await run({ builtInReadable: true, workspaceTemplate: new FileSystemError('NoPermissions', VSCODE_READ_ERROR), picked: [] });
        assert.deepEqual(notifications.map((n) => n.message), ['Some workspace templates could not be used and are not listed: .sdp/templates/rfc.md: you do not have permission to read the file']);
      });

      it('a plain Error (no file system code): the general wording', async () => {
        const { notifications } = await run({ builtInReadable: true, workspaceTemplate: new Error('EACCES (denied)'), picked: [] });
        assert.match(notifications[0]!.message, /rfc\.md: the file could not be read, and the Output panel's "System Design Patterns" channel says why$/);
      });
    });

    it('the log: a template that cannot be used at the error level, one offered with a problem at the warning level', async () => {
      const picked: string[][] = [];
      const { log } = await run({ builtInReadable: true, workspaceTemplate: BROKEN_TWICE, otherTemplates: { 'team.md': LISTED_WITH_PROBLEM }, picked });
      assert.deepEqual(picked, [['Design doc', 'Our RFC']]);
      assert.deepEqual(log.errors, [
        'Design doc template .sdp/templates/rfc.md:3 cannot be used: front matter line "owner ops team" is not "key: value"',
        'Design doc template .sdp/templates/rfc.md:4 cannot be used: the template has no text after its front matter',
      ]);
      assert.deepEqual(log.warnings, ['Design doc template .sdp/templates/team.md:3 is offered, with a problem: front matter line "owner ops team" is not "key: value"']);
    });

    it('an id no template has while the only problem is a listed template\'s front matter: the error names no cause', async () => {
      const { notifications } = await run({ builtInReadable: true, workspaceTemplate: LISTED_WITH_PROBLEM }, 'no-such-template');
      assert.deepEqual(notifications.map((n) => [n.kind, n.message]), [['error', 'No design doc template has the id "no-such-template".']]);
    });
  });
});
