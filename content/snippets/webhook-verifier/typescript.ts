import { createHmac, timingSafeEqual } from 'node:crypto';

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * Verifies `t=<unix seconds>,v1=<hex hmac>` against the event id and the raw request body. The HMAC
 * covers `<id>.<t>.<body>`, the content Standard Webhooks signs, so neither the id nor the timestamp
 * can be changed; the headers are not Standard Webhooks' (whose libraries would not verify them).
 * The id must be 1 to 128 of A-Z a-z 0-9 _ -: a '.' in it would make the split of the signed text
 * ambiguous. Use the body bytes exactly as received: a body parsed and re-serialized may differ by
 * one space and fail. Several `v1` entries and several secrets are accepted so senders and receivers
 * can rotate secrets without downtime. Inside the tolerance a replay still verifies, but it can
 * only repeat a signed id, as the sender's retries do (same id, fresh timestamp), so deduplicate on
 * the verified id, recorded where a crash cannot keep the id and lose the event. If the handler's
 * effects are in one database, insert the id in the same transaction, before them:
 * `INSERT INTO webhook_events (id) VALUES (<id>) ON CONFLICT DO NOTHING`; 0 rows means it was
 * processed before (commit nothing, answer 2xx); else apply the effects (or only enqueue the work
 * in a table there), commit, answer 2xx. An error or crash before the commit rolls the id back with
 * the effects: answer 5xx (or nothing) and the sender's retry is processed. A concurrent copy's
 * insert waits for that transaction (READ COMMITTED, PostgreSQL's default), then sees the id or
 * takes over. Under REPEATABLE READ or SERIALIZABLE, when the first copy commits, the waiting
 * insert fails with SQLSTATE 40001 (serialization failure) instead: answer 5xx, and the sender's
 * retry sees the id (still safe). Effects outside that database (an email, another API) must be
 * idempotent, keyed by the event id, and the id recorded only after they succeed (that insert, or
 * Redis `SET <id> 1 EX <seconds>`): a crash in between repeats them harmlessly. Never record the id
 * first in a write of its own: after a crash the retry looks like a replay and the event is lost.
 * Keep ids longer than the sender retries (days), and answer 2xx, not 4xx, to an id already done: a
 * 4xx is a failed delivery to the sender. A toleranceSeconds that is negative or not a finite
 * number, or a now that is not finite, throws a RangeError rather than switching the window off.
 */
export function ${1:verifyWebhook}(
  rawBody: string | Buffer,
  webhookId: string | undefined,
  signatureHeader: string | undefined,
  secrets: readonly string[],
  { toleranceSeconds = ${2:300}, now = Date.now() } = {},
): VerifyResult {
  // A tolerance or clock that is not a finite number (Number() of an unset setting is NaN) would make
  // the window test below false for every timestamp, so a replay of any age would verify: refuse it.
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new RangeError(`toleranceSeconds must be a finite number of seconds, 0 or more, got \${toleranceSeconds}`);
  }
  if (!Number.isFinite(now)) throw new RangeError(`now must be finite epoch milliseconds, got \${now}`);
  if (!signatureHeader) return { ok: false, reason: 'missing signature header' };
  if (!webhookId || !/^[A-Za-z0-9_-]{1,128}\$/.test(webhookId)) return { ok: false, reason: 'missing or malformed event id' };
  let timestamp = NaN;
  const signatures: string[] = [];
  for (const part of signatureHeader.split(',')) {
    // Split at the first '=' only: split('=', 2) would drop '=junk' after a value.
    const entry = part.trim();
    const key = entry.slice(0, Math.max(entry.indexOf('='), 0));
    const value = entry.slice(key.length + 1);
    // Decimal digits, no leading zero (one spelling per value): Number() also takes '0x...',
    // '123.0', '+123', '1e9' and '0123'.
    if (key === 't') {
      if (/^[1-9]\d{0,11}\$/.test(value)) timestamp = Number(value);
    }
    // Exactly 64 hex digits: Buffer.from(value, 'hex') would stop at the first other character and
    // drop an odd last digit, taking "<signature>zz" for the signature.
    else if (key === 'v1' && /^[0-9a-fA-F]{64}\$/.test(value)) signatures.push(value);
  }
  if (!Number.isInteger(timestamp) || signatures.length === 0) return { ok: false, reason: 'malformed signature header' };
  // Replay protection: a captured request stops working after the tolerance window.
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: 'timestamp outside tolerance' };

  const body = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
  for (const secret of secrets) {
    // An unset secret (an empty env var, say the retired one of a rotation) is a key everybody knows,
    // and so is one of zero bytes only: HMAC pads a short key with zeros, so it signs like the empty key.
    if (!secret || !/[^\0]/.test(secret)) continue;
    const expected = createHmac('sha256', secret).update(`\${webhookId}.\${timestamp}.`).update(body).digest();
    for (const candidate of signatures) {
      const given = Buffer.from(candidate, 'hex');
      // Constant-time comparison: an early-exit compare leaks how many leading bytes matched.
      if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
    }
  }
  return { ok: false, reason: 'signature mismatch' };
}
$0
