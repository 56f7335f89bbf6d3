import { randomUUID } from 'node:crypto';

/** The node-redis (v5+) client methods used here; a `createClient()` client (one connection) fits. */
interface Redis {
  get(key: string): Promise<string | null>;
  set(
    key: string,
    value: string,
    options?: { condition?: 'NX'; expiration?: { type: 'EX' | 'PX'; value: number } },
  ): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  del(key: string): Promise<number>;
}

export interface CacheOptions {
  /** Base time to live; each write adds up to `jitter` of it at random. Must round to 1 s or more. */
  ttlSeconds?: number;
  /** The largest fraction of `ttlSeconds` added at random: 0 or more and finite (0: none). */
  jitter?: number;
  /** How long one loader may hold the fill lease before others may take over. */
  leaseMs?: number;
  /**
   * How long callers that lost the lease wait for the winner's value before loading themselves.
   * Default: leaseMs + 1000, so a slow loader is waited for until its lease expires, and then one
   * waiter takes the lease over (a wait shorter than the lease makes every waiter load).
   */
  waitMs?: number;
  /**
   * Called when Redis fails (the read then goes to the database), and when a loaded value has no JSON
   * text (a BigInt, a cycle: it is returned uncached). It should not throw; if it does, the error
   * reaches the caller.
   */
  onCacheError?: (err: unknown) => void;
}

// While a value is being loaded, its key holds a lease: this prefix (never the start of JSON) and
// the loader's id. invalidate() deletes the key, lease included, so a loader that read the database
// before a write cannot cache what it read afterwards: its conditional set finds no lease.
const LEASE = '\u0000lease:';

// Store the value only if our lease is still there (no invalidation happened while we loaded).
const FILL = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
end
return false`;

// Delete the key only if it still holds our lease (handing it back, or an orphan we gave up on).
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

// Concurrent misses inside this process share one load (single flight).
const inFlight = new Map<string, Promise<unknown>>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `reply`, or a rejection once `ms` have passed. node-redis has no per-command timeout: without this,
 * a Redis that keeps the connection open but answers nothing (stalled, paused, a peer whose death
 * TCP has not noticed yet) would hold every caller of the key until it answers.
 */
function within<T>(ms: number, reply: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Redis did not answer within ' + Math.round(ms) + ' ms')), Math.max(0, ms));
  });
  return Promise.race([reply, late]).finally(() => clearTimeout(timer));
}

/**
 * Cache-aside read. On a miss, one caller across all processes (the holder of the key's lease)
 * runs `load`; the others wait briefly for its value instead of stampeding the database. TTLs get
 * random jitter so keys written together do not all expire together. If Redis is down, reads go
 * straight to `load` (one per key per process), so an outage costs latency, not availability;
 * create the client with `disableOfflineQueue: true` so its commands fail fast during an outage
 * instead of queueing until Redis returns. A Redis that keeps the connection open but does not
 * answer costs at most `waitMs` before the load, and the lease's remaining time after it.
 */
export async function ${1:getOrLoad}<T>(
  redis: Redis,
  key: string,
  load: () => Promise<T>,
  options: CacheOptions = {},
): Promise<T> {
  const pending = inFlight.get(key);
  if (pending) return pending as Promise<T>;
  const work = readThrough(redis, key, load, options);
  inFlight.set(key, work);
  try {
    return await work;
  } finally {
    if (inFlight.get(key) === work) inFlight.delete(key); // invalidate() may have replaced it
  }
}

async function readThrough<T>(
  redis: Redis,
  key: string,
  load: () => Promise<T>,
  { ttlSeconds = ${2:300}, jitter = ${3:0.1}, leaseMs = 5000, waitMs = leaseMs + 1000, onCacheError = () => {} }: CacheOptions,
): Promise<T> {
  // The fill's expiry is whole seconds (Math.round below): one of 0 or less, Redis refuses, so every
  // fill would fail and each load leave its lease on the key. Refused before Redis is asked.
  if (!Number.isFinite(ttlSeconds) || Math.round(ttlSeconds) < 1) {
    throw new RangeError(`ttlSeconds must round to 1 or more whole seconds, got \${ttlSeconds}`);
  }
  // A negative jitter can bring that expiry down to 0 too; NaN or Infinity makes it no number. The
  // typeof check is for JavaScript callers: true or null would pass the comparisons as 1 or 0.
  if (!(typeof jitter === 'number' && jitter >= 0 && jitter < Infinity)) {
    throw new RangeError(`jitter must be 0 or more and finite (a fraction of ttlSeconds added at random), got \${jitter}`);
  }
  let found: { value: T } | { lease: string } | undefined;
  try {
    found = await lookup<T>(redis, key, leaseMs, Date.now() + waitMs);
  } catch (err) {
    onCacheError(err);
  }
  // Redis failed, or the loader holding the lease is slow or dead: serve this caller anyway.
  if (!found) return load();
  if ('value' in found) return found.value;
  const lease = found.lease;
  // Once the lease has expired in Redis neither FILL nor RELEASE can change the key, so neither is
  // waited for longer than it has left.
  const leaseEnds = Date.now() + leaseMs;
  // Hand the lease back at once so the next caller loads instead of waiting for it to expire.
  const release = async () => {
    if (Date.now() < leaseEnds) {
      await within(leaseEnds - Date.now(), redis.eval(RELEASE, { keys: [key], arguments: [lease] })).catch(onCacheError);
    }
  };
  let value: T;
  try {
    value = await load();
  } catch (err) {
    await release();
    throw err;
  }
  // A load slower than the lease has nothing to fill: the key is no longer ours (and no error).
  if (Date.now() >= leaseEnds) return value;
  // A value JSON cannot hold (undefined, say for a missing row; a BigInt; a cycle) is not cached and
  // its lease goes back like a failed load's: left in place, it would hold every caller of the key
  // for the whole lease, for a loader that has finished. Return null from load to cache a miss.
  let text: string | undefined;
  let unencodable: { err: unknown } | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    unencodable = { err };
  }
  if (text === undefined) {
    await release();
    // Reported after the hand-back, so an onCacheError that throws cannot leave the lease behind.
    if (unencodable) onCacheError(unencodable.err);
    return value;
  }
  try {
    const ttl = Math.round(ttlSeconds * (1 + Math.random() * jitter));
    await within(leaseEnds - Date.now(), redis.eval(FILL, { keys: [key], arguments: [lease, text, String(ttl)] }));
  } catch (err) {
    onCacheError(err);
  }
  return value;
}

/**
 * The cached value, or a lease to load it, or undefined when waiting for another loader timed out.
 * Redis's replies are waited for only until the deadline too: past it, the caller loads.
 */
async function lookup<T>(redis: Redis, key: string, leaseMs: number, deadline: number) {
  while (Date.now() < deadline) {
    const cached = await within(deadline - Date.now(), redis.get(key));
    if (cached === null) {
      const lease = LEASE + randomUUID();
      const set = redis.set(key, lease, { condition: 'NX', expiration: { type: 'PX', value: leaseMs } });
      let taken: string | null;
      try {
        taken = await within(deadline - Date.now(), set);
      } catch (err) {
        // We gave up on the reply, but the SET may still land and leave a lease that nobody loads
        // for, which others would wait out. Delete it if it holds our token, without waiting: a
        // createClient() client writes its commands in order on its one connection, so Redis runs
        // this after the SET. Not if the connection is replaced in between: a reconnect fails the
        // SET, and this goes out on the new socket (or, with disableOfflineQueue, not at all) while
        // the old socket's SET may still reach Redis; nor through a client pool. Then the orphan can
        // stay, and others wait for it until its lease expires, as they would without this delete.
        // Nothing is kept pending here, so there is no backlog to cap (Python and Go cap theirs at
        // 1,000) and nothing of this module's to send at shutdown: the delete is already in the
        // client's queue, and the client's close() waits until that queue is empty (node-redis v5,
        // checked 2026 in its source). Bound that wait as the other variants bound their shutdown
        // flush, to 1 s: race close() with a timer and call destroy() when it fires.
        redis.eval(RELEASE, { keys: [key], arguments: [lease] }).catch(() => {});
        throw err;
      }
      if (taken === 'OK') return { lease };
      continue; // another caller took the lease a moment ago: wait for its value
    }
    if (!cached.startsWith(LEASE)) return { value: JSON.parse(cached) as T };
    await sleep(50); // another caller is loading
  }
  return undefined;
}

/**
 * Call after the write to the source of truth has committed. Deleting (not updating) the key also
 * removes a lease, so a reader that loaded the old row before the write cannot cache it afterwards;
 * forgetting this process's in-flight load makes later callers start a new one instead of joining
 * a load that may have read the row before the write.
 *
 * The write has happened whatever Redis does, so a failed delete does not throw (the caller must not
 * take it for a failed write): it resolves false and reports the error. Until the delete lands (a
 * slow Redis may still apply it later) or the key's TTL ends, reads may return the value from before
 * the write; the report says so, by default as a console warning, so that staleness is not silent
 * (pass onCacheError to retry, alert or count instead). `timeoutMs` bounds the wait for Redis's reply,
 * so a Redis that keeps the connection open but answers nothing does not hold the writer.
 */
export async function ${4:invalidate}(
  redis: Redis,
  key: string,
  { timeoutMs = 1000, onCacheError = (err: unknown) => console.warn(String(err)) }: { timeoutMs?: number; onCacheError?: (err: unknown) => void } = {},
): Promise<boolean> {
  inFlight.delete(key);
  try {
    await within(timeoutMs, redis.del(key));
    return true;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    onCacheError(
      new Error(
        'cache delete of ' + key + ' not confirmed (' + why + "): reads may return the value from before the write until it lands or the key's TTL ends",
        { cause: err },
      ),
    );
    return false;
  }
}
$0
