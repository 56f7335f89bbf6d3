/**
 * A large document's analysis on a worker thread (src/extension/suggest/offThreadAnalysis.ts), in
 * plain Node against the built worker bundle: the same result as on the calling thread, the
 * document's outline with it (so this thread parses nothing), and a cancellation that ends it.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { parseCatalogJson } from '../../../src/core/catalog/catalogJson';
import { readOutline } from '../../../src/core/review/outline';
import { parsesDuringAsync } from '../support/markdownParses';
import { createSuggestEngine } from '../../../src/core/suggest';
import { AnalysisCancelled, analyseOffThread, OFF_THREAD_CHARS } from '../../../src/extension/suggest/offThreadAnalysis';
import { tokenSource } from '../support/cancellation';
import { recordingLog } from '../support/fallbackLog';

const DIST = join(__dirname, '..', '..', '..', 'dist');
/** The Node platform reads only `fsPath` of the dist/ folder's Uri (no vscode module in plain Node). */
const DIST_URI = { fsPath: DIST } as vscode.Uri;

describe('suggest off the extension host thread', function () {
  this.timeout(120_000);
  const doc = `# Seat booking\n\n${'Two million fans compete for 50,000 seats; double booking must never happen. Peak is 40,000 reads per second.\n\n'.repeat(Math.ceil(OFF_THREAD_CHARS / 110) + 10)}`;

  before(function () {
    if (!existsSync(join(DIST, 'lazy', 'suggestWorker.js'))) throw new Error('dist/lazy/suggestWorker.js is missing: run npm run build first (npm test does this)');
  });

  it('gives the result the engine gives on the calling thread', async () => {
    assert.ok(doc.length > OFF_THREAD_CHARS);
    const here = createSuggestEngine(parseCatalogJson(readFileSync(join(DIST, 'catalog.json'), 'utf8'))).suggest(doc, { minScore: 0 });
    const there = await analyseOffThread({ distDir: DIST_URI, text: doc, suggestOptions: { minScore: 0 } });
    assert.deepEqual(there?.result, here);
    assert.ok(there.result.suggestions.length > 0);
  });

  it('sends the outline with the result, the one readOutline gives, and this thread parses no markdown for it', async () => {
    // A comment under every heading, a setext heading and CRLF line ends: the cases the outline's reading is careful about.
    const section = (i: number): string => `## Part ${i}\r\n<!-- say what part ${i} covers\r\n## not a heading -->\r\nTwo million fans compete for 50,000 seats.\r\n\r\n`;
    const commented = `Seat booking\r\n===\r\n\r\n${Array.from({ length: Math.ceil(OFF_THREAD_CHARS / 110) }, (_, i) => section(i)).join('')}`;
    let there: Awaited<ReturnType<typeof analyseOffThread>>;
    const parses = await parsesDuringAsync(async () => {
      there = await analyseOffThread({ distDir: DIST_URI, text: commented, suggestOptions: { minScore: 0 } });
    });
    assert.equal(parses, 0, 'no markdown-it parse on this thread');
    assert.ok(there);
    assert.deepStrictEqual(there.outline, readOutline(commented));
    assert.ok(there.outline.headings.length > 1000);
  });

  it('stops when cancelled, with AnalysisCancelled', async () => {
    const { token, cancel } = tokenSource();
    const running = analyseOffThread({ distDir: DIST_URI, text: doc, suggestOptions: {}, token });
    cancel();
    await assert.rejects(running, (e) => e instanceof AnalysisCancelled);
  });

  it('a worker script that is not there: falls back (undefined) and logs a failed start with Node\'s reason', async () => {
    const { log, lines } = recordingLog();
    const missing = { fsPath: join(DIST, 'no-such-folder') } as vscode.Uri;
    assert.equal(await analyseOffThread({ distDir: missing, text: doc, suggestOptions: {}, log }), undefined);
    assert.equal(lines.length, 1, lines.join(' | '));
    assert.match(lines[0]!, /the analysis worker could not start \(.*no-such-folder.*suggestWorker\.js/);
  });

  it('logs nothing on the normal path', async () => {
    const { log, lines, debugLines } = recordingLog();
    const result = await analyseOffThread({ distDir: DIST_URI, text: doc, suggestOptions: { minScore: 0 }, log });
    assert.ok(result && result.result.suggestions.length > 0);
    assert.deepEqual([lines, debugLines], [[], []]);
  });

  it('does not start when already cancelled', async () => {
    const { token, cancel } = tokenSource();
    cancel();
    await assert.rejects(analyseOffThread({ distDir: DIST_URI, text: doc, suggestOptions: {}, token }), (e) => e instanceof AnalysisCancelled);
  });
});
