/** The node-redis (v4+) client methods used here; a `createClient()` client fits. */
interface Redis {
  incrBy(key: string, increment: number): Promise<number>;
  mGet(keys: string[]): Promise<(string | null)[]>;
}

/**
 * A counter whose writes are spread across `salts` sub-keys. A single viral post's like counter
 * can take more writes per second than one partition (or one Redis Cluster slot) serves; salted,
 * each sub-key takes 1/N of them and they hash to different slots. Reads pay for it: they fetch all
 * N sub-keys, so salt only keys known to be hot and keep N small (8 to 32).
 */
export class ${1:SaltedCounter} {
  constructor(
    private readonly redis: Redis,
    private readonly salts = ${2:16},
  ) {}

  private subKey(key: string, salt: number): string {
    return `\${key}#\${salt}`;
  }

  /** Writes go to a random sub-key; no coordination needed. */
  async increment(key: string, by = 1): Promise<void> {
    await this.redis.incrBy(this.subKey(key, Math.floor(Math.random() * this.salts)), by);
  }

  /** Reads add up every sub-key. MGET on a cluster must be split per slot; here it is one call. */
  async total(key: string): Promise<number> {
    const keys = Array.from({ length: this.salts }, (_, salt) => this.subKey(key, salt));
    const values = await this.redis.mGet(keys);
    return values.reduce((sum, v) => sum + Number(v ?? 0), 0);
  }
}
$0
