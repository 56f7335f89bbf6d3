/**
 * presigned-urls. No real S3 is reachable here, so the TypeScript presign is compared with an
 * independent implementation run offline: the AWS SDK (@aws-sdk/client-s3 encodes the key into the
 * path, @aws-sdk/s3-request-presigner signs), for the same inputs and a fixed clock, and must match
 * it byte for byte. The Python variant (boto3) is checked by a program that re-derives the SigV4
 * POST-policy and query signatures with hashlib/hmac and reads the policy's conditions.
 */
import { strict as assert } from 'assert';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3RequestPresigner, getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash, createHmac } from 'crypto';
import { proves, runPythonProof } from '../../harness';
import { importSnippet } from '../../library';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
}
interface Presign {
  presignUrl(
    method: 'GET' | 'PUT',
    bucket: string,
    key: string,
    credentials: Credentials,
    options?: { expiresSeconds?: number; endpoint?: string; now?: Date; contentType?: string },
  ): string;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): Buffer | string =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** node:crypto behind the SDK's hash interface. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {}
}

const KEYS = [
  'uploads/42/report.pdf',
  'uploads/user 1/photo (1).jpg',
  "odd/!'()*~-_.+=&?#[]@$,;:.txt",
  'unicode/résumé-日本語-😀.txt',
  'a//double/slash/',
  'percent%2Fand%20plus+.bin',
  '/leading-slash.txt',
];

describe('presigned-urls', function () {
  this.timeout(120_000);
  const now = new Date('2026-03-01T12:34:56Z');

  it('typescript: byte-identical to the AWS SDK presigner for GET and PUT (PUT signs its Content-Type), odd keys, session tokens, path-style endpoints; hostile upload types refused', async () => {
    const { presignUrl } = importSnippet<Presign>('presigned-urls');
    proves('presigned-urls', 'typescript');
    const base = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'eu-west-1' };
    let compared = 0;
    for (const credentials of [base, { ...base, sessionToken: 'FwoGZXIvYXdzE+token/with=chars' }]) {
      for (const endpoint of [undefined, 'http://localhost:9000']) {
        const client = new S3Client({
          region: credentials.region,
          credentials,
          ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
          requestChecksumCalculation: 'WHEN_REQUIRED',
        });
        const presigner = new S3RequestPresigner({ credentials, region: credentials.region, sha256: NodeSha256 });
        for (const key of KEYS) {
          for (const method of ['GET', 'PUT'] as const) {
            const contentType = method === 'PUT' ? 'application/pdf' : undefined;
            const oursText = presignUrl(method, 'my-bucket', key, credentials, { expiresSeconds: 900, endpoint, now, contentType });
            const ours = new URL(oursText);
            // The SDK's own URL for the object: its path is the SDK's encoding of the key.
            const command = method === 'GET' ? new GetObjectCommand({ Bucket: 'my-bucket', Key: key }) : new PutObjectCommand({ Bucket: 'my-bucket', Key: key, ContentType: contentType });
            // The SDK leaves Content-Type unsigned unless told to sign it.
            const sdkText = await getSignedUrl(client, command, { expiresIn: 900, signingDate: now, signableHeaders: new Set(['content-type']) });
            const sdk = new URL(sdkText);
            assert.equal(sdk.searchParams.get('X-Amz-SignedHeaders'), method === 'PUT' ? 'content-type;host' : 'host', 'what the SDK signs');
            assert.equal(ours.host, sdk.host, `${key}: host`);
            // Raw paths, as written in the URL strings (URL parsing would normalize both alike).
            const rawPath = (url: string) => /^[a-z]+:\/\/[^/]+(\/[^?]*)/.exec(url)![1]!;
            assert.equal(rawPath(oursText), rawPath(sdkText), `${key}: path encoding`);
            // The SDK presigner signs the same request (its x-id and x-amz-content-sha256 parameters left out).
            const signed = await presigner.presign(
              { protocol: sdk.protocol, hostname: sdk.hostname, port: sdk.port ? Number(sdk.port) : undefined, method, path: rawPath(sdkText), query: {}, headers: { host: sdk.host, ...(contentType ? { 'content-type': contentType } : {}) } } as never,
              { signingDate: now, expiresIn: 900, unhoistableHeaders: new Set(['x-amz-content-sha256']), unsignableHeaders: new Set(['x-amz-content-sha256']), signableHeaders: new Set(['content-type']) },
            );
            assert.deepEqual(Object.fromEntries(ours.searchParams), signed.query, `${method} ${key}${endpoint ? ' (path-style)' : ''}${credentials === base ? '' : ' (session token)'}`);
            compared++;
          }
        }
        client.destroy();
      }
    }
    assert.equal(compared, 2 * 2 * KEYS.length * 2);
    assert.throws(() => presignUrl('GET', 'b', 'k', base, { expiresSeconds: 8 * 86_400 }), RangeError);
    // An upload is signed only for an allowed type: S3 serves the object back with it, and these run
    // as a page or script on the bucket's (or the CDN's) origin. No type at all is refused too.
    for (const contentType of ['text/html', 'image/svg+xml', 'application/javascript', 'text/html; charset=utf-8', undefined]) {
      assert.throws(() => presignUrl('PUT', 'b', 'k', base, { contentType }), RangeError, `an upload of ${contentType} must be refused`);
    }
    for (const contentType of ['image/png', 'image/jpeg']) {
      assert.match(presignUrl('PUT', 'b', 'k', base, { contentType }), /X-Amz-SignedHeaders=content-type%3Bhost/, contentType);
    }
    // URL parsers (browsers, fetch) rewrite "." and ".." segments: such a URL would address another object.
    for (const key of ['a/../b', './a', 'a/.', '..']) assert.throws(() => presignUrl('GET', 'b', key, base), RangeError, key);
    // Only whole segments: dots inside one, or three dots, are an ordinary key, signed as written.
    for (const key of ['a.b/c..d', '...', '.hidden/..x/y.', 'v1..2/..../f..pdf']) {
      assert.equal(decodeURIComponent(new URL(presignUrl('GET', 'b', key, base)).pathname), `/${key}`, key);
    }
  });

  it('python: POST policy pins key, type and size and its signature verifies; GET URL signs a safely escaped disposition', async () => {
    await runPythonProof({
      snippet: 'presigned-urls',
      programs: ['proof.py'],
      env: { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
    });
  });
});
