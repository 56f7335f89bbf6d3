/**
 * signed-url: a link verifies for the method and audience it was signed for until it expires, and
 * not after; another method (PUT for a GET link), another audience (another host or service sharing
 * the secret), editing the path, the query or the expiry, appending a parameter or using another
 * secret breaks it; a method or audience that could blur the signed text (a newline, a space, lower
 * case) is refused; a query with encoded characters verifies as issued; a query that a reader
 * splitting on ";" or decoding twice would read another expires from (a nested link included: it
 * goes base64url-encoded), and a path starting with "//" or "/\\" (another host to a browser), are
 * neither signed nor verified; a path a browser would not send as written is not signed, and every
 * path that is signed comes out of a WHATWG URL parser unchanged. TypeScript and Python check
 * each other's links (same scheme, same secret).
 */
import { strict as assert } from 'assert';
import { createHmac } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { proves, runPythonProof } from '../../harness';
import { importSnippet, workDir } from '../../library';

interface SignedUrl {
  signUrl(method: string, audience: string, path: string, secret: string, ttlSeconds?: number, now?: number): string;
  verifySignedUrl(method: string, audience: string, url: string, secret: string, now?: number): boolean;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SECRET = 'cdn-secret';
const NOW = 1_760_000_000_000; // ms
const METHOD = 'GET';
const AUDIENCE = 'media.example.com';
const PATHS = ['/videos/42/720p.mp4', '/img/a%20b.png?w=640&h=360', '/search?q=caf%C3%A9+au+lait&tag=a%2Bb', '/files/r%C3%A9sum%C3%A9.pdf'];

/** The same URL presented with another method or to another audience: each must fail. */
const OTHER_CONTEXTS: Record<string, [string, string]> = {
  'PUT instead of GET': ['PUT', AUDIENCE],
  'DELETE instead of GET': ['DELETE', AUDIENCE],
  'HEAD instead of GET': ['HEAD', AUDIENCE],
  'another host sharing the secret': [METHOD, 'uploads.example.com'],
  'another service sharing the secret': [METHOD, 'thumbnailer'],
  'the host with a port': [METHOD, `${AUDIENCE}:443`],
  'the host in upper case': [METHOD, AUDIENCE.toUpperCase()],
  'lower-case method': ['get', AUDIENCE],
  'method with a newline (blurs the signed text)': [`${METHOD}\n${AUDIENCE}`, AUDIENCE],
  'audience with a newline': [METHOD, `${AUDIENCE}\n`],
  'empty audience': [METHOD, ''],
};

/** Method and audience pairs that signing refuses (they would blur the signed text or are not tokens). */
const INVALID: [string, string][] = [
  ['get', AUDIENCE],
  ['', AUDIENCE],
  [`GET\n${AUDIENCE}`, AUDIENCE],
  [METHOD, ''],
  [METHOD, 'media example'],
  [METHOD, `${AUDIENCE}\n/admin`],
  [METHOD, 'm\u00e9dia.example.com'],
];

/**
 * Visible ASCII paths a browser does not send as written (WHATWG URL, as Node's URL parses them): the
 * server would never see the signed bytes, so the link could never verify. The signer refuses them.
 */
const BROWSER_REWRITES: Record<string, string> = {
  'a "\\" in the path (sent as "/")': '/a\\b.mp4',
  'a "\'" in the query (sent as %27)': "/v.mp4?t='x'",
  'a \'"\' in the path': '/a"b.mp4',
  'a "<" and ">" in the query': '/v.mp4?t=<b>',
  'a "`" in the path': '/a`b.mp4',
  'a "{" and "}" in the path': '/a{b}.mp4',
  'a ".." segment (resolved away)': '/a/../b.mp4',
  'a "." segment (resolved away)': '/a/./b.mp4',
  'a ".." segment spelled %2e%2E': '/a/%2e%2E/b.mp4',
  'a trailing ".." segment before the query': '/a/..?w=1',
};

/**
 * Paths the signer refuses. A query that already holds `expires` or `signature` (any spelling a
 * reader by name decodes to it) would put two in the link: a CDN reading the first by name
 * (URLSearchParams.get) would take the unsigned one. A "#" never reaches the server; a path not
 * starting with "/" is not a request target.
 */
const BAD_PATHS: Record<string, string> = {
  'query with expires': '/v.mp4?expires=99999999999',
  'query with expires after another parameter': '/v.mp4?w=640&expires=99999999999',
  'query with an empty expires': '/v.mp4?expires',
  'query with signature': '/v.mp4?signature=AAAA',
  'query with Expires in capitals': '/v.mp4?Expires=99999999999',
  'query with a percent-encoded expires': '/v.mp4?%65xpires=99999999999',
  'query with a percent-encoded signature': '/v.mp4?sig%6Eature=x',
  // new URLSearchParams(query) drops one leading "?", so a reader that slices after the first "?" reads "expires" here.
  'query starting with a second "?" before expires': '/v.mp4??expires=99999999999',
  // A dotless i and a long s upper-case to EXPIRES and SIGNATURE (Java's equalsIgnoreCase matches them).
  'expires with a dotless i': '/v.mp4?exp%C4%B1res=99999999999',
  'signature with a long s': '/v.mp4?%C5%BFignature=x',
  'a fragment': '/v.mp4#t=10',
  'a fragment after the query': '/v.mp4?w=640#t=10',
  // Sent percent-encoded by the browser, so never as signed; a raw line break or U+2028 also fails
  // TypeScript's own verifier (its "." does not match them).
  'a raw space': '/a b.mp4',
  'a raw non-ASCII letter': '/caf\u00e9.mp4',
  'a raw line feed': '/a\nb.mp4',
  'a raw U+2028': '/a\u2028b.mp4',
  // Readers that differ from URLSearchParams: one that also splits on ";" (Python's parse_qsl
  // before 3.9.2, Go's ParseQuery before 1.17), and one that percent-decodes twice (a proxy
  // normalising the query, then the application's parser).
  'expires after a ";"': '/v.mp4?w=640;expires=99999999999',
  'signature after a ";"': '/v.mp4?w=640;signature=x',
  'expires percent-encoded twice': '/v.mp4?%2565xpires=99999999999',
  'expires behind a percent-encoded "&"': '/v.mp4?w=640%26expires=99999999999',
  // A browser or URL parser reads these as scheme-relative URLs: a link to the host "evil.example".
  'a leading "//"': '//evil.example/v.mp4',
  'a leading "/\\"': '/\\evil.example/v.mp4',
  // Correctly encoded values that hold "&signature" once decoded: a reader that decodes twice cannot
  // tell them from a smuggled parameter, so they stay refused (the doc comment gives the workaround).
  'a signed link carried in a query value': `/player?src=${encodeURIComponent(`/v.mp4?expires=1760000300&signature=${'A'.repeat(43)}`)}`,
  'a value holding a percent-encoded "&signature"': '/v.mp4?title=Tom%26signature',
  ...BROWSER_REWRITES,
  'a "^" (not allowed by RFC 3986)': '/a^b.mp4',
  'a "|" (not allowed by RFC 3986)': '/v.mp4?a=b|c',
  'a "`" in the query': '/v.mp4?a=`b`',
  'a "{" in the query': '/v.mp4?a={b}',
  'a "\\" in the query': '/v.mp4?a=b\\c',
  'no leading slash': 'v.mp4',
  'a full URL': 'https://media.example.com/v.mp4',
  'empty': '',
};

/**
 * Near misses the signer still signs: names that merely contain the reserved ones, the words in a
 * value or in the path, a `;` inside a value, a doubly encoded `%`, and `//` after the first segment.
 */
const NEAR_MISSES = [
  '/v.mp4?expires_at=1&xsignature=2',
  '/v.mp4?note=expires%3D1',
  '/expires=1/v.mp4',
  '/v.mp4?q=a;b&w=1',
  '/v.mp4?p=100%2525',
  '/a//b.mp4',
  // The workaround for a nested link: carried base64url-encoded, it holds no "%", "&", ";" or "=".
  `/player?src=${Buffer.from(`/v.mp4?expires=1760000300&signature=${'A'.repeat(43)}`).toString('base64url')}`,
  '/v.mp4?title=Tom%26Jerry',
  // Sent as written: "'" in the path (only the query encodes it), dots inside a segment.
  "/it's.mp4",
  '/a/.b/..c/...mp4',
];

/** TTLs the signer refuses: only a positive whole number of seconds makes a link. */
const BAD_TTLS: Record<string, unknown> = { zero: 0, negative: -300, fraction: 1.5, NaN: Number.NaN, infinite: Number.POSITIVE_INFINITY, 'a string': '300', 'an expiry past 12 digits (the verifier reads at most 12)': 1e12 };

/** The signed text, computed here from the scheme (not the snippet), to build links the signer now refuses to make. */
const handSigned = (method: string, audience: string, unsigned: string, secret = SECRET): string =>
  `${unsigned}&signature=${createHmac('sha256', secret).update(`${method}\n${audience}\n${unsigned}`).digest('base64url')}`;

/**
 * Correctly signed URLs holding `expires` or `signature` twice (what the signer used to issue for
 * `/v.mp4?expires=99999999999`): the verifier must refuse them, since a CDN reading the first by name
 * sees another expiry (or signature) than the one that was checked. `false` for each, and one control
 * built the same way with one of each, which must verify (so the hand signature is right).
 */
function duplicated(nowSeconds: number): { name: string; url: string; expect: boolean }[] {
  const real = nowSeconds + 300;
  return [
    { name: 'control: one expires, one signature', url: handSigned(METHOD, AUDIENCE, `/v.mp4?w=640&expires=${real}`), expect: true },
    { name: 'expires twice', url: handSigned(METHOD, AUDIENCE, `/v.mp4?expires=99999999999&expires=${real}`), expect: false },
    { name: 'expires twice, the first empty', url: handSigned(METHOD, AUDIENCE, `/v.mp4?expires&expires=${real}`), expect: false },
    { name: 'Expires in capitals, then expires', url: handSigned(METHOD, AUDIENCE, `/v.mp4?Expires=99999999999&expires=${real}`), expect: false },
    { name: 'percent-encoded expires, then expires', url: handSigned(METHOD, AUDIENCE, `/v.mp4?%65xpires=99999999999&expires=${real}`), expect: false },
    { name: 'a second "?", then expires, then expires', url: handSigned(METHOD, AUDIENCE, `/v.mp4??expires=99999999999&expires=${real}`), expect: false },
    { name: 'expires with a dotless i, then expires', url: handSigned(METHOD, AUDIENCE, `/v.mp4?exp%C4%B1res=99999999999&expires=${real}`), expect: false },
    { name: 'signature twice', url: handSigned(METHOD, AUDIENCE, `/v.mp4?signature=${'A'.repeat(43)}&expires=${real}`), expect: false },
    { name: 'control: a ";" inside a value', url: handSigned(METHOD, AUDIENCE, `/v.mp4?q=a;b&expires=${real}`), expect: true },
    { name: 'expires after a ";", then expires', url: handSigned(METHOD, AUDIENCE, `/v.mp4?w=640;expires=99999999999&expires=${real}`), expect: false },
    { name: 'expires encoded twice, then expires', url: handSigned(METHOD, AUDIENCE, `/v.mp4?%2565xpires=99999999999&expires=${real}`), expect: false },
    { name: 'expires behind an encoded "&", then expires', url: handSigned(METHOD, AUDIENCE, `/v.mp4?w=640%26expires=99999999999&expires=${real}`), expect: false },
    { name: 'a path starting with "//"', url: handSigned(METHOD, AUDIENCE, `//evil.example/v.mp4?expires=${real}`), expect: false },
    { name: 'a path starting with "/\\"', url: handSigned(METHOD, AUDIENCE, `/\\evil.example/v.mp4?expires=${real}`), expect: false },
  ];
}

/** Every way to break `url`, each of which must fail verification. */
function forgeries(url: string, other: string): Record<string, string> {
  const expires = /expires=(\d+)/.exec(url)![1]!;
  return {
    'other path': url.replace(/^\/[a-z]+/, '/private'),
    'extended expiry': url.replace(`expires=${expires}`, `expires=${Number(expires) + 86_400}`),
    'appended parameter': `${url}&download=1`,
    'parameter inserted before the expiry': url.replace('expires=', 'admin=1&expires='),
    'signature of another secret': other,
    'signature removed': url.replace(/&signature=.*$/, ''),
    'signature altered': url.replace(/signature=(.)/, (_m, c: string) => `signature=${c === 'A' ? 'B' : 'A'}`),
    // 43 base64url characters carry 258 bits for the 256 of the HMAC: the last character's two low
    // bits are padding, so four spellings decode to the same bytes. Only the canonical one is the link
    // we issued (a decoder that ignores those bits lets one link become four cache keys).
    // Python's $ also matches before a final newline: the signed link with one appended.
    'newline after the signature': `${url}\n`,
    'signature with the padding bits of its last character set': url.replace(/.$/, (c) => B64URL[B64URL.indexOf(c) ^ 1]!),
    // The MAC covers the target's bytes as received, decoded zero times, so another spelling of the
    // same resource is another URL (a report of decoding in verification; the only decoding is in
    // the name readings, at most twice, and it never reaches the signed text).
    'a letter of the path percent-encoded': url.replace(/^\/([a-z])/, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`),
    'a letter of the path percent-encoded twice': url.replace(/^\/([a-z])/, (_m, c: string) => `/%25${c.charCodeAt(0).toString(16)}`),
    'the "=" of the expiry percent-encoded': url.replace('expires=', 'expires%3D'),
    ...(/%[0-9A-F]{2}/.test(url) ? { 'a percent escape decoded': url.replace(/%([0-9A-F]{2})/, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) } : {}),
  };
}

describe('signed-url', function () {
  this.timeout(120_000);
  const dir = workDir('signed-url');

  it('typescript: valid until expiry for its method and audience only, and every edit of path, query, expiry or signature is rejected', () => {
    const { signUrl, verifySignedUrl } = importSnippet<SignedUrl>('signed-url');
    proves('signed-url', 'typescript');
    for (const p of PATHS) {
      const url = signUrl(METHOD, AUDIENCE, p, SECRET, 300, NOW);
      assert.ok(url.startsWith(p), 'the path and query are kept as given');
      assert.equal(verifySignedUrl(METHOD, AUDIENCE, url, SECRET, NOW), true, url);
      assert.equal(verifySignedUrl(METHOD, AUDIENCE, url, SECRET, NOW + 299_000), true, 'still valid just before expiry');
      assert.equal(verifySignedUrl(METHOD, AUDIENCE, url, SECRET, NOW + 301_000), false, 'expired');
      for (const [name, [method, audience]] of Object.entries(OTHER_CONTEXTS)) {
        assert.equal(verifySignedUrl(method, audience, url, SECRET, NOW), false, `${name}: ${url}`);
      }
      for (const [name, forged] of Object.entries(forgeries(url, signUrl(METHOD, AUDIENCE, p, 'other', 300, NOW)))) {
        assert.equal(verifySignedUrl(METHOD, AUDIENCE, forged, SECRET, NOW), false, `${name}: ${forged}`);
      }
    }
    // A PUT link for an upload is its own link: valid for PUT, not for GET.
    const put = signUrl('PUT', 'uploads.example.com', '/uploads/7', SECRET, 300, NOW);
    assert.equal(verifySignedUrl('PUT', 'uploads.example.com', put, SECRET, NOW), true);
    assert.equal(verifySignedUrl('GET', 'uploads.example.com', put, SECRET, NOW), false);
    for (const [method, audience] of INVALID) {
      assert.throws(() => signUrl(method, audience, '/videos/1.mp4', SECRET, 300, NOW), TypeError, JSON.stringify([method, audience]));
    }
  });

  it('typescript: the signer refuses a query already holding expires or signature, a fragment, a path without a leading "/" and a bad TTL; the verifier refuses expires or signature twice', () => {
    const { signUrl, verifySignedUrl } = importSnippet<SignedUrl>('signed-url');
    proves('signed-url', 'typescript');
    for (const [name, p] of Object.entries(BAD_PATHS)) {
      assert.throws(() => signUrl(METHOD, AUDIENCE, p, SECRET, 300, NOW), TypeError, `${name}: ${p}`);
    }
    for (const [name, ttl] of Object.entries(BAD_TTLS)) {
      assert.throws(() => signUrl(METHOD, AUDIENCE, '/v.mp4', SECRET, ttl as number, NOW), RangeError, name);
    }
    for (const p of NEAR_MISSES) {
      assert.equal(verifySignedUrl(METHOD, AUDIENCE, signUrl(METHOD, AUDIENCE, p, SECRET, 300, NOW), SECRET, NOW), true, p);
    }
    for (const { name, url, expect } of duplicated(NOW / 1000)) {
      assert.equal(verifySignedUrl(METHOD, AUDIENCE, url, SECRET, NOW), expect, `${name}: ${url}`);
    }
  });

  it('typescript: every path the signer accepts is sent by a browser as written, and the rewritten ones are refused', () => {
    const { signUrl, verifySignedUrl } = importSnippet<SignedUrl>('signed-url');
    proves('signed-url', 'typescript');
    // Node's URL is a WHATWG URL parser, as a browser's is: what it makes of the path is what the server receives.
    const sent = (p: string) => {
      const u = new URL(p, `https://${AUDIENCE}`);
      return u.pathname + u.search;
    };
    for (const p of [...PATHS, ...NEAR_MISSES]) {
      const url = signUrl(METHOD, AUDIENCE, p, SECRET, 300, NOW);
      assert.equal(sent(url), url, `sent as signed: ${url}`);
      assert.equal(verifySignedUrl(METHOD, AUDIENCE, sent(url), SECRET, NOW), true, url);
    }
    for (const [name, p] of Object.entries(BROWSER_REWRITES)) {
      assert.notEqual(sent(p), p, `the browser rewrites ${name}: ${p}`);
      assert.throws(() => signUrl(METHOD, AUDIENCE, p, SECRET, 300, NOW), TypeError, `${name}: ${p}`);
    }
  });

  it('python: valid until expiry for its method and audience only, edits rejected, and links from TypeScript verify in Python and back', async () => {
    const { signUrl, verifySignedUrl } = importSnippet<SignedUrl>('signed-url');
    const cases = PATHS.flatMap((p) => {
      const url = signUrl(METHOD, AUDIENCE, p, SECRET, 300, NOW);
      return [
        { method: METHOD, audience: AUDIENCE, url, now: NOW / 1000, expect: true },
        { method: METHOD, audience: AUDIENCE, url, now: NOW / 1000 + 301, expect: false },
        ...Object.values(OTHER_CONTEXTS).map(([method, audience]) => ({ method, audience, url, now: NOW / 1000, expect: false })),
        ...Object.values(forgeries(url, signUrl(METHOD, AUDIENCE, p, 'other', 300, NOW))).map((forged) => ({
          method: METHOD,
          audience: AUDIENCE,
          url: forged,
          now: NOW / 1000,
          expect: false,
        })),
      ];
    });
    cases.push(...duplicated(NOW / 1000).map(({ url, expect }) => ({ method: METHOD, audience: AUDIENCE, url, now: NOW / 1000, expect })));
    const input = path.join(dir, 'from-ts.json');
    const output = path.join(dir, 'from-py.json');
    fs.writeFileSync(
      input,
      JSON.stringify({ secret: SECRET, method: METHOD, audience: AUDIENCE, paths: PATHS, now: NOW / 1000, cases, others: Object.values(OTHER_CONTEXTS), invalid: INVALID, badPaths: BAD_PATHS, nearMisses: NEAR_MISSES }),
    );
    fs.rmSync(output, { force: true });
    await runPythonProof({ snippet: 'signed-url', programs: ['proof.py'], args: [input, output] });
    const fromPython = JSON.parse(fs.readFileSync(output, 'utf8')) as string[];
    assert.equal(fromPython.length, PATHS.length);
    for (const url of fromPython) {
      assert.equal(verifySignedUrl(METHOD, AUDIENCE, url, SECRET, NOW), true, `a Python link verifies in TypeScript: ${url}`);
      assert.equal(verifySignedUrl(METHOD, AUDIENCE, url, SECRET, NOW + 301_000), false);
      assert.equal(verifySignedUrl('PUT', AUDIENCE, url, SECRET, NOW), false);
      assert.equal(verifySignedUrl(METHOD, 'uploads.example.com', url, SECRET, NOW), false);
    }
  });
});
