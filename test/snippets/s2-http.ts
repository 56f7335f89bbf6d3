/** HTTP helpers for the real-time proofs (SSE, long polling): a server on loopback and a raw SSE reader. */
import * as http from 'http';
import type { AddressInfo } from 'net';

export async function listen(handler: http.RequestListener): Promise<{ url: string; server: http.Server; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ParsedEvent {
  id?: string;
  event: string;
  data: string;
}

/** Parses complete SSE events (blank-line terminated) out of `text`; comments and retry lines are skipped. */
export function parseEvents(text: string): ParsedEvent[] {
  const events: ParsedEvent[] = [];
  for (const block of text.split('\n\n').slice(0, -1)) {
    const e: ParsedEvent = { event: 'message', data: '' };
    let hasData = false;
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) e.id = line.slice(4);
      else if (line.startsWith('event: ')) e.event = line.slice(7);
      else if (line.startsWith('data: ')) {
        e.data += (hasData ? '\n' : '') + line.slice(6);
        hasData = true;
      }
    }
    if (hasData) events.push(e);
  }
  return events;
}

/** An SSE connection read raw: status, headers, and everything received so far. */
export interface RawStream {
  status: number;
  text(): string;
  events(): ParsedEvent[];
  ended: Promise<void>;
  close(): void;
}

export function openStream(url: string, headers: Record<string, string> = {}): Promise<RawStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      const ended = new Promise<void>((r) => {
        res.on('end', () => r());
        res.on('close', () => r());
        res.on('error', () => r());
      });
      resolve({
        status: res.statusCode ?? 0,
        text: () => body,
        events: () => parseEvents(body),
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

export async function until(condition: () => boolean | Promise<boolean>, what: string, tries = 4000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`gave up waiting for: ${what}`);
}
