/** The node-redis (v4+) client method used here; a `createClient()` or `createCluster()` client fits. */
interface Redis {
  incrBy(key: string, increment: number): Promise<number>;
  get(key: string): Promise<string | null>;
}

/**
 * A counter whose writes are spread across `salts` sub-keys. A single viral post's like counter
 * can take more writes per second than one partition (or one Redis Cluster slot) serves; salted,
 * each sub-key takes 1/N of them and they hash to different slots (bar a rare CRC16 collision,
 * which puts two sub-keys in one slot), and so, on a large enough cluster, mostly to different
 * nodes. Reads pay for it: they fetch all N sub-keys, so salt only keys known to be hot and keep
 * N small (8 to 32). `salts` may only grow for a key: total() reads sub-keys 0 to salts-1, so
 * lowering it drops the counts in the higher sub-keys (fold them into the lower ones first).
 */
export class ${1:SaltedCounter} {
  constructor(
    private readonly redis: Redis,
    private readonly salts = ${2:16},
  ) {
    if (!Number.isSafeInteger(salts) || salts < 1) throw new RangeError(`salts must be an integer >= 1, got \${salts}`);
  }

  private subKey(key: string, salt: number): string {
    // A hash tag ({...}) in the key would pin every sub-key to one slot and undo the salting.
    if (key.includes('{')) throw new Error(`salted key "\${key}" must not contain a hash tag`);
    return `\${key}#\${salt}`;
  }

  /** Writes go to a random sub-key; no coordination needed. */
  async increment(key: string, by = 1): Promise<void> {
    await this.redis.incrBy(this.subKey(key, Math.floor(Math.random() * this.salts)), by);
  }

  /**
   * Reads add up every sub-key. One GET per sub-key, sent together, so a cluster client routes each
   * to its slot's node. Not one MGET: Redis Cluster answers a multi-key command whose keys span
   * slots with a CROSSSLOT error, and the sub-keys live in different slots by design. Whether a
   * client library splits such an MGET per slot for you varies by library and version: do not
   * count on it.
   */
  async total(key: string): Promise<number> {
    const keys = Array.from({ length: this.salts }, (_, salt) => this.subKey(key, salt));
    const values = await Promise.all(keys.map((k) => this.redis.get(k)));
    return values.reduce((sum, v) => sum + Number(v ?? 0), 0);
  }
}
$0
