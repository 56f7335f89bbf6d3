import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs `path` (for example "/videos/42/720p.mp4", query string allowed) so it is valid until
 * `expires`. The HMAC covers every byte of the URL before `&signature=`, the expiry included, so
 * nothing can be edited or appended; the CDN edge (or origin) recomputes it with the shared secret.
 * Short expiries (minutes) make copied links useless for hotlinking.
 */
export function ${1:signUrl}(path: string, secret: string, ttlSeconds = ${2:300}, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const unsigned = `\${path}\${path.includes('?') ? '&' : '?'}expires=\${expires}`;
  return `\${unsigned}&signature=\${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/**
 * Checks a request target exactly as received (path and query, e.g. Node's `req.url`). Nothing is
 * parsed and re-encoded before the check: a decoded and re-encoded query (`%20` becoming `+`)
 * would no longer match what was signed. Returns false for a bad, missing or expired signature.
 */
export function verifySignedUrl(url: string, secret: string, now = Date.now()): boolean {
  const match = /^(.*[?&]expires=(\d{1,12}))&signature=([\w-]{43})\$/.exec(url);
  if (!match) return false;
  if (Number(match[2]) < now / 1000) return false;
  // Compare the text, not decoded bytes: Node's decoder ignores the last character's two padding
  // bits, so four spellings of one signature would all pass (and the Python variant refuses three).
  const expected = Buffer.from(createHmac('sha256', secret).update(match[1]!).digest('base64url'));
  const given = Buffer.from(match[3]!);
  // Constant-time comparison, so response timing does not reveal how close a forgery is.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
$0
