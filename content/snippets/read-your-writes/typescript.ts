import type { Pool, QueryResultRow } from 'pg';

/** A pg_lsn text ('16/B374D848') as a number, for comparing positions. */
function lsnValue(lsn: string): bigint {
  const [hi = '0', lo = '0'] = lsn.split('/');
  return BigInt(`0x\${hi}`) * BigInt(2 ** 32) + BigInt(`0x\${lo}`);
}

/**
 * Routes queries so a user always sees their own writes despite replica lag. After a write, the
 * primary's WAL position (LSN) is remembered for that user; their reads go to a replica only once
 * it has replayed past that position, and to the primary until then. A replica that cannot answer
 * is skipped for that read. The position is forgotten after `rememberMs` (a replica that far behind
 * should be out of rotation: alert on replay lag). Concurrent writes of one user keep the larger
 * position; if the position cannot be read after a write committed, the write still returns and
 * the user is pinned to the primary for `rememberMs`. Keep
 * the per-user position in the session or a cookie when several app servers share users; a Map
 * suits one process.
 */
export class ${1:ReadYourWritesRouter} {
  /** Per user: the WAL position of their last write, or undefined when unknown (read the primary). */
  private readonly lastWrite = new Map<string, { lsn: string | undefined; at: number }>();
  private next = 0;

  constructor(
    private readonly primary: Pool,
    private readonly replicas: readonly Pool[],
    private readonly rememberMs = ${2:60000},
  ) {}

  /**
   * Runs a write on the primary and records where the WAL stood after it: the insert position, which
   * is past the write's commit record once the write has returned. Not `pg_current_wal_lsn()`: that
   * is the position written out so far, which with `synchronous_commit = off` can still be before
   * the commit, and a replica that replayed only that far would be taken for caught up.
   */
  async write<R extends QueryResultRow>(userId: string, sql: string, params: unknown[] = []) {
    const result = await this.primary.query<R>(sql, params);
    let lsn: string | undefined;
    try {
      const { rows } = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
      lsn = rows[0]!.lsn;
    } catch {
      // The write has committed: do not fail it (the caller would retry it). Position unknown: pin
      // the user to the primary instead.
      lsn = undefined;
    }
    const now = Date.now();
    const previous = this.lastWrite.get(userId);
    if (previous && now - previous.at <= this.rememberMs) {
      // Concurrent writes can finish out of order: keep the larger position (unknown wins).
      if (previous.lsn === undefined || (lsn !== undefined && lsnValue(previous.lsn) > lsnValue(lsn))) lsn = previous.lsn;
    }
    // Re-inserting keeps the Map in write order, so expired positions are all at its front.
    this.lastWrite.delete(userId);
    this.lastWrite.set(userId, { lsn, at: now });
    for (const [user, w] of this.lastWrite) {
      if (now - w.at <= this.rememberMs) break;
      this.lastWrite.delete(user);
    }
    return result;
  }

  async read<R extends QueryResultRow>(userId: string, sql: string, params: unknown[] = []) {
    return (await this.poolFor(userId)).query<R>(sql, params);
  }

  private async poolFor(userId: string): Promise<Pool> {
    if (this.replicas.length === 0) return this.primary;
    const replica = this.replicas[this.next++ % this.replicas.length]!;
    const recent = this.lastWrite.get(userId);
    if (recent && Date.now() - recent.at > this.rememberMs) this.lastWrite.delete(userId);
    else if (recent) {
      if (recent.lsn === undefined) return this.primary; // position unknown: pinned to the primary
      // Has this replica replayed the user's last write yet? One cheap round trip. NULL (not a
      // standby, e.g. promoted) and errors count as "no".
      try {
        const { rows } = await replica.query<{ caught_up: boolean | null }>(
          'SELECT pg_last_wal_replay_lsn() >= \$1::pg_lsn AS caught_up',
          [recent.lsn],
        );
        if (rows[0]?.caught_up !== true) return this.primary;
      } catch {
        return this.primary;
      }
    }
    return replica;
  }
}
$0
