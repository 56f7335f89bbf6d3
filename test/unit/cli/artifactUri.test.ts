import assert from 'node:assert/strict';
import { artifactUri } from '../../../src/cli/suggest';

/**
 * SARIF artifact URIs: a relative path is a URI reference that code scanning resolves against the
 * checkout, an absolute one a file: URI. Each path segment is percent-encoded whole, so a `#` or `?`
 * in a file name stays in the path instead of starting a fragment or a query.
 */

/** The path a code-scanning tool gets back: the URI resolved against a checkout, decoded. */
function resolved(uri: string): string {
  return decodeURIComponent(new URL(uri, 'file:///checkout/').pathname);
}

describe('artifactUri', () => {
  it('keeps # and ? in the file name (they began a fragment and a query)', () => {
    assert.equal(artifactUri('docs/rfc#12.md'), 'docs/rfc%2312.md');
    assert.equal(artifactUri('docs/why?.md'), 'docs/why%3F.md');
    for (const name of ['docs/rfc#12.md', 'docs/why?.md', 'docs/a #b ?c.md', 'docs/100%.md', 'docs/café design.md', 'docs/[draft] a;b=c&d.md', 'docs/x:y.md']) {
      assert.equal(resolved(artifactUri(name)), `/checkout/${name}`, name);
      assert.equal(resolved(artifactUri(`./${name}`)), `/checkout/${name}`, name);
    }
  });

  it('a first segment with a colon is no URI scheme', () => {
    assert.equal(artifactUri('a:b.md'), 'a%3Ab.md');
    assert.equal(resolved(artifactUri('a:b.md')), '/checkout/a:b.md');
  });

  it('absolute paths: a file: URI, each segment encoded; Windows drive letters keep their colon', () => {
    assert.equal(artifactUri('/abs/x.md'), 'file:///abs/x.md');
    assert.equal(artifactUri('/abs/rfc #1?.md'), 'file:///abs/rfc%20%231%3F.md');
    assert.equal(artifactUri('C:\\docs\\rfc#1.md'), 'file:///C:/docs/rfc%231.md');
    assert.equal(artifactUri('c:/docs/a b.md'), 'file:///c:/docs/a%20b.md');
    assert.equal(decodeURIComponent(new URL(artifactUri('/abs/rfc #1?.md')).pathname), '/abs/rfc #1?.md');
  });

  it('relative paths: forward slashes, no leading ./, spaces and non-ASCII letters encoded', () => {
    assert.equal(artifactUri('./docs/design/My Doc.md'), 'docs/design/My%20Doc.md');
    assert.equal(artifactUri('docs\\rfc.md'), 'docs/rfc.md');
    assert.equal(artifactUri('docs/café.md'), 'docs/caf%C3%A9.md');
    assert.equal(artifactUri('../other/x.md'), '../other/x.md');
  });

  it('a lone surrogate in a name is U+FFFD (encodeURIComponent threw on it); a pair is encoded as it is', () => {
    assert.equal(artifactUri('docs/a\ud800b.md'), 'docs/a%EF%BF%BDb.md');
    assert.equal(artifactUri('docs/\udc00.md'), 'docs/%EF%BF%BD.md');
    assert.equal(artifactUri('docs/\u{1f600}.md'), 'docs/%F0%9F%98%80.md');
  });

  it('a UNC path: the server is the host (file://server/share/...)', () => {
    assert.equal(artifactUri('\\\\fileserver\\docs\\rfc #1.md'), 'file://fileserver/docs/rfc%20%231.md');
    assert.equal(new URL(artifactUri('\\\\fileserver\\docs\\a.md')).host, 'fileserver');
  });

  it('a Windows extended-length path (\\\\?\\): the path it names, not a server called "?"', () => {
    assert.equal(artifactUri('\\\\?\\C:\\docs\\a.md'), 'file:///C:/docs/a.md');
    assert.equal(artifactUri('\\\\?\\UNC\\fileserver\\docs\\a.md'), 'file://fileserver/docs/a.md');
  });

  it('a device path before a drive letter or UNC\\ (\\\\.\\) is the path it names, as the extended-length form is', () => {
    assert.equal(artifactUri('\\\\.\\C:\\docs\\a b.md'), 'file:///C:/docs/a%20b.md');
    assert.equal(artifactUri('\\\\.\\UNC\\fileserver\\docs\\a.md'), 'file://fileserver/docs/a.md');
  });

  it('a volume GUID path or another device (no drive, no server): a valid file URI with no host, whose path decodes back to the one given', () => {
    const guid = 'Volume{b75e2c83-0000-0000-0000-602f00000000}';
    const cases: [string, string, string][] = [
      [`\\\\?\\${guid}\\docs\\rfc #1.md`, 'file:////%3F/Volume%7Bb75e2c83-0000-0000-0000-602f00000000%7D/docs/rfc%20%231.md', `//?/${guid}/docs/rfc #1.md`],
      // The device namespace is the same one: written with ?, since a "." segment is dropped by URI resolution.
      [`\\\\.\\${guid}\\docs\\a.md`, 'file:////%3F/Volume%7Bb75e2c83-0000-0000-0000-602f00000000%7D/docs/a.md', `//?/${guid}/docs/a.md`],
      ['\\\\.\\pipe\\design-doc', 'file:////%3F/pipe/design-doc', '//?/pipe/design-doc'],
    ];
    for (const [name, uri, path] of cases) {
      assert.equal(artifactUri(name), uri, name);
      // The WHATWG parser (a browser's, Node's) takes it as it is: no host, nothing changed; it threw on "file://%3F/...".
      const url = new URL(artifactUri(name));
      assert.equal(url.href, uri);
      assert.equal(url.host, '');
      assert.equal(decodeURIComponent(url.pathname), path);
      assert.equal(decodeURIComponent(url.pathname).replace(/\//g, '\\'), name.replace('\\\\.\\', '\\\\?\\'));
    }
  });
});
