/**
 * webhook-verifier: in every language it ships in, the verifier accepts exactly the genuine,
 * fresh signatures of a shared set of vectors signed independently with node:crypto over
 * `<id>.<t>.<body>` (tampered bodies, ids and signatures, wrong secrets, replays, malformed headers,
 * ids with a '.' and timestamps with a leading zero are rejected; rotation works).
 */
import { strict as assert } from 'assert';
import { createHmac } from 'crypto';
import * as path from 'path';
import { proves, runGoProof, runJavaProof, runPythonProof } from '../../harness';
import { importSnippet, workDir } from '../../library';
import { writeVectors } from './vectors';

interface Verifier {
  verifyWebhook(
    body: string | Buffer,
    id: string | undefined,
    header: string | undefined,
    secrets: readonly string[],
    options?: { toleranceSeconds?: number; now?: number },
  ): { ok: boolean; reason?: string };
}
interface Sender {
  signPayload(secret: string, eventId: string, body: string, timestamp?: number): string;
}

describe('webhook-verifier', function () {
  this.timeout(600_000);
  const file = path.join(workDir('webhook-verifier-vectors'), 'vectors.tsv');
  const all = writeVectors(file);

  it('typescript: accepts exactly the genuine, fresh vectors', () => {
    const { verifyWebhook } = importSnippet<Verifier>('webhook-verifier');
    proves('webhook-verifier', 'typescript');
    const wrong = all
      .filter((c) => verifyWebhook(c.body, c.id, c.header, c.secrets, { now: c.now * 1000 }).ok !== c.accept)
      .map((c) => c.name);
    assert.deepEqual(wrong, []);
  });

  // Moved here from behaviour.test.ts: the sender's header, as signed now, against the verifier.
  it('typescript: verifies what webhook-sender signs, and not with another id, body, secret or an old timestamp', () => {
    const { verifyWebhook } = importSnippet<Verifier>('webhook-verifier');
    const { signPayload } = importSnippet<Sender>('webhook-sender');
    proves('webhook-verifier', 'typescript');
    const body = JSON.stringify({ event: 'payment.succeeded', amount: 500 });
    const header = signPayload('s3cret', 'evt_1', body);
    assert.deepEqual(verifyWebhook(body, 'evt_1', header, ['s3cret']), { ok: true });
    assert.deepEqual(verifyWebhook(body, 'evt_1', header, ['old', 's3cret']), { ok: true }, 'secret rotation');
    assert.equal(verifyWebhook(body, 'evt_2', header, ['s3cret']).ok, false, 'another event id');
    assert.equal(verifyWebhook(body.replace('500', '50000'), 'evt_1', header, ['s3cret']).ok, false, 'tampered body');
    assert.equal(verifyWebhook(body, 'evt_1', header, ['other']).ok, false, 'wrong secret');
    const old = signPayload('s3cret', 'evt_1', body, Math.floor(Date.now() / 1000) - 3600);
    assert.deepEqual(verifyWebhook(body, 'evt_1', old, ['s3cret']), { ok: false, reason: 'timestamp outside tolerance' });
  });

  // NaN compares false with everything: a NaN window (Number() of an unset setting) or clock once made
  // the tolerance test false for every timestamp, so an hour-old genuine signature verified.
  it('typescript: a tolerance or clock that is not a finite number throws instead of accepting a replay', () => {
    const { verifyWebhook } = importSnippet<Verifier>('webhook-verifier');
    proves('webhook-verifier', 'typescript');
    const body = JSON.stringify({ event: 'payment.succeeded', amount: 500 });
    const now = 1_800_000_000_000;
    const old = now / 1000 - 3600;
    const header = `t=${old},v1=${createHmac('sha256', 's3cret').update(`evt_1.${old}.${body}`).digest('hex')}`;
    assert.deepEqual(verifyWebhook(body, 'evt_1', header, ['s3cret'], { now: old * 1000 }), { ok: true }, 'genuine at its own time');
    assert.deepEqual(verifyWebhook(body, 'evt_1', header, ['s3cret'], { now }), { ok: false, reason: 'timestamp outside tolerance' });
    for (const toleranceSeconds of [NaN, Infinity, -1]) {
      assert.throws(() => verifyWebhook(body, 'evt_1', header, ['s3cret'], { toleranceSeconds, now }), (err: Error) => err instanceof RangeError && /toleranceSeconds/.test(err.message), `toleranceSeconds ${toleranceSeconds}`);
    }
    for (const bad of [NaN, Infinity]) {
      assert.throws(() => verifyWebhook(body, 'evt_1', header, ['s3cret'], { now: bad }), (err: Error) => err instanceof RangeError && /now/.test(err.message), `now ${bad}`);
    }
  });

  it('python: a tolerance or clock that is not a finite number raises ValueError instead of accepting a replay', async () => {
    await runPythonProof({ snippet: 'webhook-verifier', programs: ['proof_window.py'] });
  });

  it('python: accepts exactly the genuine, fresh vectors and raises nothing but InvalidSignature', async () => {
    await runPythonProof({ snippet: 'webhook-verifier', programs: ['proof.py'], args: [file, String(all.length)] });
  });

  it('go: accepts exactly the genuine, fresh vectors', async () => {
    await runGoProof({ snippet: 'webhook-verifier', programs: ['proof_test.go'], env: { SDP_WEBHOOK_VECTORS: file, SDP_WEBHOOK_VECTOR_COUNT: String(all.length) } });
  });

  it('go: a v1 value is a signature only at the digest\'s length, 64 hex digits, as in TypeScript, Python and Java (before: every even length was decoded and kept, one allocation per entry)', async () => {
    await runGoProof({ snippet: 'webhook-verifier', programs: ['proof_length_test.go'], label: 'length' });
  });

  it('java: accepts exactly the genuine, fresh vectors and throws nothing', async () => {
    await runJavaProof({ snippet: 'webhook-verifier', programs: ['WebhookVerifierProof.java'], args: [file, String(all.length)] });
  });
});
