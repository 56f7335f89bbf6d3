import type { Pool, QueryResultRow } from 'pg';

/**
 * Routes queries so a user always sees their own writes despite replica lag. After a write, the
 * primary's WAL position (LSN) is remembered for that user; their reads go to a replica only once
 * it has replayed past that position, and to the primary until then (at most `stickyMs`, after
 * which any healthy replica is assumed to have caught up). Keep the per-user state in the session
 * or a cookie when several app servers share users; a Map suits one process.
 */
export class ${1:ReadYourWritesRouter} {
  private readonly lastWrite = new Map<string, { lsn: string; at: number }>();
  private next = 0;

  constructor(
    private readonly primary: Pool,
    private readonly replicas: readonly Pool[],
    private readonly stickyMs = ${2:5000},
  ) {}

  /** Runs a write on the primary and records where the WAL stood after it. */
  async write<R extends QueryResultRow>(userId: string, sql: string, params: unknown[] = []) {
    const result = await this.primary.query<R>(sql, params);
    const { rows } = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    this.lastWrite.set(userId, { lsn: rows[0]!.lsn, at: Date.now() });
    return result;
  }

  async read<R extends QueryResultRow>(userId: string, sql: string, params: unknown[] = []) {
    return (await this.poolFor(userId)).query<R>(sql, params);
  }

  private async poolFor(userId: string): Promise<Pool> {
    if (this.replicas.length === 0) return this.primary;
    const replica = this.replicas[this.next++ % this.replicas.length]!;
    const recent = this.lastWrite.get(userId);
    if (!recent) return replica;
    if (Date.now() - recent.at > this.stickyMs) {
      this.lastWrite.delete(userId);
      return replica;
    }
    // Has this replica replayed the user's last write yet? One cheap round trip.
    const { rows } = await replica.query<{ caught_up: boolean }>(
      'SELECT pg_last_wal_replay_lsn() >= \$1::pg_lsn AS caught_up',
      [recent.lsn],
    );
    return rows[0]?.caught_up ? replica : this.primary;
  }
}
$0
