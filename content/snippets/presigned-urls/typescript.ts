import { createHash, createHmac } from 'node:crypto';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
}

/** Content types an upload URL is signed for: none that a browser runs as a page or script. */
export const ALLOWED_UPLOAD_TYPES: ReadonlySet<string> = new Set([${3:'image/png', 'image/jpeg', 'application/pdf'}]);

/**
 * Presigns an S3 (or S3-compatible) URL with Signature V4, query-string form, without the AWS SDK.
 * The client PUTs the file body to the returned URL (upload) or GETs it (download); the bytes never
 * pass through our servers. Keep expiry short (minutes), and issue upload URLs only after checking
 * the user may upload and choosing the object key yourself (never let the client pick it).
 * A PUT URL signs its Content-Type header (SignedHeaders=content-type;host): the client must send
 * exactly `contentType`, which must be in ALLOWED_UPLOAD_TYPES (RangeError otherwise), because S3
 * serves the object back with it and a text/html or image/svg+xml upload would run as a page on
 * the bucket's (or the CDN's) origin. A presigned PUT cannot limit the size: for uploads that must
 * be bounded, use a presigned POST with a policy (content-length-range), as createPresignedPost
 * from @aws-sdk/s3-presigned-post does. With the AWS SDK at hand, getSignedUrl from
 * @aws-sdk/s3-request-presigner gives the same signature (for a PUT: PutObjectCommand with
 * ContentType and the option signableHeaders: new Set(['content-type']), or it leaves it unsigned).
 * `endpoint` selects path-style for S3-compatible stores (MinIO, R2): "http://localhost:9000".
 */
export function ${1:presignUrl}(
  method: 'GET' | 'PUT',
  bucket: string,
  key: string,
  credentials: S3Credentials,
  {
    expiresSeconds = ${2:900},
    endpoint,
    now = new Date(),
    contentType,
  }: { expiresSeconds?: number; endpoint?: string; now?: Date; contentType?: string } = {},
): string {
  if (method === 'PUT' && (contentType === undefined || !ALLOWED_UPLOAD_TYPES.has(contentType))) {
    throw new RangeError(`content type "\${contentType}" is not accepted for upload`);
  }
  // SigV4 caps presigned URLs at 7 days; S3 rejects longer ones only when they are used.
  if (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > 604_800) throw new RangeError('expiresSeconds: 1 to 604800');
  // Browsers and fetch resolve "." and ".." segments before sending: the request would name another key.
  if (key.split('/').some((segment) => segment === '.' || segment === '..')) throw new RangeError(`key "\${key}" has a "." or ".." segment`);
  const base = new URL(endpoint ?? `https://\${bucket}.s3.\${credentials.region}.amazonaws.com`);
  const path = (endpoint ? `/\${bucket}/` : '/') + key.split('/').map(rfc3986).join('/');
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, ''); // 20240101T000000Z
  const day = amzDate.slice(0, 8);
  const scope = `\${day}/\${credentials.region}/s3/aws4_request`;

  const query: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `\${credentials.accessKeyId}/\${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(expiresSeconds)],
    ['X-Amz-SignedHeaders', method === 'PUT' ? 'content-type;host' : 'host'],
  ];
  if (credentials.sessionToken) query.push(['X-Amz-Security-Token', credentials.sessionToken]);
  const canonicalQuery = query
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `\${k}=\${v}`)
    .join('&');

  // The payload is not known when presigning, hence UNSIGNED-PAYLOAD.
  const canonicalRequest = (
    method === 'PUT'
      ? [method, path, canonicalQuery, `content-type:\${contentType}`, `host:\${base.host}`, '', 'content-type;host']
      : [method, path, canonicalQuery, `host:\${base.host}`, '', 'host']
  )
    .concat('UNSIGNED-PAYLOAD')
    .join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let signingKey: Buffer = hmac(`AWS4\${credentials.secretAccessKey}`, day);
  for (const part of [credentials.region, 's3', 'aws4_request']) signingKey = hmac(signingKey, part);
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');

  return `\${base.protocol}//\${base.host}\${path}?\${canonicalQuery}&X-Amz-Signature=\${signature}`;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** RFC 3986 encoding, as SigV4 requires: encodeURIComponent leaves !'()* unescaped. */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%\${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
$0
