/**
 * A scripted webhook receiver on loopback: each path answers from a script of responses, and every
 * request is recorded and checked with the webhook-verifier variant (so a sender's signature is
 * proven against the verifier users would deploy).
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { importSnippet } from '../../library';

interface Verifier {
  verifyWebhook(body: string | Buffer, id: string | undefined, header: string | undefined, secrets: readonly string[]): { ok: boolean; reason?: string };
}

export interface Received {
  path: string;
  id: string | undefined;
  body: string;
  signatureOk: boolean;
  otherIdRejected: boolean;
}

export type Reply = { status: number; headers?: Record<string, string> };

export interface Receiver {
  url(path: string): string;
  /** Replies for `path`, in order; the last one repeats. */
  script(path: string, replies: Reply[]): void;
  hits(path: string): Received[];
  close(): Promise<void>;
}

export async function startReceiver(secret: string): Promise<Receiver> {
  const { verifyWebhook } = importSnippet<Verifier>('webhook-verifier');
  const scripts = new Map<string, Reply[]>();
  const log: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '/').split('?')[0]!;
      const header = req.headers['x-webhook-signature'];
      const id = req.headers['x-webhook-id'] as string | undefined;
      log.push({
        path,
        id,
        body: body.toString(),
        signatureOk: verifyWebhook(body, id, typeof header === 'string' ? header : undefined, [secret]).ok,
        // The same delivery with another event id must not verify: the id is signed.
        otherIdRejected: !verifyWebhook(body, `${id}x`, typeof header === 'string' ? header : undefined, [secret]).ok,
      });
      const replies = scripts.get(path) ?? [{ status: 404 }];
      const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
      res.writeHead(reply.status, reply.headers);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    script: (path, replies) => void scripts.set(path, [...replies]),
    hits: (path) => log.filter((r) => r.path === path),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
