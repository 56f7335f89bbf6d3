import { createHmac, timingSafeEqual } from 'node:crypto';

// The signed text is "<METHOD>\n<audience>\n<path?query&expires=N>": neither field before the path
// may hold a newline, so the text splits one way only. Upper-case method tokens; the audience is
// the host or service name the link is for, visible ASCII without spaces.
const METHOD = /^[A-Z]{1,16}\$/;
const AUDIENCE = /^[\x21-\x7e]{1,255}\$/;

/** Percent-decodes each %XX run as UTF-8 (a bad sequence becomes U+FFFD, as URLSearchParams does); `plus`: "+" is a space. */
function unescapeQuery(text: string, plus: boolean): string {
  return (plus ? text.replace(/\+/g, ' ') : text).replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/**
 * The parameter names of a path's query (everything after its first "?"; none without one) in each
 * way a reader may split it: one list per reading. URLSearchParams splits on "&", decodes each name
 * once ("+" a space) and drops one leading "?"; an older parser also splits on ";" (Python's
 * parse_qsl before 3.9.2, Go's url.ParseQuery before 1.17); a proxy that decodes the query before
 * the application parses it decodes twice, so "%2565xpires" and "w=1%26expires" read as "expires".
 * Names are case-folded so no spelling slips through: upper-cased first, since a dotless i and a
 * long s upper-case to I and S (a case-insensitive match such as Java's equalsIgnoreCase takes them).
 */
function paramNameReadings(path: string): string[][] {
  const query = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
  return [query, unescapeQuery(query, false)].flatMap((text) =>
    [/&/, /[&;]/].map((separator) =>
      (text.startsWith('?') ? text.slice(1) : text)
        .split(separator)
        .filter((part) => part !== '')
        .map((part) => unescapeQuery(part.split('=')[0]!, true).toUpperCase().toLowerCase()),
    ),
  );
}

/** Starts with "//" or "/\\": a browser or URL parser reads it as a scheme-relative URL, naming another host. */
const SCHEME_RELATIVE = /^\/[/\\\\]/;
/**
 * A character a browser or HTTP client does not send as written: one RFC 3986 does not allow in a
 * URL (a "\\" in the path goes out as "/", the others percent-encoded) or a "'" in the query (sent
 * as %27). Percent-encode it before signing.
 */
const REWRITTEN = /["<>\\\\^`{|}]|\?.*'/;
/** A "." or ".." path segment (also as %2e): a browser resolves it away before sending the path. */
const DOT_SEGMENT = /^[^?]*\/(?:\.|%2[eE]){1,2}(?:[/?]|\$)/;

function mac(secret: string, method: string, audience: string, unsigned: string): string {
  return createHmac('sha256', secret).update(`\${method}\n\${audience}\n\${unsigned}`).digest('base64url');
}

/**
 * Signs `path` (for example "/videos/42/720p.mp4", query string allowed) for one HTTP method and one
 * audience (the host or service that serves it, e.g. "media.example.com") until `expires`. The HMAC
 * covers the method, the audience and every byte of the URL before `&signature=`, the expiry
 * included, so nothing can be edited or appended, a GET link cannot be used for PUT or DELETE, and a
 * link for one host is refused by another host or service that shares the secret. The CDN edge (or
 * origin) recomputes it with the shared secret. Short expiries (minutes) make copied links useless
 * for hotlinking. A path whose query already holds `expires` or `signature` (in any spelling) is
 * refused: a CDN or edge that reads a parameter by name (`URLSearchParams.get`) takes the first one,
 * so `?expires=99999999999` in the path would outlive the signed expiry there. That holds for a
 * reader that also splits on ";" or decodes twice (`;expires=`, `%2565xpires=`, `w=1%26expires=`).
 * Decoded twice, a correctly encoded value can hold them too, and it is refused: a signed link
 * carried in a query value (`/player?src=\${encodeURIComponent(link)}`) or `?title=Tom%26signature`.
 * That reader cannot tell such a value from a smuggled parameter, so carry a nested link or such a
 * value base64url-encoded (`Buffer.from(link).toString('base64url')`, no "%", "&", ";" or "=").
 * Also refused: a path that does not start with "/" or starts with "//" or "/\\" (a browser reads
 * either as a link to another host), or that the browser would not send as written, so the link
 * could never verify: one holding "#" (the fragment is never sent), a character that is not
 * visible ASCII or that RFC 3986 does not allow (\\ " < > ^ ` { | }; a "\\" goes out as "/"), a
 * "'" in the query (sent as %27), or a "." or ".." segment (resolved away): percent-encode the
 * characters first. And a TTL that is not a positive whole number of seconds or puts the expiry
 * past 12 digits.
 */
export function ${1:signUrl}(method: string, audience: string, path: string, secret: string, ttlSeconds = ${2:300}, now = Date.now()): string {
  if (!METHOD.test(method) || !AUDIENCE.test(audience)) throw new TypeError('method must be an upper-case token and audience visible ASCII');
  if (!path.startsWith('/')) throw new TypeError('path must start with "/": sign the path and query, not a full URL');
  if (SCHEME_RELATIVE.test(path)) throw new TypeError('path must not start with "//" or "/\\\\": a browser reads it as a link to another host');
  if (path.includes('#')) throw new TypeError('path must not contain "#": the browser never sends the fragment, so the link could never verify');
  // A space, a non-ASCII character or a control character goes out percent-encoded, so the server
  // would never see the bytes that were signed: percent-encode them before signing.
  if (!/^[\x21-\x7e]*\$/.test(path)) throw new TypeError('path must be visible ASCII: percent-encode spaces, non-ASCII and control characters before signing');
  if (REWRITTEN.test(path)) throw new TypeError('path must not hold \\\\ " < > ^ ` { | } anywhere or \' in the query: RFC 3986 does not allow them as written (\' is allowed there, but browsers encode it in a query) and browsers rewrite several, so percent-encode them before signing');
  if (DOT_SEGMENT.test(path)) throw new TypeError('path must not hold a "." or ".." segment: a browser resolves it away, so the link could never verify');
  if (paramNameReadings(path).some((names) => names.some((name) => name === 'expires' || name === 'signature'))) {
    throw new TypeError('the query must not already hold an expires or signature parameter: a verifier reading it by name would take that one');
  }
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) throw new RangeError('ttlSeconds must be a positive whole number of seconds');
  const expires = Math.floor(now / 1000) + ttlSeconds;
  // The verifier reads at most 12 digits: a later expiry would make a link that never verifies.
  if (expires > 999_999_999_999) throw new RangeError('ttlSeconds puts the expiry past 12 digits');
  const unsigned = `\${path}\${path.includes('?') ? '&' : '?'}expires=\${expires}`;
  return `\${unsigned}&signature=\${mac(secret, method, audience, unsigned)}`;
}

/**
 * Checks a request target exactly as received (path and query, e.g. Node's `req.url`) with the
 * request's method and this server's own audience, from configuration: never the request's Host
 * header, which the client chooses. A HEAD request needs a link signed for HEAD. Nothing is parsed
 * and re-encoded before the check: a decoded and re-encoded query (`%20` becoming `+`) would no
 * longer match what was signed. Returns false for a bad, missing or expired signature, for a query
 * holding `expires` or `signature` more than once in any reading (any spelling, after ";", decoded
 * twice) and for a target starting with "//" or "/\\", none of which the signer issues.
 */
export function verifySignedUrl(method: string, audience: string, url: string, secret: string, now = Date.now()): boolean {
  if (!METHOD.test(method) || !AUDIENCE.test(audience)) return false;
  const match = /^(.*[?&]expires=(\d{1,12}))&signature=([\w-]{43})\$/.exec(url);
  if (!match || !url.includes('?')) return false;
  if (SCHEME_RELATIVE.test(url)) return false;
  // One of each in every reading, or a CDN reading the first by name and this check reading the last would disagree.
  const once = (names: string[], wanted: string) => names.filter((name) => name === wanted).length === 1;
  if (!paramNameReadings(url).every((names) => once(names, 'expires') && once(names, 'signature'))) return false;
  if (Number(match[2]) < now / 1000) return false;
  // Compare the text, not decoded bytes: Node's decoder ignores the last character's two padding
  // bits, so four spellings of one signature would all pass (and the Python variant refuses three).
  const expected = Buffer.from(mac(secret, method, audience, match[1]!));
  const given = Buffer.from(match[3]!);
  // Constant-time comparison, so response timing does not reveal how close a forgery is.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
$0
