import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';

/** A pg_lsn text ('16/B374D848') as a number, for comparing positions. */
function lsnValue(lsn: string): bigint {
  const [hi = '0', lo = '0'] = lsn.split('/');
  return BigInt(`0x\${hi}`) * BigInt(2 ** 32) + BigInt(`0x\${lo}`);
}

/**
 * Routes queries so a user always sees their own writes despite replica lag. After a write, the
 * primary's WAL position (LSN) is remembered for that user; their reads go to a replica only once
 * it has replayed past that position, and to the primary until then. The check and the read run on
 * one connection, so a replica pool behind a load balancer (HAProxy, a reader endpoint) cannot
 * answer the check from one server and the read from a staler one. A replica that fails the check
 * is skipped for that read; a read sent to a replica without a check (users with no recent write)
 * fails if the replica does, since retrying every such read on the primary could swamp it. Give each
 * pool `connectionTimeoutMillis` and `query_timeout` (node-postgres waits forever by default), or an
 * unreachable replica stalls the check, and an error listener (`pool.on('error', ...)`): a
 * connection that drops while idle in a pool is reported there, and unheard it ends the process.
 * `query_timeout` only stops the client waiting: the server runs the statement on, so a write stuck
 * on a lock keeps its locks and may still commit. Give the primary's pool a `statement_timeout` at
 * or below it (node-postgres passes that option to the server), so the server ends the statement
 * too.
 * The position is forgotten after `rememberMs` on a monotonic clock (a replica that far behind
 * should be out of rotation: alert on replay lag). Concurrent writes of one user keep the larger
 * position; a write that throws (it may have committed before the connection dropped), or whose
 * position cannot be read after it committed, pins the user to the primary for `rememberMs`. Any
 * error pins, also a constraint violation that committed nothing: a string of statements with
 * its own COMMIT can commit part before one fails, and a needless pin only sends that user's reads
 * to the primary for a while. Keep the per-user position in the session or a cookie when several
 * app servers share users; a Map suits one process.
 */
export class ${1:ReadYourWritesRouter} {
  /** Per user: the WAL position of their last write, or undefined when unknown (read the primary). */
  private readonly lastWrite = new Map<string, { lsn: string | undefined; at: number }>();
  private next = 0;

  constructor(
    private readonly primary: Pool,
    private readonly replicas: readonly Pool[],
    private readonly rememberMs = ${2:60000},
  ) {
    // NaN would forget every position at once (reads of one's own write go to a lagging replica);
    // Infinity would keep every user who ever wrote in memory.
    if (!Number.isFinite(rememberMs) || rememberMs <= 0) {
      throw new RangeError(`rememberMs must be a finite number of ms above 0, got \${rememberMs}`);
    }
  }

  /**
   * Runs a write on the primary and records where the WAL stood after it: the insert position, which
   * is past the write's commit record once the write has returned. Not `pg_current_wal_lsn()`: that
   * is the position written out so far, which with `synchronous_commit = off` can still be before
   * the commit, and a replica that replayed only that far would be taken for caught up.
   */
  async write<R extends QueryResultRow>(userId: string, sql: string, params: unknown[] = []): Promise<QueryResult<R>> {
    let result: QueryResult<R>;
    try {
      result = await this.primary.query<R>(sql, params);
    } catch (err) {
      // It may have committed before the answer was lost: read the primary until the bound.
      this.remember(userId, undefined);
      throw err;
    }
    let lsn: string | undefined;
    try {
      const { rows } = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
      lsn = rows[0]!.lsn;
    } catch {
      // The write has committed: do not fail it (the caller would retry it). Position unknown: pin
      // the user to the primary instead.
      lsn = undefined;
    }
    this.remember(userId, lsn);
    return result;
  }

  async read<R extends QueryResultRow>(userId: string, sql: string, params: unknown[] = []): Promise<QueryResult<R>> {
    if (this.replicas.length === 0) return this.primary.query<R>(sql, params);
    const replica = this.replicas[this.next++ % this.replicas.length]!;
    const recent = this.lastWrite.get(userId);
    if (recent && performance.now() - recent.at > this.rememberMs) this.lastWrite.delete(userId);
    else if (recent) {
      if (recent.lsn === undefined) return this.primary.query<R>(sql, params); // position unknown
      // Has this replica replayed the user's last write yet? One cheap round trip, on the connection
      // the read then uses. NULL (not a standby, e.g. promoted) and errors count as "no".
      let client: PoolClient;
      try {
        client = await replica.connect();
      } catch {
        return this.primary.query<R>(sql, params);
      }
      let caughtUp = false;
      let broken = false;
      // A checked-out client whose connection drops emits 'error': without a listener, that event
      // would end the process.
      const onError = (): void => void (broken = true);
      client.on('error', onError);
      try {
        const { rows } = await client.query<{ caught_up: boolean | null }>(
          'SELECT pg_last_wal_replay_lsn() >= \$1::pg_lsn AS caught_up',
          [recent.lsn],
        );
        caughtUp = rows[0]?.caught_up === true;
        if (caughtUp) return await client.query<R>(sql, params);
      } catch (err) {
        broken = true;
        if (caughtUp) throw err; // the read itself failed
      } finally {
        client.off('error', onError);
        client.release(broken); // an error destroys the client instead of pooling it for the next caller
      }
      return this.primary.query<R>(sql, params); // not caught up, or the check failed
    }
    return replica.query<R>(sql, params);
  }

  private remember(userId: string, lsn: string | undefined): void {
    const now = performance.now();
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
  }
}
$0
