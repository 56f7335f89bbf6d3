/** The node-redis (v4+) client methods used here; a `createClient()` client fits. */
interface Redis {
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
}

/** The part of a WebSocket (ws, uWebSockets, a browser-compatible socket) this code uses. */
export interface ClientSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** Drops the connection at once (ws: terminate()); close() would queue behind the buffered data. */
  terminate(): void;
  readonly readyState: number;
  readonly bufferedAmount: number;
}

const OPEN = 1;
const CLOSED = 3;
// A client this far behind is too slow to keep up. It is disconnected rather than silently skipped,
// so it knows it may have missed messages: it reconnects and reloads. This code has no replay; to
// fill the gap instead, number the messages and keep them in a log it can read from its last number
// (Redis Streams: XADD, then XRANGE after the id on reconnect).
const MAX_BUFFERED_BYTES = ${3:1_000_000};

/**
 * Fan-out across a fleet of WebSocket servers. Every server subscribes in Redis only to the
 * topics its own clients follow; publishing on any server reaches every subscribed client
 * everywhere. Redis pub/sub is fire-and-forget and this class keeps no history: a client that was
 * reconnecting misses messages. It does not resume; pair it with sequence numbers and a replay on
 * reconnect (e.g. Redis Streams) when clients must not miss any.
 */
export class ${1:TopicFanout} {
  private readonly local = new Map<string, Set<ClientSocket>>();
  /** The reverse index, so a closing socket visits only its own topics, not every topic here. */
  private readonly topicsOf = new Map<ClientSocket, Set<string>>();
  /**
   * Topics this server may be subscribed to in Redis: true once a SUBSCRIBE succeeded, false while
   * unknown (a command in flight or failed: it may have reached Redis before failing). Absent once
   * an UNSUBSCRIBE succeeded.
   */
  private readonly subscribed = new Map<string, boolean>();
  /** One listener per topic: a SUBSCRIBE repeated after an unknown outcome never adds a second one. */
  private readonly listeners = new Map<string, (message: string) => void>();
  /**
   * Joins in flight per socket and topic: a client may ask twice. A failed join leaves the socket in
   * the topic while a later join of it runs (its SUBSCRIBE is tried again): the last one decides.
   */
  private readonly joining = new Map<ClientSocket, Map<string, number>>();
  /** Per topic, the last subscribe/unsubscribe in flight: changes to one topic run one at a time. */
  private readonly syncing = new Map<string, Promise<void>>();

  /** `subscriber` must be a dedicated connection (`publisher.duplicate()`): subscribed connections cannot run other commands. */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix = '${2:topic}:',
  ) {}

  /**
   * Resolves once the socket receives the topic; rejects (and leaves nothing behind) if subscribing
   * failed, unless a later join of the same socket and topic is still running: that one decides.
   * A socket already closing or closed is not added.
   */
  async join(topic: string, socket: ClientSocket): Promise<void> {
    // Closing or closed (the client left while the server checked its rights): its close handler
    // may already have run leaveAll, so a socket added now would stay for ever.
    if (socket.readyState > OPEN) return;
    let sockets = this.local.get(topic);
    if (!sockets) this.local.set(topic, (sockets = new Set()));
    sockets.add(socket);
    let topics = this.topicsOf.get(socket);
    if (!topics) this.topicsOf.set(socket, (topics = new Set()));
    topics.add(topic);
    let joins = this.joining.get(socket);
    if (!joins) this.joining.set(socket, (joins = new Map()));
    joins.set(topic, (joins.get(topic) ?? 0) + 1);
    try {
      await this.sync(topic);
    } catch (err) {
      // Nobody else here follows the topic: unsubscribe at once (the SUBSCRIBE may have reached
      // Redis), which also drops its state and listener. A SUBSCRIBE that never reached Redis brings
      // no message that would do it later. Kept only if this UNSUBSCRIBE fails too.
      const last = joins.get(topic) === 1;
      if (last && this.forget(topic, socket) && !this.local.has(topic)) void this.sync(topic).catch(() => {});
      throw err;
    } finally {
      const left = joins.get(topic)! - 1;
      if (left > 0) joins.set(topic, left);
      else if (joins.delete(topic) && joins.size === 0) this.joining.delete(socket);
    }
  }

  async leave(topic: string, socket: ClientSocket): Promise<void> {
    if (this.forget(topic, socket)) await this.sync(topic);
  }

  /** Call when a socket closes. */
  async leaveAll(socket: ClientSocket): Promise<void> {
    await Promise.all([...(this.topicsOf.get(socket) ?? [])].map((topic) => this.leave(topic, socket)));
  }

  /** Publishes to every server; returns how many servers were subscribed. */
  async publish(topic: string, message: unknown): Promise<number> {
    return this.publisher.publish(this.prefix + topic, JSON.stringify(message));
  }

  private forget(topic: string, socket: ClientSocket): boolean {
    const sockets = this.local.get(topic);
    if (!sockets?.delete(socket)) return false;
    if (sockets.size === 0) this.local.delete(topic);
    const topics = this.topicsOf.get(socket)!;
    topics.delete(topic);
    if (topics.size === 0) this.topicsOf.delete(socket);
    return true;
  }

  /**
   * Brings the Redis subscription of `topic` in line with whether local clients follow it. Runs
   * after the previous change of that topic, and decides from the state when it runs, so a join and
   * a leave racing across the await cannot leave a followed topic unsubscribed or the reverse.
   */
  private sync(topic: string): Promise<void> {
    const run = async (): Promise<void> => {
      const wanted = this.local.has(topic);
      const state = this.subscribed.get(topic);
      // Unknown until the command succeeds: a failed one may have reached Redis (a lost reply), so
      // the next change sends whichever command the topic needs, and node-redis keeps the listener
      // (a failed UNSUBSCRIBE's, to subscribe it again on reconnect): the same one is passed again.
      if (wanted && state !== true) {
        this.subscribed.set(topic, false);
        let listener = this.listeners.get(topic);
        if (!listener) this.listeners.set(topic, (listener = (message: string) => this.deliver(topic, message)));
        await this.subscriber.subscribe(this.prefix + topic, listener);
        this.subscribed.set(topic, true);
      } else if (!wanted && state !== undefined) {
        this.subscribed.set(topic, false);
        await this.subscriber.unsubscribe(this.prefix + topic);
        this.subscribed.delete(topic);
        this.listeners.delete(topic);
      }
    };
    const previous = this.syncing.get(topic) ?? Promise.resolve();
    const current = previous.then(run, run);
    const settled = current.catch(() => {});
    this.syncing.set(topic, settled);
    void settled.then(() => {
      if (this.syncing.get(topic) === settled) this.syncing.delete(topic);
    });
    return current;
  }

  private deliver(topic: string, message: string): void {
    const sockets = this.local.get(topic);
    if (!sockets) {
      // Nobody here follows the topic, yet Redis sends it: an UNSUBSCRIBE failed, or a SUBSCRIBE
      // failed after Redis subscribed. Retry now (unless a change is under way) rather than receive
      // the topic until someone joins and leaves it again.
      if (!this.syncing.has(topic)) void this.sync(topic).catch(() => {});
      return;
    }
    for (const socket of sockets) {
      if (socket.readyState !== OPEN) {
        // Closed, yet still here: its close never reached leaveAll. Drop it, or it stays for ever.
        if (socket.readyState === CLOSED) void this.leaveAll(socket).catch(() => {});
        continue;
      }
      if (socket.bufferedAmount >= MAX_BUFFERED_BYTES) {
        // terminate, not close(): a close frame would wait behind the megabyte already buffered.
        socket.terminate();
        void this.leaveAll(socket).catch(() => {});
        continue;
      }
      socket.send(message);
    }
  }
}
$0
