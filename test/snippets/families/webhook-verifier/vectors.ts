/**
 * Test vectors for every webhook-verifier variant, signed here with node:crypto directly (not with
 * a snippet), so the verifiers are checked against an implementation of the scheme of their own.
 * One case per line, tab-separated, so the Go, Java and Python proofs need no JSON library:
 *   name, expected (1 accept / 0 reject), now (unix seconds), base64(body), base64(header) or "-"
 *   when the header is missing, comma-separated base64(secret)s or "-" when there are none (so an
 *   empty secret, whose base64 is empty, stays in the list), base64(event id) or "-" when it is missing.
 * The signed content is `<id>.<t>.<body>` (as in Standard Webhooks); `signingVectors()` gives the
 * exact header a sender must produce for fixed inputs, for the webhook-sender proofs.
 */
import { createHmac } from 'crypto';
import * as fs from 'fs';

export interface Vector {
  name: string;
  accept: boolean;
  now: number;
  body: Buffer;
  header: string | undefined;
  secrets: string[];
  id: string | undefined;
}

const NOW = 1_760_000_000;
const ID = 'evt_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const mac = (secret: string, t: number | string, body: Buffer, id = ID): string =>
  createHmac('sha256', secret).update(`${id}.${t}.`).update(body).digest('hex');

export function vectors(): Vector[] {
  const body = Buffer.from('{"event":"payment.succeeded","amount":500,"note":"caf\u00e9 \u2603"}');
  const t = NOW - 10;
  const good = `t=${t},v1=${mac('s3cret', t, body)}`;
  const sig = mac('s3cret', t, body);
  const flipped = (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1);
  const binary = Buffer.from([0, 255, 10, 13, 0x80, 0x7f]);
  const large = Buffer.from(`{"data":"${'x'.repeat(256 * 1024)}"}`);
  const v = (name: string, accept: boolean, header: string | undefined, secrets = ['s3cret'], b = body, now = NOW, id: string | undefined = ID): Vector => ({
    name,
    accept,
    now,
    body: b,
    header,
    secrets,
    id,
  });
  // Built whole: passing an undefined id to v() would take its default.
  const withId = (name: string, accept: boolean, id: string | undefined, header = good, b = body): Vector => ({ ...v(name, accept, header, ['s3cret'], b), id });
  // Signed over "evt.<t>.<t2>.{...}": read with the id "evt.<t>" it splits as t2 and "{...}".
  const t2 = NOW - 5;
  const shifted = Buffer.from('{"event":"refund"}');
  const shiftedSig = mac('s3cret', t, Buffer.concat([Buffer.from(`${t2}.`), shifted]), 'evt');
  return [
    v('genuine', true, good),
    v('genuine with spaces after commas', true, `t=${t}, v1=${sig}`),
    v('uppercase hex signature', true, `t=${t},v1=${sig.toUpperCase()}`),
    v('binary body, exact bytes', true, `t=${t},v1=${mac('s3cret', t, binary)}`, ['s3cret'], binary),
    v('rotation: second secret matches', true, good, ['old-secret', 's3cret']),
    v('rotation: two v1 entries, second is valid', true, `t=${t},v1=${mac('old', t, body)},v1=${sig}`),
    v('edge of tolerance (299 s old)', true, `t=${NOW - 299},v1=${mac('s3cret', NOW - 299, body)}`),
    v('tampered body', false, good, ['s3cret'], Buffer.from(body.toString().replace('500', '50000'))),
    v('one bit of the body changed', false, good, ['s3cret'], Buffer.from(body.map((b, i) => (i === 5 ? b ^ 1 : b)))),
    v('tampered signature', false, `t=${t},v1=${flipped}`),
    v('truncated signature', false, `t=${t},v1=${sig.slice(0, 32)}`),
    // A signature is the digest's 64 hex digits, no other length, in every variant.
    v('signature of 66 hex digits (one byte appended)', false, `t=${t},v1=${sig}00`),
    v('signature of 62 hex digits (last byte cut)', false, `t=${t},v1=${sig.slice(0, 62)}`),
    v('signature of 128 hex digits (written twice)', false, `t=${t},v1=${sig}${sig}`),
    v('empty v1 entry', false, `t=${t},v1=`),
    v('a v1 entry of another length is skipped, the genuine one verifies', true, `t=${t},v1=${sig}00,v1=${sig}`),
    v('wrong secret', false, good, ['other']),
    v('no secrets', false, good, []),
    // An unset secret (an empty environment variable, typically the old one of a rotation) must
    // never verify: HMAC with an empty key is a key everybody knows.
    v('empty secret: signed with the empty key', false, `t=${t},v1=${mac('', t, body)}`, ['']),
    v('rotation: an empty old secret is skipped, the current one verifies', true, good, ['', 's3cret']),
    // A key of zero bytes only is padded like the empty key, so it signs like it: just as well known.
    v('all-zero secret: signed with the empty key', false, `t=${t},v1=${mac('', t, body)}`, ['\0'.repeat(32)]),
    v('all-zero 64-byte secret: signed with the empty key', false, `t=${t},v1=${mac('', t, body)}`, ['\0'.repeat(64)]),
    v('rotation: an all-zero old secret is skipped, the current one verifies', true, good, ['\0'.repeat(32), 's3cret']),
    v('replay: 301 s old', false, `t=${NOW - 301},v1=${mac('s3cret', NOW - 301, body)}`),
    v('replay: a day old', false, `t=${NOW - 86_400},v1=${mac('s3cret', NOW - 86_400, body)}`),
    v('from the future: 301 s ahead', false, `t=${NOW + 301},v1=${mac('s3cret', NOW + 301, body)}`),
    v('timestamp swapped after signing', false, `t=${NOW},v1=${sig}`),
    v('missing header', false, undefined),
    v('empty header', false, ''),
    v('no timestamp', false, `v1=${sig}`),
    v('no signature', false, `t=${t}`),
    v('non-numeric timestamp', false, `t=abc,v1=${sig}`),
    v('unicode digit timestamp', false, `t=\u00b2,v1=${sig}`),
    v('non-hex signature', false, `t=${t},v1=${'z'.repeat(64)}`),
    // Node's hex decoder stops at the first non-hex character and drops an odd last digit; the other
    // languages refuse such a header, and so must every variant (one signature, one spelling).
    v('signature with trailing non-hex characters', false, `t=${t},v1=${sig}zz`),
    v('signature with an odd trailing hex digit', false, `t=${t},v1=${sig}a`),
    v('non-ASCII signature', false, `t=${t},v1=\u00e9${sig.slice(1)}`),
    v('v0 scheme only', false, `t=${t},v0=${sig}`),
    // One signature, one spelling of each value: every variant refuses these probes.
    v('v1 entry with "=junk" after the signature', false, `t=${t},v1=${sig}=junk`),
    v('timestamp with "=junk" after it', false, `t=${t}=junk,v1=${sig}`),
    v('timestamp as a decimal fraction', false, `t=${t}.0,v1=${sig}`),
    v('timestamp in hex', false, `t=0x${t.toString(16)},v1=${sig}`),
    v('timestamp with a plus sign', false, `t=+${t},v1=${sig}`),
    v('signature hex with a space inside', false, `t=${t},v1=${sig.slice(0, 32)} ${sig.slice(32)}`),
    // A timestamp far longer than any clock reading must be refused as malformed, not overflow
    // (a float comparison) or trip an integer-parsing limit (Python's 4300-digit int() cap).
    v('timestamp with 400 digits', false, `t=${'9'.repeat(400)},v1=${sig}`),
    v('timestamp with 5000 digits', false, `t=${'9'.repeat(5000)},v1=${sig}`),
    v('a malformed v1 entry is skipped, the genuine one verifies', true, `t=${t},v1=zz,v1=${sig}`),
    // The event id is signed: a replay cannot carry a fresh one past a receiver's deduplication.
    withId('event id changed after signing', false, 'evt_other'),
    withId('event id missing', false, undefined),
    withId('event id empty', false, ''),
    withId('event id of 128 characters', true, 'e'.repeat(128), `t=${t},v1=${mac('s3cret', t, body, 'e'.repeat(128))}`),
    withId('event id of 129 characters', false, 'e'.repeat(129), `t=${t},v1=${mac('s3cret', t, body, 'e'.repeat(129))}`),
    withId('event id with a space', false, 'evt 1', `t=${t},v1=${mac('s3cret', t, body, 'evt 1')}`),
    withId('event id with a non-ASCII letter', false, 'evt_\u00e9', `t=${t},v1=${mac('s3cret', t, body, 'evt_\u00e9')}`),
    // A '.' in the id makes "<id>.<t>.<body>" split two ways: the signature of id "evt", t and body
    // "<t2>.{...}" would verify as id "evt.<t>", t2 and body "{...}".
    withId('event id with a dot: the signed text split elsewhere', false, `evt.${t}`, `t=${t2},v1=${shiftedSig}`, shifted),
    v('the same text split as signed verifies', true, `t=${t},v1=${shiftedSig}`, ['s3cret'], Buffer.concat([Buffer.from(`${t2}.`), shifted]), NOW, 'evt'),
    // One spelling per value: a timestamp has no leading zero, whichever spelling was signed.
    v('timestamp with a leading zero, signed as the number', false, `t=0${t},v1=${sig}`),
    v('timestamp with a leading zero, signed as written', false, `t=0${t},v1=${mac('s3cret', `0${t}`, body)}`),
    v('timestamp 0', false, `t=0,v1=${mac('s3cret', 0, body)}`, ['s3cret'], body, 0),
    // A body of 256 KiB: its vector line (base64) is longer than a default line reader's buffer
    // (Go's bufio.Scanner stops at 64 KiB), so a proof must read it whole and report, not stop early.
    v('large body (256 KiB), exact bytes', true, `t=${t},v1=${mac('s3cret', t, large)}`, ['s3cret'], large),
    v('large body (256 KiB), last byte changed', false, `t=${t},v1=${mac('s3cret', t, large)}`, ['s3cret'], Buffer.concat([large.subarray(0, -1), Buffer.from('!')])),
  ];
}

export function writeVectors(file: string): Vector[] {
  const all = vectors();
  const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
  const lines = all.map((c) =>
    [c.name, c.accept ? '1' : '0', String(c.now), b64(c.body), c.header === undefined ? '-' : b64(c.header), c.secrets.length === 0 ? '-' : c.secrets.map(b64).join(','), c.id === undefined ? '-' : b64(c.id)].join('\t'),
  );
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return all;
}

/** Fixed inputs and the header a sender must produce for them (HMAC-SHA256 over `<id>.<t>.<body>`). */
export interface SigningVector {
  secret: string;
  id: string;
  timestamp: number;
  body: string;
  header: string;
}

/**
 * Event ids a sender must refuse to sign (before sending anything): a '.' (the signed text would
 * split two ways), empty, over 128 characters, a space, a non-ASCII letter. The verifier's vectors
 * reject the same kinds.
 */
export const UNSIGNABLE_IDS: readonly string[] = ['evt.1', '', 'e'.repeat(129), 'evt 1', 'evt_\u00e9'];

export function signingVectors(): SigningVector[] {
  return [
    { secret: 's3cret', id: ID, timestamp: NOW, body: '{"order":42,"status":"paid"}' },
    { secret: 'whsec-test', id: 'evt-1', timestamp: 1_700_000_000, body: '{"note":"caf\u00e9 \u2603"}' },
    { secret: 'k', id: 'a', timestamp: 1, body: '' },
  ].map((c) => ({ ...c, header: `t=${c.timestamp},v1=${mac(c.secret, c.timestamp, Buffer.from(c.body), c.id)}` }));
}
