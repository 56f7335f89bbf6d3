import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs `path` (for example "/videos/42/720p.mp4") so it is valid until `expires`. The signature
 * covers the path and the expiry, so neither can be edited; the CDN edge (or origin) recomputes it
 * with the shared secret. Short expiries (minutes) make copied links useless for hotlinking.
 */
export function ${1:signUrl}(path: string, secret: string, ttlSeconds = ${2:300}, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const signature = createHmac('sha256', secret).update(`\${path}\n\${expires}`).digest('base64url');
  const separator = path.includes('?') ? '&' : '?';
  return `\${path}\${separator}expires=\${expires}&signature=\${signature}`;
}

/** Checks a request URL (path + query). Returns false for a bad, missing or expired signature. */
export function verifySignedUrl(url: string, secret: string, now = Date.now()): boolean {
  const parsed = new URL(url, 'http://signed.invalid');
  const expires = Number(parsed.searchParams.get('expires'));
  const signature = parsed.searchParams.get('signature') ?? '';
  if (!Number.isInteger(expires) || expires < now / 1000) return false;
  parsed.searchParams.delete('expires');
  parsed.searchParams.delete('signature');
  const path = parsed.pathname + (parsed.search ? parsed.search : '');
  const expected = createHmac('sha256', secret).update(`\${path}\n\${expires}`).digest();
  const given = Buffer.from(signature, 'base64url');
  // Constant-time comparison, so response timing does not reveal how close a forgery is.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
$0
