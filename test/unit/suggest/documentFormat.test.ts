/** How a document's format reaches the structure reader: formatOfPath, the engine's option, the outline, the CLI. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suggestCommand } from '../../../src/cli/suggest';
import type { CliIO } from '../../../src/cli/io';
import { readOutline } from '../../../src/core/review/outline';
import { createSuggestEngine, formatOfPath } from '../../../src/core/suggest';
import { readDocumentStructure } from '../../../src/core/suggest/documentStructure';
import { readRstStructure } from '../../../src/core/suggest/rstStructure';
import { readStructure, type DocumentStructure } from '../../../src/core/suggest/structure';
import { documentFormat, isReviewable, isReviewableInDocument } from '../../../src/extension/suggest/reviewableDocument';
import { fixtureCatalog } from './fixtures';

/** A spec under a licence comment, with an overlined title. */
const SPEC = '..\n This work is licensed under a licence.\n\n=================\nSeat hold service\n=================\n\nHolds seats.\n';

const kinds = (s: DocumentStructure): string[] => s.blocks.map((b) => b.kind);

describe('document formats', () => {
  it('formatOfPath: .rst and .rest are reStructuredText, anything else Markdown', () => {
    assert.equal(formatOfPath('specs/queue.rst'), 'restructuredtext');
    assert.equal(formatOfPath('C:\\docs\\DESIGN.REST'), 'restructuredtext');
    assert.equal(formatOfPath('design.md'), 'markdown');
    assert.equal(formatOfPath('notes.rst.txt'), 'markdown');
    assert.equal(formatOfPath('first'), 'markdown');
  });
  it('readDocumentStructure and readOutline read Markdown unless told otherwise', () => {
    assert.deepEqual(readDocumentStructure(SPEC), readStructure(SPEC));
    assert.deepEqual(readDocumentStructure(SPEC, 'restructuredtext'), readRstStructure(SPEC));
    assert.equal(readOutline(SPEC, 'restructuredtext').title?.text, 'Seat hold service');
    assert.equal(readOutline(SPEC, 'restructuredtext').bodyStart, 2);
    assert.notEqual(readOutline(SPEC).title?.text, 'Seat hold service');
  });
  it('the engine reads the format it is given (analyse and suggest)', () => {
    const engine = createSuggestEngine(fixtureCatalog());
    const text = 'Plan\n~~~~\n\nNo double-booking: 50,000 seats, 2 million fans.\n';
    assert.deepEqual(kinds(engine.analyse(text).structure), ['paragraph', 'code']);
    assert.deepEqual(kinds(engine.analyse(text, 'restructuredtext').structure), ['title', 'paragraph']);
    assert.deepEqual(engine.suggest(text).suggestions, []);
    assert.equal(engine.suggest(text, { format: 'restructuredtext' }).suggestions[0]?.pattern, 'contention');
  });
  it('sdp suggest reads a .rst file as reStructuredText, stdin as Markdown unless --input-format says otherwise', async () => {
    const io = (stdin = ''): CliIO & { stdout: string; stderr: string } => {
      const o = { stdout: '', stderr: '', out: (s: string) => { o.stdout += s; }, err: (s: string) => { o.stderr += s; }, readStdin: async () => stdin };
      return o;
    };
    const text = 'Plan\n~~~~\n\nNo double-booking: 50,000 seats, 2 million fans.\n';
    const dir = mkdtempSync(join(tmpdir(), 'sdp-rst-'));
    try {
      writeFileSync(join(dir, 'plan.rst'), text);
      writeFileSync(join(dir, 'plan.md'), text);
      const patterns = async (args: string[], stdin?: string): Promise<string[]> => {
        const o = io(stdin);
        assert.equal(await suggestCommand([...args, '--json'], o, fixtureCatalog()), 0, o.stderr);
        return (JSON.parse(o.stdout) as { suggestions: { pattern: string }[] }).suggestions.map((s) => s.pattern);
      };
      assert.equal((await patterns([join(dir, 'plan.rst')]))[0], 'contention');
      assert.deepEqual(await patterns([join(dir, 'plan.md')]), []);
      assert.deepEqual(await patterns(['-'], text), []);
      assert.equal((await patterns(['-', '--input-format', 'restructuredtext'], text))[0], 'contention');
      assert.deepEqual(await patterns([join(dir, 'plan.rst'), '--input-format', 'markdown']), []);
      // --format stays the output's format.
      const sarif = io();
      assert.equal(await suggestCommand([join(dir, 'plan.rst'), '--format', 'sarif'], sarif, fixtureCatalog()), 0);
      assert.equal(JSON.parse(sarif.stdout).version, '2.1.0');
      const wrong = io();
      assert.equal(await suggestCommand(['-', '--input-format', 'asciidoc'], wrong, fixtureCatalog()), 2);
      assert.match(wrong.stderr, /--input-format takes one of markdown, restructuredtext/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
    it('the editor reads a document as its language says, or as its file name says for plain text', () => {
    const doc = (languageId: string, path: string): Parameters<typeof documentFormat>[0] =>
      ({ languageId, uri: { scheme: 'file', path } }) as unknown as Parameters<typeof documentFormat>[0];
    assert.equal(documentFormat(doc('restructuredtext', '/specs/a.txt')), 'restructuredtext');
    assert.equal(documentFormat(doc('plaintext', '/specs/a.rst')), 'restructuredtext');
    assert.equal(documentFormat(doc('markdown', '/specs/a.rst')), 'markdown');
    assert.equal(documentFormat(doc('plaintext', '/specs/a.txt')), 'markdown');
    // The Design Review view covers reStructuredText; the review inside the document (whose quick fixes write Markdown) does not.
    assert.ok(isReviewable(doc('restructuredtext', '/specs/a.rst')));
    assert.ok(isReviewable(doc('plaintext', '/specs/a.rst')));
    assert.ok(!isReviewableInDocument(doc('restructuredtext', '/specs/a.rst')));
    assert.ok(!isReviewableInDocument(doc('plaintext', '/specs/a.rst')));
    assert.ok(isReviewableInDocument(doc('plaintext', '/specs/a.txt')));
    assert.ok(isReviewableInDocument(doc('markdown', '/specs/a.md')));
  });
});
