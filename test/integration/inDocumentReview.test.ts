import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import type { InDocumentEntry } from '../../src/extension/review/inDocumentController';
import { activateExtension } from '../support/extension';
import { closeAllEditorsDiscarding, openUntitledDocument } from '../support/editors';

const SOURCE = 'System Design Patterns';
const OPEN_CARD_TO_SIDE = 'sdp.openCardToSide';

/**
 * The design review inside the document (issue 14): hover text, CodeLens items, diagnostics and
 * their ranges, each quick fix's edit and its single undo, on the sample doc and on a document
 * with no design content; the New Design Doc command.
 */
suite('In-document review: hovers, CodeLens, Problems, quick fixes, New Design Doc', () => {
  let api: ExtensionApi;
  let doc: vscode.TextDocument;
  let original: string;

  suiteSetup(async () => {
    api = await activateExtension();
    doc = await vscode.workspace.openTextDocument(exampleUri('ticket-booking-design.md'));
    original = doc.getText();
    await vscode.window.showTextDocument(doc);
    await waitFor(() => ours(doc.uri).length > 0, 'the sample doc\'s diagnostics');
  });

  suiteTeardown(async () => {
    if (doc?.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await closeAllEditorsDiscarding();
  });

  test('diagnostics on the sample doc: the figure past a limit is a Warning at its span, each open question Information at its line', () => {
    const diagnostics = ours(doc.uri);
    const warnings = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(warnings.length, 1, listDiagnostics(diagnostics));
    assert.deepStrictEqual(rangeOf(warnings[0]!), [3, 7, 3, 19]);
    assert.strictEqual(doc.getText(warnings[0]!.range), '50,000 seats');
    assert.strictEqual(warnings[0]!.code, 'contention');
    assert.match(warnings[0]!.message, /^Dealing with Contention: 2 million fans competing for 50,000 seats \(40 per item\) \(limit: users:items >= 10\)\.$/);
    const infos = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Information);
    assert.ok(infos.length >= 1, listDiagnostics(diagnostics));
    // Each question is Information over its whole line, coded by its id (`<pattern>/<question>`).
    for (const d of infos) {
      assert.match(String(d.code), /^[a-z-]+\/[a-z-]+$/);
      assert.deepStrictEqual(rangeOf(d), [d.range.start.line, 0, d.range.start.line, doc.lineAt(d.range.start.line).text.trimEnd().length]);
      assert.match(d.message, /^Open question \([^)]+\): .+\? Why: the doc relies on /);
    }
    // The lead pattern's questions sit where the doc first names the solution they apply to.
    const contention = infos.filter((d) => String(d.code).startsWith('contention/'));
    assert.ok(contention.length >= 1, listDiagnostics(diagnostics));
    for (const d of contention) {
      assert.deepStrictEqual(rangeOf(d), [9, 0, 9, doc.lineAt(9).text.trimEnd().length]);
      assert.match(d.message, /^Open question \(Dealing with Contention\): .+\? Why: the doc relies on Reservation System/);
    }
    assert.strictEqual(diagnostics.length, warnings.length + infos.length);
  });

  test('hover on a figure that counted: the pattern, why, the limit and a link that opens the card beside the document', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(3, 10));
    const text = hoverText(hovers);
    assert.match(text, /\*\*Dealing with Contention\*\* · \d+%/);
    assert.match(text, /Why it counted: 2 million fans competing for 50,000 seats \\\(40 per item\\\)/);
    assert.match(text, /Limit compared with: `users:items >= 10`/);
    assert.ok(text.includes(`(command:${OPEN_CARD_TO_SIDE}?${encodeURIComponent(JSON.stringify(['contention']))})`), text);
    const ours = hovers.find((h) => hoverTextOf(h).includes('Why it counted'))!;
    assert.deepStrictEqual([ours.range!.start.line, ours.range!.start.character, ours.range!.end.character], [3, 7, 19]);
  });

  test('hover on a word that counted: what it points to; no hover from us on a word that did not count', async () => {
    const line = doc.lineAt(4).text;
    const word = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(4, line.indexOf('sold twice') + 2));
    assert.match(hoverText(word), /Why it counted: "sold twice" in the goals or requirements: points to Dealing with Contention/);
    const none = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(4, line.indexOf('may') + 1));
    assert.ok(!hoverText(none).includes('Why it counted'), hoverText(none));
  });

  test('CodeLens: the top patterns with scores above the title, each heading with evidence names its pattern; all open cards', async () => {
    const lenses = await codeLenses(doc.uri);
    const summary = lenses.map((l) => `${l.range.start.line} ${l.command!.title}`);
    const entry = (await api.suggest!.inDocument.controller.entryFor(doc))!;
    const top = entry.review.lenses.filter((l) => l.kind === 'top');
    assert.ok(top.length >= 1 && top.length <= 3, `${top.length} top lenses`);
    assert.ok(/^0 \$\(lightbulb\) Dealing with Contention \d+%$/.test(summary[0]!), summary.join(' | '));
    assert.ok(summary.some((s) => /^2 \$\(quote\) Dealing with Contention · evidence lines in this section: \d+$/.test(s)), summary.join(' | '));
    // What VS Code shows is exactly what the core computed: line, title, and the card each opens.
    assert.deepStrictEqual(lenses.map((l) => [l.range.start.line, l.command!.title, l.command!.command, l.command!.arguments]),
      entry.review.lenses.map((l) => [l.line, l.title, OPEN_CARD_TO_SIDE, [l.cardId]]));
    for (const l of lenses) assert.ok(l.command!.tooltip?.startsWith('Open the card of '));
  });

  test('settings switch the CodeLens and the diagnostics off, and set the severities', async () => {
    const config = vscode.workspace.getConfiguration('systemDesignPatterns');
    try {
      await config.update('review.codeLens.top', false, vscode.ConfigurationTarget.Global);
      assert.ok((await codeLenses(doc.uri)).every((l) => l.range.start.line !== 0));
      await config.update('review.codeLens.headings', false, vscode.ConfigurationTarget.Global);
      assert.deepStrictEqual(await codeLenses(doc.uri), []);
      await config.update('review.questionSeverity', 'warning', vscode.ConfigurationTarget.Global);
      await waitFor(() => ours(doc.uri).length > 0 && ours(doc.uri).every((d) => d.severity === vscode.DiagnosticSeverity.Warning), 'questions as warnings');
      await config.update('review.diagnostics', false, vscode.ConfigurationTarget.Global);
      await waitFor(() => ours(doc.uri).length === 0, 'the diagnostics to go');
    } finally {
      for (const key of ['review.codeLens.top', 'review.codeLens.headings', 'review.questionSeverity', 'review.diagnostics']) {
        await config.update(key, undefined, vscode.ConfigurationTarget.Global);
      }
    }
    await waitFor(() => ours(doc.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Information), 'the diagnostics to come back');
    assert.ok((await codeLenses(doc.uri)).length > 0);
  });

  test('quick fix "Add a section answering": one edit that inserts a heading and an sdp-todo marker in the question\'s section; the question stays open at the heading; one undo restores the text', async () => {
    await vscode.window.showTextDocument(doc);
    const question = ours(doc.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Information)!;
    const action = (await quickFixes(doc.uri, question.range)).find((a) => a.title.startsWith('Add a section answering "'));
    assert.ok(action?.edit, 'the fix is offered with an edit');
    assert.strictEqual(action.isPreferred, true);
    const entries = action.edit.entries();
    assert.strictEqual(entries.length, 1);
    assert.strictEqual(entries[0]![1].length, 1, 'one text edit');
    const insert = entries[0]![1][0]!;
    assert.deepStrictEqual([insert.range.start.line, insert.range.start.character, insert.range.isEmpty], [11, 0, true], 'at the end of "## Scale", before "## Open points"');
    assert.ok(action.title.length < 80, action.title);
    const heading = /^### (.+)\n/.exec(insert.newText)?.[1];
    assert.ok(heading && action.title === `Add a section answering "${heading}"`, action.title);
    assert.strictEqual(insert.newText, `### ${heading}\n\n<!-- sdp-todo: ${String(question.code)}\nQuestion: ${/\): (.+\?) Why:/.exec(question.message)?.[1]}\n` +
      'Write the answer under this comment, then delete the comment: the review keeps the question open until you do.\n-->\n\n');
    const scoresBefore = (await codeLenses(doc.uri)).filter((l) => l.range.start.line === 0).map((l) => l.command?.title);
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    assert.strictEqual(doc.getText(), original.slice(0, doc.offsetAt(new vscode.Position(11, 0))) + insert.newText + original.slice(doc.offsetAt(new vscode.Position(11, 0))));
    // The fix's command (run by the editor once the edit is in) puts the cursor under the marker, in view.
    assert.ok(action.command, 'the fix moves the cursor after its edit');
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor!;
    const typeLine = 11 + insert.newText.split('\n').indexOf('-->') + 1;
    assert.strictEqual(editor.document, doc);
    assert.deepStrictEqual([editor.selection.active.line, editor.selection.active.character, editor.selection.isEmpty], [typeLine, 0, true]);
    await waitFor(() => editor.visibleRanges.some((r) => r.contains(editor.selection.active)), 'the place to type in view');
    // After the edit pause: the question is still open, now at the new heading, and the top scores did not move.
    await waitFor(() => ours(doc.uri).some((d) => d.code === question.code && d.range.start.line === 11), 'the question at its new heading');
    assert.deepStrictEqual((await codeLenses(doc.uri)).filter((l) => l.range.start.line === 0).map((l) => l.command?.title), scoresBefore);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), original);
    assert.strictEqual(doc.isDirty, false);
    await waitFor(() => ours(doc.uri).some((d) => d.code === question.code && d.range.start.line === question.range.start.line), 'the question back at its line');
  });

  test('quick fix "Add a section answering" with the document in two editor groups: the cursor goes where to type in the group the fix was run from, the other keeps its place', async () => {
    const top = new vscode.Range(0, 0, 0, 0);
    try {
      // Each group in turn: whichever of the two the workbench lists first, one of them is not it.
      for (const column of [vscode.ViewColumn.Two, vscode.ViewColumn.One]) {
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: top });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Two, selection: top });
        await vscode.window.showTextDocument(doc, { viewColumn: column });
        const question = ours(doc.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Information)!;
        const action = (await quickFixes(doc.uri, question.range)).find((a) => a.title.startsWith('Add a section answering "'));
        assert.ok(action?.edit && action.command, 'the fix is offered with an edit and a command');
        assert.ok(await vscode.workspace.applyEdit(action.edit));
        await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
        const [, line, character] = action.command.arguments as [vscode.Uri, number, number];
        const editor = vscode.window.activeTextEditor!;
        assert.strictEqual(editor.document, doc);
        assert.strictEqual(editor.viewColumn, column, `the cursor stays in group ${column}`);
        assert.deepStrictEqual([editor.selection.active.line, editor.selection.active.character], [line - 1, character - 1]);
        const other = vscode.window.visibleTextEditors.find((e) => e.document === doc && e.viewColumn !== column);
        assert.ok(other, 'the document still in the other group');
        assert.deepStrictEqual([other.selection.active.line, other.selection.active.character], [0, 0], 'the other group keeps its cursor');
        await vscode.commands.executeCommand('undo');
        assert.strictEqual(doc.getText(), original);
      }
    } finally {
      if (doc.isDirty) {
        await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      // Back to one group: the document's editor in the second closes with it.
      if (vscode.window.visibleTextEditors.some((e) => e.document === doc && e.viewColumn === vscode.ViewColumn.Two)) {
        await vscode.window.showTextDocument(doc, vscode.ViewColumn.Two);
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    }
  });

  test('quick fix "Ignore in this document": writes <!-- sdp-ignore: id --> under the title, the finding goes; one undo restores', async () => {
    await vscode.window.showTextDocument(doc);
    const question = ours(doc.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Information)!;
    const id = String(question.code);
    const action = (await quickFixes(doc.uri, question.range)).find((a) => a.title.startsWith('Ignore '));
    assert.ok(action?.edit);
    assert.ok(action.title.endsWith(`in this document (${id})`), action.title);
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    assert.strictEqual(doc.lineAt(1).text, `<!-- sdp-ignore: ${id} -->`);
    assert.strictEqual(doc.getText(), original.replace('\n', `\n<!-- sdp-ignore: ${id} -->\n`));
    // After the edit pause the ignored question is gone and the others moved down a line with the text.
    await waitFor(() => ours(doc.uri).length > 0 && !ours(doc.uri).some((d) => d.code === id), 'the ignored question to leave the Problems');
    assert.strictEqual(ours(doc.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Warning)?.range.start.line, 4);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), original);
    await waitFor(() => ours(doc.uri).some((d) => d.code === id), 'the question to come back after the undo');
  });

  test('quick fix "Ask no deep dives in this document" on a deep dive: writes <!-- sdp-ignore: deep-dives -->, every deep dive goes, the figures stay; one undo restores', async () => {
    await vscode.window.showTextDocument(doc);
    const question = ours(doc.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Information)!;
    const action = (await quickFixes(doc.uri, question.range)).find((a) => a.title === 'Ask no deep dives in this document, design checks only');
    assert.ok(action?.edit, 'offered on a deep dive');
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    assert.strictEqual(doc.getText(), original.replace('\n', '\n<!-- sdp-ignore: deep-dives -->\n'));
    // The sample's questions are all deep dives: none is left, and the figure past a limit stays (a line down).
    await waitFor(() => ours(doc.uri).length > 0 && !ours(doc.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Information), 'the deep dives to leave the Problems');
    assert.strictEqual(ours(doc.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Warning)?.range.start.line, 4);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), original);
    await waitFor(() => ours(doc.uri).some((d) => d.code === question.code), 'the deep dives to come back after the undo');
  });

  test('quick fix "Open card" opens the card of the question (or pattern) beside the document, editing nothing', async () => {
    await vscode.window.showTextDocument(doc);
    const warning = ours(doc.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Warning)!;
    const open = (await quickFixes(doc.uri, warning.range)).find((a) => a.title === 'Open card: Dealing with Contention');
    assert.ok(open?.command, 'offered');
    assert.strictEqual(open.edit, undefined);
    assert.deepStrictEqual([open.command.command, open.command.arguments], [OPEN_CARD_TO_SIDE, ['contention']]);
    await vscode.commands.executeCommand(open.command.command, ...(open.command.arguments ?? []));
    await waitFor(() => api.cards.activeNodeId === 'contention', 'the card to open');
    assert.strictEqual(doc.getText(), original);
    assert.ok(!doc.isDirty);
  });

  test('a document with no design content: no diagnostics, no CodeLens, no hover', async () => {
    const plain = await openUntitledDocument('markdown', '# Release notes\n\n- The save button is blue now.\n- Fixed a typo in the footer; 3 pages changed.\n');
    await vscode.window.showTextDocument(plain);
    const entry = await api.suggest!.inDocument.controller.entryFor(plain);
    assert.ok(entry, 'the document was analysed');
    assert.strictEqual(entry.review.isDesignDoc, false);
    assert.deepStrictEqual(ours(plain.uri), []);
    assert.deepStrictEqual(await codeLenses(plain.uri), []);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', plain.uri, new vscode.Position(2, 8));
    assert.ok(!hoverText(hovers).includes('Why it counted'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('diagnostics follow edits after the pause, and go when the document closes', async () => {
    const draft = await openUntitledDocument('markdown', '# Draft\n\nNothing yet.\n');
    const editor = await vscode.window.showTextDocument(draft);
    assert.strictEqual((await api.suggest!.inDocument.controller.entryFor(draft))?.review.isDesignDoc, false);
    assert.deepStrictEqual(ours(draft.uri), []);
    await editor.edit((e) => e.insert(new vscode.Position(3, 0), original));
    await waitFor(() => ours(draft.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Warning), 'diagnostics after the edit pause');
    assert.strictEqual(draft.getText(ours(draft.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Warning)!.range), '50,000 seats');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor(() => ours(draft.uri).length === 0, 'the diagnostics to go with the document');
  });

  test('New Design Doc: a template opens as a new untitled markdown doc, its placeholders as tab stops', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('sdp.newDesignDoc', 'engineering-design-doc');
    assert.ok(editor);
    const created = editor.document;
    assert.strictEqual(created.isUntitled, true);
    assert.strictEqual(created.languageId, 'markdown');
    const text = created.getText();
    assert.ok(text.startsWith('# Title of the design\n'), text.slice(0, 80));
    for (const h of ['## Summary', '## Motivation', '## Goals', '## Non-goals', '### Scale and performance', '## Proposal', '## Alternatives considered', '## Risks', '## Failure modes', '## Operations']) {
      assert.ok(text.includes(`\n${h}\n`), `has ${h}`);
    }
    assert.ok(!text.includes('{{') && !text.includes('${'), 'no placeholder syntax left in the text');
    // The snippet session starts on the first placeholder.
    assert.strictEqual(created.getText(editor.selection), 'Title of the design');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('New Design Doc: the MADR record and the interview answer, each with its own tab stops', async () => {
    const adr = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('sdp.newDesignDoc', 'architecture-decision-record');
    assert.ok(adr);
    const adrText = adr.document.getText();
    assert.ok(adrText.startsWith('---\nstatus: proposed\n'), adrText.slice(0, 60));
    for (const h of ['## Context and Problem Statement', '## Decision Drivers', '## Considered Options', '## Decision Outcome', '### Consequences', '## Pros and Cons of the Options']) {
      assert.ok(adrText.includes(`\n${h}\n`), `ADR has ${h}`);
    }
    assert.strictEqual(adr.document.getText(adr.selection), 'proposed');
    // Each option's good and bad points have placeholders of their own (one tab stop each).
    assert.ok(adrText.includes('* Good, because a good point of option 1\n* Bad, because a bad point of option 1'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const interview = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('sdp.newDesignDoc', 'interview-answer');
    assert.ok(interview);
    const text = interview.document.getText();
    for (const h of ['## 1. Requirements', '## 2. Estimates', '## 3. Core entities and API', '## 4. High-level design', '## 5. Deep dives', '## 6. Wrap-up']) {
      assert.ok(text.includes(`\n${h}`), `interview answer has ${h}`);
    }
    assert.strictEqual(interview.document.getText(interview.selection), 'Design prompt, e.g. Design a ticket booking system');
    // Peak reads and peak writes are two stops: typing in one leaves the other.
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    let guard = 0;
    while (interview.document.getText(interview.selection) !== 'N reads per second' && guard++ < 40) await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    assert.strictEqual(interview.document.getText(interview.selection), 'N reads per second');
    await interview.edit((e) => e.replace(interview.selection, '40,000'), { undoStopBefore: false, undoStopAfter: false });
    assert.ok(interview.document.getText().includes('- Peak reads: 40,000\n- Peak writes: N writes per second\n'), interview.document.getText().slice(0, 600));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('New Design Doc lists a workspace template from .sdp/templates/', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const file = vscode.Uri.joinPath(folder, '.sdp', 'templates', 'team-rfc.md');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('---\ntitle: Team RFC\n---\n# {{Service}} RFC\n\nOwner: {{Team}}; cost $100 per {{Service}}.\n'));
    try {
      const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('sdp.newDesignDoc', 'workspace:team-rfc');
      assert.ok(editor);
      assert.strictEqual(editor.document.getText(), '# Service RFC\n\nOwner: Team; cost $100 per Service.\n');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, '.sdp'), { recursive: true });
    }
  });

  test('with review.refreshOnEdit off, edits publish nothing until the save, even as CodeLens and hovers ask again', async () => {
    const config = vscode.workspace.getConfiguration('systemDesignPatterns');
    const draft = await openUntitledDocument('markdown', original);
    const editor = await vscode.window.showTextDocument(draft);
    try {
      await waitFor(() => ours(draft.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Warning), 'the draft\'s diagnostics');
      // The setting re-analyses open documents: let that run end before the edit. (entryFor answers
      // at once while the entry is current, before that run has started; a run that starts after the
      // edit would publish the edited text.)
      const reanalysed = nextChange(api, draft.uri, 'the re-analysis the setting starts');
      reanalysed.catch(() => undefined); // awaited below; observed here in case the update throws first
      await config.update('review.refreshOnEdit', false, vscode.ConfigurationTarget.Global);
      await reanalysed;
      assert.ok(await api.suggest!.inDocument.controller.entryFor(draft));
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '\n\n'));
      assert.deepStrictEqual(await codeLenses(draft.uri), [], 'no CodeLens analysis while the text is unsaved');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', draft.uri, new vscode.Position(5, 10));
      assert.match(hoverText(hovers), /Why it counted: 2 million fans/, 'a hover analyses the text as it is now');
      // Longer than the edit pause: the Problems still show the figure where it was before the edit.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await codeLenses(draft.uri);
      assert.strictEqual(ours(draft.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Warning)?.range.start.line, 3);
    } finally {
      await config.update('review.refreshOnEdit', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('over the size limit no "Add a section" fix is offered (only the first part was read); Ignore still is', async () => {
    const config = vscode.workspace.getConfiguration('systemDesignPatterns');
    const long = `${original}\n${'Filler text about the venue and its doors. '.repeat(60)}\n`;
    const draft = await openUntitledDocument('markdown', long);
    await vscode.window.showTextDocument(draft);
    try {
      await config.update('suggest.maxDocumentSizeMB', 0.001, vscode.ConfigurationTarget.Global);
      const entry = await waitForEntry(api, draft, (e) => e.truncated);
      assert.ok(entry.text.length < long.length);
      await waitFor(() => ours(draft.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Information), 'an open question');
      const question = ours(draft.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Information)!;
      const titles = (await quickFixes(draft.uri, question.range)).map((a) => a.title);
      assert.ok(titles.some((t) => t.startsWith('Ignore ')), titles.join(' | '));
      assert.ok(!titles.some((t) => t.startsWith('Add a section')), titles.join(' | '));
    } finally {
      await config.update('suggest.maxDocumentSizeMB', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('a design-check question: Information at the line that first names the mechanism; its fixes open the check\'s card, add a section under the check\'s own title, and ignore it by its id', async () => {
    const text = [
      '# Order ingest: scaling writes', '',
      'The ingest path is write heavy: 40,000 writes per second at peak, far past what one database node accepts.', '',
      'So the orders table is sharded by customer id, and each shard takes the writes of a range of customers.', '',
      'Writes to one shard never wait on another.', '',
    ].join('\n');
    // A file of its own in the workspace, opened with its text, as a user opens a design doc: its name
    // is used by nothing earlier in the run. (This test failed once opening an anonymous untitled
    // draft just after the previous test closed one; the cause is not known.)
    const file = exampleUri(`design-check-${Date.now()}.md`);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    const draft = await vscode.workspace.openTextDocument(file);
    assert.strictEqual(draft.languageId, 'markdown');
    await vscode.window.showTextDocument(draft);
    try {
      await waitFor(() => ours(draft.uri).some((d) => String(d.code).includes('/check-')), 'a design-check question')
        .catch(async (error: Error) => {
          // Say what was there instead: the findings published, and what entryFor answers (it may run an analysis).
          const entry = await Promise.race([
            api.suggest!.inDocument.controller.entryFor(draft),
            new Promise<'no answer in 3 s'>((resolve) => setTimeout(() => resolve('no answer in 3 s'), 3000)),
          ]);
          const answer = entry === 'no answer in 3 s' ? entry : entry ? `v${entry.version}, ${entry.review.findings.map((f) => f.ruleId).join(', ')}` : 'none';
          throw new Error(`${error.message}; published: ${ours(draft.uri).map((d) => String(d.code)).join(', ') || 'nothing'}; ${draft.uri.toString()} v${draft.version}; entryFor answered: ${answer}`);
        });
      const check = ours(draft.uri).find((d) => String(d.code).includes('/check-'))!;
      assert.strictEqual(check.code, 'scaling-writes/check-resharding');
      assert.strictEqual(check.severity, vscode.DiagnosticSeverity.Information);
      assert.strictEqual(check.range.start.line, 4, 'the line that first names the shards');
      // The failover deep dive stands on the same line, so the fixes of both are offered here.
      const fixes = await quickFixes(draft.uri, check.range);
      const titles = fixes.map((a) => a.title);
      assert.ok(titles.includes('Add a section answering "Adding shards later"'), titles.join(' | '));
      assert.ok(fixes.some((a) => a.command?.command === OPEN_CARD_TO_SIDE && a.command.arguments?.[0] === 'scaling-writes/sharding'), titles.join(' | '));
      const ignore = fixes.find((a) => a.title.startsWith('Ignore ') && a.title.includes('scaling-writes/check-resharding'));
      assert.ok(ignore, titles.join(' | '));
      assert.ok(ignore.edit && await vscode.workspace.applyEdit(ignore.edit));
      assert.match(draft.getText(), /<!-- sdp-ignore: scaling-writes\/check-resharding -->/);
      await waitFor(() => !ours(draft.uri).some((d) => d.code === 'scaling-writes/check-resharding'), 'the ignored check to go');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(file);
    }
  });

  test('entryFor settles when the document closes before its first analysis', async () => {
    const draft = await openUntitledDocument('markdown', original);
    await vscode.window.showTextDocument(draft);
    const pending = api.suggest!.inDocument.controller.entryFor(draft);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const outcome = await Promise.race([pending.then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 10_000))]);
    assert.strictEqual(outcome, 'settled');
  });

  test('the sample doc was never changed by the review itself', () => {
    assert.strictEqual(doc.getText(), original);
    assert.strictEqual(doc.isDirty, false);
  });
});

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.filter((l) => l.command?.command === OPEN_CARD_TO_SIDE);
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
}

function hoverTextOf(hover: vscode.Hover): string {
  return hover.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers.map(hoverTextOf).join('\n');
}

function rangeOf(d: vscode.Diagnostic): number[] {
  return [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
}

function listDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  return diagnostics.map((d) => `${d.severity} ${d.range.start.line}:${d.range.start.character} ${d.message}`).join('\n');
}

function exampleUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace (a copy of examples/) is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function waitForEntry(api: ExtensionApi, document: vscode.TextDocument, accept: (e: InDocumentEntry) => boolean): Promise<InDocumentEntry> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const entry = await api.suggest!.inDocument.controller.entryFor(document);
    if (entry && accept(entry)) return entry;
    if (Date.now() > deadline) throw new Error('timed out waiting for the entry');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves when the controller next ends a run for `uri` (it then fires onDidChange, published or not). */
function nextChange(api: ExtensionApi, uri: vscode.Uri, what: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const listener = api.suggest!.inDocument.controller.onDidChange((changed) => {
      if (changed.toString() !== uri.toString()) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
