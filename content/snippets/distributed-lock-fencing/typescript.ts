import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

/** The node-redis (v4+) client method used here; a `createClient()` client fits. */
interface Redis {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export interface Lease {
  resource: string;
  /** Random per acquisition: proves ownership when releasing. */
  owner: string;
  /**
   * Increasing per resource: pass it to every write made under this lock. The counter lives in
   * Redis: without AOF persistence a restart (or a failover to a replica that missed the last
   * INCR) can hand out a token again. The storage check below then refuses the new holder's
   * writes instead of accepting two writers, which is safe but blocks the resource until the
   * counter passes the stored token again.
   */
  fence: number;
}

// Take the lock and, only if we got it, draw the next fencing token, in one atomic step. A token
// below 1 (a fence key set to -1 or less by hand) gives the lock back and fails: a 0 would read as
// "held by someone else" and leave the lock held for the TTL, a negative one would rank below
// every token storage has seen.
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local fence = redis.call('INCR', KEYS[2])
  if fence < 1 then
    redis.call('DEL', KEYS[1])
    return redis.error_reply('fencing token ' .. fence .. ' is below 1 (is the fence key corrupted?)')
  end
  return fence
end
return 0
`;

// Delete the lock only if it still holds our owner id. After a long GC pause our lease may have
// expired and someone else may hold the lock now; a blind DEL would release *their* lock.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

// The braces are a Redis Cluster hash tag: both keys hash on the resource alone, so they share a
// slot and one script may touch both (without it the script fails with CROSSSLOT on a cluster).
const lockKey = (resource: string): string => `${2:lock}:{\${resource}}`;
const fenceKey = (resource: string): string => `$2:{\${resource}}:fence`;

/** Tries once to take the lock for `ttlMs`; null when someone else holds it. */
export async function ${1:acquireLock}(redis: Redis, resource: string, ttlMs = ${3:10000}): Promise<Lease | null> {
  // PX takes a whole number of milliseconds of at least 1; anything else Redis rejects at run time.
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new RangeError(`ttlMs must be a whole number of milliseconds >= 1, got \${ttlMs}`);
  const owner = randomUUID();
  const release = (): Promise<unknown> => redis.eval(RELEASE, { keys: [lockKey(resource)], arguments: [owner] }).catch(() => {});
  let reply: unknown;
  try {
    reply = await redis.eval(ACQUIRE, { keys: [lockKey(resource), fenceKey(resource)], arguments: [owner, String(ttlMs)] });
  } catch (err) {
    // A timeout or a dropped connection after Redis ran the script leaves the lock taken under an
    // owner id nobody will use: every acquirer (this caller's retry too) would get null for the
    // whole TTL. Hand it back (a no-op if the script never ran), then report the error.
    await release();
    throw err;
  }
  const fence = Number(reply);
  const integer = typeof reply === 'number' || typeof reply === 'bigint' || (typeof reply === 'string' && /^\\d+\$/.test(reply));
  if (!integer || !Number.isSafeInteger(fence)) {
    // Never read an odd reply as "held by someone else": the script may have taken the lock.
    await release();
    throw new Error(`acquire \${resource}: unexpected reply \${JSON.stringify(reply)}`);
  }
  if (fence < 0) {
    // No real token is negative, and the script refuses one itself: the reply is not the script's
    // (a -1 or -2 as PTTL gives, from a client mixing up replies). The script may have taken the
    // lock: hand it back rather than answer "held by someone else" and leave it held for the TTL.
    await release();
    throw new Error(`acquire \${resource}: negative fencing token \${fence}: not this script's reply (it refuses tokens below 1): is a reply meant for another command, such as PTTL's -1 or -2, reaching this call on a shared connection or pipeline?`);
  }
  return fence > 0 ? { resource, owner, fence } : null;
}

/** Releases the lock if this lease still owns it; false means the lease had already expired. */
export async function releaseLock(redis: Redis, lease: Lease): Promise<boolean> {
  return Number(await redis.eval(RELEASE, { keys: [lockKey(lease.resource)], arguments: [lease.owner] })) === 1;
}

/**
 * The other half of fencing: the storage itself refuses writes carrying an older token than the
 * newest it has accepted (see the SQL variant's ${4:fenced_write}). A lock alone cannot stop a
 * paused former holder from writing after its lease ran out; this check can.
 * Give the pool an error listener (`pool.on('error', (err) => log(err))`): a connection that drops
 * while idle in the pool is reported there, and with no listener that event ends the process.
 */
export async function writeWithFence(pool: Pool, lease: Lease, value: string): Promise<boolean> {
  const result = await pool.query<{ accepted: boolean }>('SELECT $4(\$1, \$2, \$3, \$4) AS accepted', [
    lease.resource,
    value,
    lease.fence,
    lease.owner,
  ]);
  return result.rows[0]?.accepted === true;
}
$0
