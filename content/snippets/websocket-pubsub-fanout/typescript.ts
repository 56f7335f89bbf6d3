/** The node-redis (v4+) client methods used here; a `createClient()` client fits. */
interface Redis {
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
}

/** The part of a WebSocket (ws, uWebSockets, a browser-compatible socket) this code uses. */
export interface ClientSocket {
  send(data: string): void;
  readonly readyState: number;
  readonly bufferedAmount: number;
}

const OPEN = 1;
// A client that is this far behind is too slow; drop messages for it rather than buffer forever.
const MAX_BUFFERED_BYTES = ${3:1_000_000};

/**
 * Fan-out across a fleet of WebSocket servers. Every server subscribes in Redis only to the
 * topics its own clients follow; publishing on any server reaches every subscribed client
 * everywhere. Redis pub/sub is fire-and-forget: a client that was reconnecting misses messages,
 * so pair it with a sequence number and a replay on reconnect.
 */
export class ${1:TopicFanout} {
  private readonly local = new Map<string, Set<ClientSocket>>();

  /** `subscriber` must be a dedicated connection (`publisher.duplicate()`): subscribed connections cannot run other commands. */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix = '${2:topic}:',
  ) {}

  async join(topic: string, socket: ClientSocket): Promise<void> {
    let sockets = this.local.get(topic);
    if (!sockets) {
      sockets = new Set();
      this.local.set(topic, sockets);
      // First local follower of this topic: start receiving it from Redis.
      await this.subscriber.subscribe(this.prefix + topic, (message) => this.deliver(topic, message));
    }
    sockets.add(socket);
  }

  async leave(topic: string, socket: ClientSocket): Promise<void> {
    const sockets = this.local.get(topic);
    if (!sockets?.delete(socket) || sockets.size > 0) return;
    this.local.delete(topic);
    await this.subscriber.unsubscribe(this.prefix + topic);
  }

  /** Call when a socket closes. */
  async leaveAll(socket: ClientSocket): Promise<void> {
    for (const topic of [...this.local.keys()]) await this.leave(topic, socket);
  }

  /** Publishes to every server; returns how many servers were subscribed. */
  async publish(topic: string, message: unknown): Promise<number> {
    return this.publisher.publish(this.prefix + topic, JSON.stringify(message));
  }

  private deliver(topic: string, message: string): void {
    for (const socket of this.local.get(topic) ?? []) {
      if (socket.readyState === OPEN && socket.bufferedAmount < MAX_BUFFERED_BYTES) socket.send(message);
    }
  }
}
$0
