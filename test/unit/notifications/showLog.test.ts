/**
 * The error notifications whose cause is in the output channel (src/extension/showErrorWithLog.ts
 * and its callers: the catalog failing to load, the New Design Doc command's built-in templates
 * failing to load), against a fake `vscode`: the message says what to do, offers "Show Log", and
 * choosing it reveals the channel; the cause's own text is logged.
 */
import { strict as assert } from 'node:assert';
import type * as CatalogLoadFailure from '../../../src/extension/catalogLoadFailure';
import type * as NewDesignDoc from '../../../src/extension/review/newDesignDocCommand';
import { tick } from '../support/cancellation';
import { englishL10n, loadWithFakeVscode } from '../support/fakeVscode';

class FileSystemError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/**
 * A fake `vscode` whose error notifications are recorded and answered by `choose` (the button the
 * user clicks, or undefined to dismiss). `translate` stands in for a bundle: the translation of a
 * message (key = the English literal), English when it gives none.
 */
function fakeVscode(choose: (items: string[]) => string | undefined, translate: (message: string) => string | undefined = () => undefined) {
  const shown: { message: string; items: string[] }[] = [];
  const picks: unknown[][] = [];
  const fake = {
    env: { language: 'en' },
    l10n: { t: (message: string, ...args: unknown[]) => englishL10n(translate(message) ?? message, ...args) },
    FileSystemError,
    Uri: { joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/') }) },
    window: {
      showErrorMessage: async (message: string, ...items: string[]) => {
        shown.push({ message, items });
        return choose(items);
      },
      showWarningMessage: async () => undefined,
      showQuickPick: async (items: unknown[]) => void picks.push(items),
    },
    workspace: {
      workspaceFolders: undefined,
      fs: { readFile: async (uri: { path: string }) => { throw new FileSystemError('FileNotFound', `EntryNotFound (FileSystemError): ${uri.path}`); } },
    },
  };
  return { fake, shown, picks };
}

/** The output channel's error() and show(), recorded. */
function recordingLog() {
  const log = { errors: [] as string[], warnings: [] as string[], shows: [] as (boolean | undefined)[] };
  return {
    log,
    channel: {
      error: (message: string) => void log.errors.push(message), warn: (message: string) => void log.warnings.push(message),
      show: (preserveFocus?: boolean) => void log.shows.push(preserveFocus),
    },
  };
}

describe('error notifications with a Show Log button', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  function loadCatalogFailure(choose: (items: string[]) => string | undefined) {
    const { fake, shown } = fakeVscode(choose);
    const loaded = loadWithFakeVscode<typeof CatalogLoadFailure>(fake, '../../../src/extension/catalogLoadFailure');
    restore = loaded.restore;
    return { report: loaded.module.reportCatalogLoadFailure, shown };
  }

  it('the catalog failing to load: choosing Show Log reveals the output channel, which holds the cause', async () => {
    const { report, shown } = loadCatalogFailure((items) => items.find((i) => i === 'Show Log'));
    const { log, channel } = recordingLog();
    await report(new Error('catalog.json is not valid JSON (Unexpected end of JSON input)'), channel);
    assert.equal(shown.length, 1);
    assert.deepEqual(shown[0]!.items, ['Show Log']);
    assert.match(shown[0]!.message, /could not read its catalog file/);
    assert.deepEqual(log.shows, [true], 'the channel is revealed, keeping the editor focused');
    assert.equal(log.errors.length, 1);
    assert.match(log.errors[0]!, /Unexpected end of JSON input/);
  });

  it('dismissing the notification reveals nothing', async () => {
    const { report } = loadCatalogFailure(() => undefined);
    const { log, channel } = recordingLog();
    await report(new Error('boom'), channel);
    assert.deepEqual(log.shows, []);
    assert.equal(log.errors.length, 1);
  });

  it('a missing catalog file is worded as an incomplete installation; neither wording sends a user to npm', async () => {
    const messages: string[] = [];
    for (const error of [new FileSystemError('FileNotFound', 'EntryNotFound (FileSystemError): dist/catalog.json'), new Error('EACCES')]) {
      const { report, shown } = loadCatalogFailure(() => undefined);
      await report(error, recordingLog().channel);
      messages.push(shown[0]!.message);
      restore?.();
      restore = undefined;
    }
    assert.match(messages[0]!, /could not find its catalog file/);
    assert.match(messages[1]!, /could not read its catalog file/);
    for (const message of messages) {
      assert.match(message, /Reinstall the extension/);
      assert.match(message, /Report Issue/);
      assert.doesNotMatch(message, /npm/);
    }
  });

  it('New Design Doc with unreadable built-in templates: the cause is logged, and Show Log reveals it', async () => {
    const { fake, shown } = fakeVscode((items) => items.find((i) => i === 'Show Log'));
    const loaded = loadWithFakeVscode<typeof NewDesignDoc>(fake, '../../../src/extension/review/newDesignDocCommand');
    restore = loaded.restore;
    const { log, channel } = recordingLog();
    const command = new loaded.module.NewDesignDocCommand({ path: '/ext/dist' } as never, channel);
    assert.equal(await command.execute(), undefined, 'nothing picked, nothing opened');
    // The notification is not awaited by the command: let its button's answer arrive.
    await tick();
    assert.equal(shown.length, 1);
    assert.match(shown[0]!.message, /built-in design doc templates could not be read/);
    assert.doesNotMatch(shown[0]!.message, /npm/);
    assert.deepEqual(shown[0]!.items, ['Show Log']);
    assert.deepEqual(log.shows, [true]);
    assert.equal(log.errors.length, 1);
    assert.match(log.errors[0]!, /\/ext\/dist\/templates\.json/);
  });

  it('the message names the button by its own label: a translated "Show Log" is the word in the text too', async () => {
    const translate = (message: string) => (message === 'Show Log' ? 'Protokoll anzeigen' : undefined);
    for (const missing of [true, false]) {
      const { fake, shown } = fakeVscode(() => undefined, translate);
      const loaded = loadWithFakeVscode<typeof CatalogLoadFailure>(fake, '../../../src/extension/catalogLoadFailure');
      await loaded.module.reportCatalogLoadFailure(missing ? new FileSystemError('FileNotFound', 'gone') : new Error('EACCES'), recordingLog().channel);
      loaded.restore();
      assert.deepEqual(shown[0]!.items, ['Protokoll anzeigen']);
      assert.match(shown[0]!.message, /include the details from Protokoll anzeigen\.$/);
      assert.doesNotMatch(shown[0]!.message, /Show Log/);
    }
    const { fake, shown } = fakeVscode(() => undefined, translate);
    const loaded = loadWithFakeVscode<typeof NewDesignDoc>(fake, '../../../src/extension/review/newDesignDocCommand');
    restore = loaded.restore;
    await new loaded.module.NewDesignDocCommand({ path: '/ext/dist' } as never, recordingLog().channel).execute();
    await tick();
    assert.deepEqual(shown[0]!.items, ['Protokoll anzeigen']);
    assert.match(shown[0]!.message, /include the details from Protokoll anzeigen\.$/);
  });

  it('New Design Doc with unreadable built-in templates and no workspace templates: no empty picker, a message that says there is nothing to start from', async () => {
    const { fake, shown, picks } = fakeVscode(() => undefined);
    const loaded = loadWithFakeVscode<typeof NewDesignDoc>(fake, '../../../src/extension/review/newDesignDocCommand');
    restore = loaded.restore;
    assert.equal(await new loaded.module.NewDesignDocCommand({ path: '/ext/dist' } as never, recordingLog().channel).execute(), undefined);
    await tick();
    assert.deepEqual(picks, [], 'no quick pick opened');
    assert.equal(shown.length, 1);
    // The fake has no folder open: no "workspace" to speak of.
    assert.match(shown[0]!.message, /no folder is open to take templates of your own from/);
    assert.doesNotMatch(shown[0]!.message, /only your workspace's own templates are offered/);
  });

  it('New Design Doc with unreadable built-in templates and a workspace template: the picker offers it, the message says only workspace templates are offered', async () => {
    const { fake, shown, picks } = fakeVscode(() => undefined);
    const template = '---\ntitle: Our RFC\ndescription: The team format\n---\n# {{Title}}\n';
    Object.assign(fake.workspace, {
      workspaceFolders: [{ uri: { path: '/ws' } }],
      findFiles: async () => [{ path: '/ws/.sdp/templates/rfc.md' }],
      asRelativePath: () => '.sdp/templates/rfc.md',
      fs: { readFile: async (uri: { path: string }) => {
        if (uri.path.endsWith('rfc.md')) return new TextEncoder().encode(template);
        throw new FileSystemError('FileNotFound', `EntryNotFound (FileSystemError): ${uri.path}`);
      } },
    });
    const loaded = loadWithFakeVscode<typeof NewDesignDoc>(fake, '../../../src/extension/review/newDesignDocCommand');
    restore = loaded.restore;
    assert.equal(await new loaded.module.NewDesignDocCommand({ path: '/ext/dist' } as never, recordingLog().channel).execute(), undefined);
    await tick();
    assert.equal(picks.length, 1);
    assert.deepEqual((picks[0] as { label: string }[]).map((p) => p.label), ['Our RFC']);
    assert.equal(shown.length, 1);
    assert.match(shown[0]!.message, /only your workspace's own templates are offered/);
  });

  it('a catalog that fails to load is reported once a session: every later load still rejects, with no second log line or notification', async () => {
    const { fake, shown } = fakeVscode(() => undefined);
    const loaded = loadWithFakeVscode<typeof CatalogLoadFailure>(fake, '../../../src/extension/catalogLoadFailure');
    restore = loaded.restore;
    const { log, channel } = recordingLog();
    // As CatalogStore.get does after a failure: the same rejected promise for every caller.
    const failed = Promise.reject(new Error('catalog.json is not valid JSON'));
    failed.catch(() => undefined);
    let loads = 0;
    const loadCatalog = loaded.module.reportingFailureOnce(() => (loads++, failed), channel);
    for (let i = 0; i < 4; i++) await assert.rejects(loadCatalog(), /not valid JSON/);
    await tick();
    assert.equal(loads, 4, 'every call still asks the store');
    assert.equal(shown.length, 1, 'one notification');
    assert.equal(log.errors.length, 1, 'one log line');
  });
});
