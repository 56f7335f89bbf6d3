import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ServerEvent {
  id: number;
  type: string;
  data: unknown;
}

/**
 * Recent events kept in memory so a client that reconnects with Last-Event-ID gets what it missed.
 * Bounded: a client away longer than the buffer covers must reload its state instead.
 */
export class ${1:EventBuffer} {
  private events: ServerEvent[] = [];
  private nextId = 1;
  private listeners = new Set<(event: ServerEvent) => void>();

  constructor(private readonly capacity = ${2:1000}) {}

  publish(type: string, data: unknown): ServerEvent {
    const event = { id: this.nextId++, type, data };
    this.events.push(event);
    if (this.events.length > this.capacity) this.events.shift();
    for (const listener of this.listeners) listener(event);
    return event;
  }

  since(lastId: number): ServerEvent[] {
    return this.events.filter((e) => e.id > lastId);
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const format = (e: ServerEvent): string => `id: \${e.id}\nevent: \${e.type}\ndata: \${JSON.stringify(e.data)}\n\n`;

/** Handles GET on the stream URL. One open response per client; keep it off HTTP/1.1 connection limits (use HTTP/2). */
export function ${3:handleEventStream}(buffer: $1, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Tells nginx not to buffer the stream, which would delay every event.
    'x-accel-buffering': 'no',
  });
  // The browser's EventSource waits this long before reconnecting.
  res.write('retry: 3000\n\n');

  const lastId = Number(req.headers['last-event-id'] ?? 0) || 0;
  for (const event of buffer.since(lastId)) res.write(format(event));

  const unsubscribe = buffer.subscribe((event) => res.write(format(event)));
  // A comment line every 15 s keeps proxies and load balancers from closing an idle stream.
  const heartbeat = setInterval(() => res.write(': ping\n\n'), ${4:15000});
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
$0
