import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadRepoCatalog } from '../../../eval/catalog';
import { capturedIO, type CapturedIO } from './capturedIO';
import { crashMessage, main } from '../../../src/cli/main';
import { suggestCommand } from '../../../src/cli/suggest';
import { forTerminal, unsafeForTerminal } from '../../../src/cli/terminalText';
import { serializeCatalog } from '../../../src/core/catalog/catalogJson';

/** The text output shows a document's control characters as escapes; JSON and SARIF keep the text. */

const ESC = '\u001b';
const DOC = `# Doc\n<!-- sdp-ignore: foo${ESC}[31mRED${ESC}[0m -->\n<!-- sdp-ignore: bar\u202eoof -->\n\nWe sell 50,000\u0007 seats to 2 million fans.\n`;

const fakeIO = (stdin = DOC): CapturedIO => capturedIO(stdin);

/** The repository's catalog as main() reads it (the built dist/catalog.json), written once to a temporary file. */
let builtCatalog: string | undefined;
function catalogFile(): string {
  if (builtCatalog === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'sdp-terminal-'));
    builtCatalog = join(dir, 'catalog.json');
    writeFileSync(builtCatalog, serializeCatalog(loadRepoCatalog()));
  }
  return builtCatalog;
}

describe('sdp suggest text output and terminal control characters', () => {
  after(() => { if (builtCatalog) rmSync(dirname(builtCatalog), { recursive: true, force: true }); });
  it('forTerminal writes C0/C1 controls and bidi overrides as \\uXXXX, keeps line feeds, tabs and letters', () => {
    assert.equal(forTerminal(`a${ESC}[2Jb\r\n\tc\u009bd\u202ee\u2066f é 😀`), 'a\\u001b[2Jb\\u000d\n\tc\\u009bd\\u202ee\\u2066f é 😀');
  });

  it('no escape sequence or bidi override from the document reaches the terminal; the words are still shown', async () => {
    const io = fakeIO();
    assert.equal(await suggestCommand(['-'], io, loadRepoCatalog()), 0, io.stderr);
    for (const c of [ESC, '\u202e', '\u0007']) assert.ok(!io.stdout.includes(c), JSON.stringify(c));
    assert.deepEqual([...io.stdout].filter((c) => unsafeForTerminal(c.charCodeAt(0))), []);
    assert.match(io.stdout, /foo\\u001b\[31mRED\\u001b\[0m/);
    assert.match(io.stdout, /bar\\u202eoof/);
  });

  it('--json keeps the text as written (JSON escapes it)', async () => {
    const io = fakeIO();
    assert.equal(await suggestCommand(['-', '--json'], io, loadRepoCatalog()), 0, io.stderr);
    const json = JSON.parse(io.stdout) as { unknownIds: { text: string }[] };
    assert.ok(json.unknownIds.some((u) => u.text.includes(`${ESC}[31m`)));
  });

  it('forTerminal writes a lone surrogate as \\uXXXX and keeps a pair', () => {
    assert.equal(forTerminal('a\ud800b\udc00c\ud83d\ude00'), 'a\\ud800b\\udc00c\ud83d\ude00');
  });

  it('file names and arguments on stderr are escaped too, through main (an unreadable file, an unknown option)', async () => {
    const evil = `no${ESC}[2J\u202efile.md`;
    const io = fakeIO();
    assert.equal(await main(['suggest', evil, '--format', 'sarif'], io, catalogFile()), 2);
    assert.match(io.stderr, /cannot read no\\u001b\[2J\\u202efile\.md/);
    const option = fakeIO();
    assert.equal(await main(['suggest', '-', `--x${ESC}]0;title\u0007`], option, catalogFile()), 2);
    assert.match(option.stderr, /unknown option --x\\u001b\]0;title\\u0007/);
    for (const out of [io.stderr, option.stderr]) assert.deepEqual([...out].filter((c) => unsafeForTerminal(c.charCodeAt(0))), [], out);
    // The SARIF log keeps the name as given (JSON escapes it).
    assert.ok(io.stdout.includes('\\u001b[2J'), 'SARIF holds the escaped-by-JSON name');
  });

  it('stderr is escaped in one place, main(): suggest passes its messages on as they are (escaping them again was wasted work)', async () => {
    const io = fakeIO();
    assert.equal(await suggestCommand(['-', `--x${ESC}[31m`], io, loadRepoCatalog()), 2);
    assert.ok(io.stderr.includes(`--x${ESC}[31m`), io.stderr);
  });

  it('through main: a file name in its own messages (the catalog) is escaped on stderr', async () => {
    const io = fakeIO();
    assert.equal(await main(['list'], io, `/no/such/catalog${ESC}[31m.json`), 1);
    assert.match(io.stderr, /catalog\\u001b\[31m\.json is missing/);
    assert.ok(!io.stderr.includes(ESC));
  });

  it('an unexpected error prints its stack escaped too (a file name in it is the user\'s words), line breaks kept', () => {
    const error = new Error(`cannot read notes${ESC}[2J.md`);
    const out = crashMessage(error);
    assert.ok(!out.includes(ESC));
    assert.match(out, /^sdp: Error: cannot read notes\\u001b\[2J\.md\n {4}at /);
    assert.equal(crashMessage('plain'), 'sdp: plain\n');
  });
});
