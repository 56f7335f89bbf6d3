/**
 * The UI test's one-extension gallery (test/e2e/support/localGallery.ts) and the .vsix reader it
 * stands on, against a small .vsix built here: what VS Code's searches find, what the Popular list
 * gets (nothing), and the files it downloads.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { LocalGallery } from '../../e2e/support/localGallery';
import { NotAZipArchiveError, VsixArchive } from '../../e2e/support/vsixArchive';

/** A zip archive: `deflate` entries compressed, the others stored. */
function zip(files: Record<string, string>, deflate: string[] = []): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const raw = Buffer.from(text);
    const compressed = deflate.includes(name);
    const data = compressed ? deflateRawSync(raw) : raw;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(compressed ? 8 : 0, 8);
    local.writeUInt32LE(crc32(raw), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(compressed ? 8 : 0, 10);
    central.writeUInt32LE(crc32(raw), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const manifest = {
  name: 'sample-ext',
  publisher: 'sample-pub',
  version: '1.2.3',
  displayName: '%displayName%',
  description: '%description%',
  keywords: ['caching'],
  engines: { vscode: '^1.90.0' },
};
const files = {
  'extension.vsixmanifest': '<PackageManifest/>',
  'extension/package.json': JSON.stringify(manifest),
  'extension/package.nls.json': JSON.stringify({ displayName: 'Sample Patterns', description: 'Trade-off cards for design docs' }),
  'extension/readme.md': '# Sample\n'.repeat(50),
};

describe('the UI test\'s local gallery', () => {
  let dir: string;
  let vsix: string;
  let gallery: LocalGallery;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sdp-gallery-'));
    vsix = join(dir, 'sample.vsix');
    writeFileSync(vsix, zip(files, ['extension/package.json', 'extension/readme.md']));
    gallery = new LocalGallery(vsix);
    await gallery.start();
  });
  after(async () => {
    await gallery.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const query = async (...criteria: { filterType: number; value: string }[]) => {
    const base = JSON.parse(gallery.environmentValue) as { serviceUrl: string };
    const response = await fetch(`${base.serviceUrl}/extensionquery`, { method: 'POST', body: JSON.stringify({ filters: [{ criteria }], flags: 914 }) });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { results: { extensions: { extensionName: string; displayName: string; versions: { assetUri: string; files: { assetType: string }[]; properties: { key: string; value: string }[] }[] }[] }[] };
    return body.results[0]!.extensions;
  };
  const target = { filterType: 8, value: 'Microsoft.VisualStudio.Code' };

  it('reads stored and deflated entries out of a .vsix, and names a file that is not a zip', () => {
    const archive = new VsixArchive(vsix);
    assert.deepEqual(archive.names(), Object.keys(files));
    assert.equal(archive.readText('extension.vsixmanifest'), files['extension.vsixmanifest']);
    assert.equal(archive.readText('extension/readme.md'), files['extension/readme.md']);
    assert.equal(archive.read('extension/missing.txt'), undefined);
    const notZip = join(dir, 'not.vsix');
    writeFileSync(notZip, 'plain text, long enough to be scanned for an end record');
    assert.throws(() => new VsixArchive(notZip), /not\.vsix is not a zip archive/);
  });

  it('names a short, truncated or ZIP64 archive as not a zip archive, never a bare RangeError', () => {
    const good = zip(files);
    const endAt = good.length - 22;
    const count = good.readUInt16LE(endAt + 10);
    const cdSize = good.readUInt32LE(endAt + 12);
    const cdAt = good.readUInt32LE(endAt + 16);
    const endRecord = (patch: (end: Buffer) => void): Buffer => {
      const end = Buffer.from(good.subarray(endAt));
      patch(end);
      return end;
    };
    const cases: [string, Buffer, RegExp][] = [
      ['empty', Buffer.alloc(0), /0 bytes, shorter than a zip's end record/],
      ['ten bytes', Buffer.from('PK\x05\x06abcdef'), /10 bytes, shorter/],
      ['22 zero bytes', Buffer.alloc(22), /no end of central directory/],
      // The end record kept, half of the central directory gone.
      ['cut directory', Buffer.concat([good.subarray(0, cdAt + Math.floor(cdSize / 2)), endRecord(() => undefined)]), /does not fit before the end record/],
      // The end record promises one entry more than the directory holds.
      ['entry missing', Buffer.concat([good.subarray(0, endAt), endRecord((end) => end.writeUInt16LE(count + 1, 10))]), /cut short at entry 4 of 5/],
      // An entry's name runs past the directory's end.
      ['long name', (() => {
        const copy = Buffer.from(good);
        copy.writeUInt16LE(0xfff0, cdAt + 28);
        return copy;
      })(), /cut short in entry 0 of 4/],
      ['ZIP64 count', Buffer.concat([good.subarray(0, endAt), endRecord((end) => end.writeUInt16LE(0xffff, 10))]), /ZIP64, which this reader does not support/],
      ['ZIP64 offset', Buffer.concat([good.subarray(0, endAt), endRecord((end) => end.writeUInt32LE(0xffffffff, 16))]), /ZIP64/],
    ];
    for (const [label, bytes, reason] of cases) {
      const path = join(dir, `${label.replace(/ /g, '-')}.vsix`);
      writeFileSync(path, bytes);
      assert.throws(
        () => new VsixArchive(path),
        (error: unknown) => error instanceof NotAZipArchiveError && error.name === 'NotAZipArchiveError' && /is not a zip archive/.test(error.message) && reason.test(error.message),
        label,
      );
    }
    // A directory that reads, but an entry's data runs past the end of the file.
    const longData = Buffer.from(good);
    longData.writeUInt32LE(good.length, cdAt + 20);
    const path = join(dir, 'long-data.vsix');
    writeFileSync(path, longData);
    const archive = new VsixArchive(path);
    assert.throws(() => archive.read(Object.keys(files)[0]!), (error: unknown) => error instanceof NotAZipArchiveError && /is cut short/.test(error.message));
  });

  it('finds the extension for a search whose words all occur in it, with its translated name and engine', async () => {
    const found = await query(target, { filterType: 10, value: 'sample PATTERNS' });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.extensionName, 'sample-ext');
    assert.equal(found[0]!.displayName, 'Sample Patterns');
    assert.deepEqual(found[0]!.versions[0]!.properties, [{ key: 'Microsoft.VisualStudio.Code.Engine', value: '^1.90.0' }]);
    assert.equal((await query(target, { filterType: 10, value: 'caching cards' })).length, 1);
    assert.equal((await query(target, { filterType: 10, value: 'sample python' })).length, 0);
  });

  it('finds nothing for a search with no words left: empty, blank, or only @ filters', async () => {
    for (const value of ['', '   ', '@popular', '@sort:installs @category:other']) {
      assert.equal((await query(target, { filterType: 10, value })).length, 0, JSON.stringify(value));
    }
    // The @ filters are set aside, the words still count.
    assert.equal((await query(target, { filterType: 10, value: '@popular sample' })).length, 1);
  });

  it('answers 400 with the reason to a request it cannot read, and keeps serving', async () => {
    const base = JSON.parse(gallery.environmentValue) as { serviceUrl: string };
    const post = (body: string) => fetch(`${base.serviceUrl}/extensionquery`, { method: 'POST', body });
    const cases: [string, RegExp][] = [
      ['{"filters": [', /not JSON/],
      ['[1, 2]', /not a JSON object/],
      ['{"filters": {"criteria": []}}', /filters is not an array/],
      ['{"filters": [{"criteria": "sample"}]}', /criteria is not an array/],
      ['{"filters": [{"criteria": [{"filterType": "10", "value": "sample"}]}]}', /filterType: number/],
      ['{"filters": [{"criteria": [{"filterType": 10, "value": 7}]}]}', /value\?: string/],
    ];
    for (const [body, reason] of cases) {
      const response = await post(body);
      assert.equal(response.status, 400, body);
      assert.match(await response.text(), reason, body);
    }
    const [extension] = await query(target, { filterType: 10, value: 'sample' });
    const badEncoding = await fetch(`${extension!.versions[0]!.assetUri}/Microsoft.VisualStudio.Code.%ZZManifest`);
    assert.equal(badEncoding.status, 400);
    assert.match(await badEncoding.text(), /bad %-encoding/);
    assert.equal((await query(target, { filterType: 10, value: 'sample' })).length, 1, 'still answers after bad requests');
  });

  it('finds it by id, not the Popular list (no search, no id)', async () => {
    assert.equal((await query(target, { filterType: 7, value: 'Sample-Pub.Sample-Ext' })).length, 1);
    assert.equal((await query(target, { filterType: 7, value: 'other.ext' })).length, 0);
    assert.equal((await query(target)).length, 0);
  });

  it('serves the manifest and the package it lists, counts the downloads, and allows the page to ask', async () => {
    const [extension] = await query(target, { filterType: 10, value: 'sample' });
    const version = extension!.versions[0]!;
    const manifestUrl = `${version.assetUri}/Microsoft.VisualStudio.Code.Manifest`;
    assert.deepEqual(await (await fetch(manifestUrl)).json(), manifest);
    assert.equal(gallery.packageDownloads(), 0);
    const vsixBytes = Buffer.from(await (await fetch(`${version.assetUri}/Microsoft.VisualStudio.Services.VSIXPackage`)).arrayBuffer());
    assert.deepEqual(vsixBytes, new VsixArchive(vsix).whole());
    assert.equal(gallery.packageDownloads(), 1);
    const preflight = await fetch(manifestUrl, { method: 'OPTIONS' });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.equal((await fetch(`${version.assetUri}/Microsoft.VisualStudio.Services.VsixSignature`)).status, 404);
  });
});
