import { randomUUID } from 'node:crypto';

/** The node-redis (v4+) client methods used here; a `createClient()` client fits. */
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
  /** Base time to live; each write adds up to `jitter` of it at random. */
  ttlSeconds?: number;
  jitter?: number;
  /** How long one process may hold the rebuild lock before others may try. */
  lockMs?: number;
  /** How long callers that lost the rebuild race wait for the winner's value. */
  waitMs?: number;
}

// Concurrent misses inside this process share one load (single flight).
const inFlight = new Map<string, Promise<unknown>>();

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Cache-aside read. On a miss, exactly one caller across all processes (the holder of a short
 * Redis lock) runs `load`; the others poll the cache briefly for its result instead of stampeding
 * the database. TTLs get random jitter so keys written together do not all expire together.
 */
export async function ${1:getOrLoad}<T>(
  redis: Redis,
  key: string,
  load: () => Promise<T>,
  { ttlSeconds = ${2:300}, jitter = ${3:0.1}, lockMs = 5000, waitMs = 2000 }: CacheOptions = {},
): Promise<T> {
  const cached = await redis.get(key);
  if (cached !== null) return JSON.parse(cached) as T;

  const pending = inFlight.get(key);
  if (pending) return pending as Promise<T>;

  const work = (async (): Promise<T> => {
    const lockKey = `\${key}:rebuild-lock`;
    const owner = randomUUID();
    const locked = await redis.set(lockKey, owner, { condition: 'NX', expiration: { type: 'PX', value: lockMs } });
    if (locked !== 'OK') {
      // Someone else is rebuilding: wait for their value, then fall back to loading ourselves.
      for (const deadline = Date.now() + waitMs; Date.now() < deadline; ) {
        await sleep(50);
        const value = await redis.get(key);
        if (value !== null) return JSON.parse(value) as T;
      }
      return load();
    }
    try {
      const value = await load();
      const ttl = Math.round(ttlSeconds * (1 + Math.random() * jitter));
      await redis.set(key, JSON.stringify(value), { expiration: { type: 'EX', value: ttl } });
      return value;
    } finally {
      await redis.eval(RELEASE, { keys: [lockKey], arguments: [owner] });
    }
  })();
  inFlight.set(key, work);
  try {
    return await work;
  } finally {
    inFlight.delete(key);
  }
}

/** Call after writing the source of truth: delete (not update) so a racing reader cannot re-cache stale data for long. */
export async function invalidate(redis: Redis, key: string): Promise<void> {
  await redis.del(key);
}
$0
