import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRepoCatalog } from '../../../eval/catalog';
import type { Catalog } from '../../../src/core/catalog/model';
import type { CliIO } from '../../../src/cli/io';
import { decodeText } from '../../../src/cli/decodeText';
import { suggestCommand } from '../../../src/cli/suggest';
import { inTemporaryFolder } from './capturedIO';

/** `sdp suggest` on real files and standard input, in-process: what reaches the CLI as bytes and names. */

const DOC = '# Seat booking\n\nNo double-booking: 50,000 seats, 2 million fans race for the last seat.\n';

interface Captured extends CliIO { stdout: string; stderr: string; stdinReads: number }

/** Standard input as a process has it: the whole text on the first read, nothing after. */
function fakeIO(stdin = ''): Captured {
  const io: Captured = {
    stdout: '', stderr: '', stdinReads: 0,
    out: (s) => { io.stdout += s; },
    err: (s) => { io.stderr += s; },
    readStdin: async () => (io.stdinReads++ === 0 ? stdin : ''),
  };
  return io;
}

interface Sarif { runs: { artifacts: { location: { uri: string } }[]; results: { locations: { physicalLocation: { artifactLocation: { uri: string; index: number } } }[] }[] }[] }

describe('sdp suggest: files and input', () => {
  let catalog: Catalog;
  before(() => {
    catalog = loadRepoCatalog();
  });
  const folder = inTemporaryFolder('sdp-files-', { 'a.md': DOC, 'b.md': DOC });

  describe('a UTF-8 byte order mark at the start (as the editor, which drops it)', () => {
    const BOM = '\uFEFF';
    const DOC_AT_LINE_1 = 'No double-booking: 50,000 seats, 2 million fans race for the last seat.\n\nEach seat row takes a lock.\n';
    before(() => {
      writeFileSync('plain.md', DOC_AT_LINE_1);
      writeFileSync('bom.md', BOM + DOC_AT_LINE_1);
    });

    for (const format of ['json', 'sarif', 'text']) {
      it(`a file: --format ${format} is the same as without the mark (results, titles, line-1 columns)`, async () => {
        const plain = fakeIO();
        assert.equal(await suggestCommand(['plain.md', '--format', format], plain, catalog), 0, plain.stderr);
        const bom = fakeIO();
        assert.equal(await suggestCommand(['bom.md', '--format', format], bom, catalog), 0, bom.stderr);
        assert.match(plain.stdout, /"line": 1,|"startLine": 1,|^ {2}1:\d/m, 'line 1 has evidence or a finding');
        assert.equal(bom.stdout.replace(/bom\.md/g, 'plain.md'), plain.stdout);
      });
    }

    it('standard input: the same as without the mark', async () => {
      const plain = fakeIO(DOC_AT_LINE_1);
      await suggestCommand(['-', '--json'], plain, catalog);
      const bom = fakeIO(BOM + DOC_AT_LINE_1);
      await suggestCommand(['-', '--json'], bom, catalog);
      assert.equal(bom.stdout, plain.stdout);
      assert.doesNotMatch(bom.stdout, /\uFEFF|\\ufeff/i);
    });
  });

  describe('UTF-16 (as Windows tools write it): read after its byte order mark', () => {
    const DOC_AT_LINE_1 = 'No double-booking: 50,000 seats, 2 million fans race for the last seat.\n\nEach seat row takes a lock.\n';
    const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();
    before(() => {
      writeFileSync('utf8.md', DOC_AT_LINE_1);
      writeFileSync('le.md', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DOC_AT_LINE_1, 'utf16le')]));
      writeFileSync('be.md', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(DOC_AT_LINE_1)]));
      writeFileSync('nobom.md', Buffer.from(DOC_AT_LINE_1, 'utf16le'));
    });

    for (const name of ['le.md', 'be.md']) {
      it(`${name}: the same review as the UTF-8 file`, async () => {
        const utf8 = fakeIO();
        assert.equal(await suggestCommand(['utf8.md', '--json'], utf8, catalog), 0, utf8.stderr);
        const io = fakeIO();
        assert.equal(await suggestCommand([name, '--json'], io, catalog), 0, io.stderr);
        assert.equal(io.stdout.replace(name, 'utf8.md'), utf8.stdout);
        assert.match(io.stdout, /"line": 1,/);
      });
    }

    it('without the mark it is still binary data to the reader (exit 2, the same message)', async () => {
      const io = fakeIO();
      assert.equal(await suggestCommand(['nobom.md'], io, catalog), 2);
      assert.match(io.stderr, /nobom\.md looks like binary data/);
    });

    it('decodeText: an odd last byte reads as U+FFFD; UTF-8 stays UTF-8', () => {
      assert.equal(decodeText(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42])), '\ufeffA\ufffd');
      assert.equal(decodeText(Buffer.from('é', 'utf8')), 'é');
      assert.equal(decodeText(Buffer.from([0xfe, 0xff, 0xd8, 0x3d, 0xde, 0x00])), '\ufeff\u{1f600}');
    });
  });

  describe('the same file given twice', () => {
    it('is reviewed once, in the order first given: one artifact each, no doubled results', async () => {
      const once = fakeIO();
      assert.equal(await suggestCommand(['a.md', 'b.md', '--format', 'sarif'], once, catalog), 0, once.stderr);
      const io = fakeIO();
      assert.equal(await suggestCommand(['a.md', './a.md', 'b.md', join(folder.dir(), 'a.md'), '--format', 'sarif'], io, catalog), 0, io.stderr);
      const run = (JSON.parse(io.stdout) as Sarif).runs[0]!;
      assert.deepEqual(run.artifacts.map((a) => a.location.uri), ['a.md', 'b.md']);
      assert.equal(run.results.length, (JSON.parse(once.stdout) as Sarif).runs[0]!.results.length);
      for (const r of run.results) {
        const loc = r.locations[0]!.physicalLocation.artifactLocation;
        assert.equal(run.artifacts[loc.index]!.location.uri, loc.uri);
      }
      assert.match(io.stderr, /\.\/a\.md.*same file as a\.md/);
    });

    it('standard input twice (- -) is read once', async () => {
      const io = fakeIO(DOC);
      assert.equal(await suggestCommand(['-', '-', '--format', 'sarif'], io, catalog), 0, io.stderr);
      assert.equal(io.stdinReads, 1);
      const run = (JSON.parse(io.stdout) as Sarif).runs[0]!;
      assert.deepEqual(run.artifacts.map((a) => a.location.uri), ['stdin']);
      assert.ok(run.results.length > 0);
    });

    it('without --format sarif, a file given twice is one file, not "more than one file"', async () => {
      const io = fakeIO();
      assert.equal(await suggestCommand(['a.md', './a.md', '--json'], io, catalog), 0, io.stderr);
      assert.equal((JSON.parse(io.stdout) as { file: string }).file, 'a.md');
    });
  });
});
