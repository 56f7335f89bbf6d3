/**
 * The error notifications whose cause is in the output channel (src/extension/showErrorWithLog.ts
 * and its callers: the catalog failing to load, the New Design Doc command's built-in templates
 * failing to load), against a fake `vscode`: the message says what to do, offers "Show Log", and
 * choosing it reveals the channel; the cause's own text is logged.
 */
import { strict as assert } from 'node:assert';
import type * as CatalogLoadFailure from '../../../src/extension/catalogLoadFailure';
import type * as NewDesignDoc from '../../../src/extension/review/newDesignDocCommand';
import { englishL10n, loadWithFakeVscode } from '../support/fakeVscode';

class FileSystemError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** A fake `vscode` whose error notifications are recorded and answered by `choose` (the button the user clicks, or undefined to dismiss). */
function fakeVscode(choose: (items: string[]) => string | undefined) {
  const shown: { message: string; items: string[] }[] = [];
  const fake = {
    env: { language: 'en' },
    l10n: { t: englishL10n },
    FileSystemError,
    Uri: { joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/') }) },
    window: {
      showErrorMessage: async (message: string, ...items: string[]) => {
        shown.push({ message, items });
        return choose(items);
      },
      showWarningMessage: async () => undefined,
      showQuickPick: async () => undefined,
    },
    workspace: {
      workspaceFolders: undefined,
      fs: { readFile: async (uri: { path: string }) => { throw new FileSystemError('FileNotFound', `EntryNotFound (FileSystemError): ${uri.path}`); } },
    },
  };
  return { fake, shown };
}

/** The output channel's error() and show(), recorded. */
function recordingLog() {
  const log = { errors: [] as string[], shows: [] as (boolean | undefined)[] };
  return { log, channel: { error: (message: string) => void log.errors.push(message), show: (preserveFocus?: boolean) => void log.shows.push(preserveFocus) } };
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
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(shown.length, 1);
    assert.match(shown[0]!.message, /built-in design doc templates could not be read/);
    assert.doesNotMatch(shown[0]!.message, /npm/);
    assert.deepEqual(shown[0]!.items, ['Show Log']);
    assert.deepEqual(log.shows, [true]);
    assert.equal(log.errors.length, 1);
    assert.match(log.errors[0]!, /\/ext\/dist\/templates\.json/);
  });
});
