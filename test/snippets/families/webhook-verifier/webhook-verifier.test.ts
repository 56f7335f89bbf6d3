/**
 * webhook-verifier: in every language it ships in, the verifier accepts exactly the genuine,
 * fresh signatures of a shared set of vectors signed independently with node:crypto (tampered
 * bodies and signatures, wrong secrets, replays and malformed headers are rejected; rotation works).
 */
import { strict as assert } from 'assert';
import * as path from 'path';
import { proves, runGoProof, runJavaProof, runPythonProof } from '../../harness';
import { importSnippet, workDir } from '../../library';
import { writeVectors } from './vectors';

interface Verifier {
  verifyWebhook(
    body: string | Buffer,
    header: string | undefined,
    secrets: readonly string[],
    options?: { toleranceSeconds?: number; now?: number },
  ): { ok: boolean; reason?: string };
}

describe('webhook-verifier', function () {
  this.timeout(600_000);
  const file = path.join(workDir('webhook-verifier-vectors'), 'vectors.tsv');
  const all = writeVectors(file);

  it('typescript: accepts exactly the genuine, fresh vectors', () => {
    const { verifyWebhook } = importSnippet<Verifier>('webhook-verifier');
    proves('webhook-verifier', 'typescript');
    const wrong = all
      .filter((c) => verifyWebhook(c.body, c.header, c.secrets, { now: c.now * 1000 }).ok !== c.accept)
      .map((c) => c.name);
    assert.deepEqual(wrong, []);
  });

  it('python: accepts exactly the genuine, fresh vectors and raises nothing but InvalidSignature', async () => {
    await runPythonProof({ snippet: 'webhook-verifier', programs: ['proof.py'], args: [file] });
  });

  it('go: accepts exactly the genuine, fresh vectors', async () => {
    await runGoProof({ snippet: 'webhook-verifier', programs: ['proof_test.go'], env: { SDP_WEBHOOK_VECTORS: file } });
  });

  it('java: accepts exactly the genuine, fresh vectors and throws nothing', async () => {
    await runJavaProof({ snippet: 'webhook-verifier', programs: ['WebhookVerifierProof.java'], args: [file] });
  });
});
