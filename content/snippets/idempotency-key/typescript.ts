import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

export interface IdempotentRequest {
  /**
   * Who is calling (tenant, account or API client id), from authentication, never from the
   * request. Keys are unique per caller only.
   */
  scope: string;
  /** Value of the Idempotency-Key header, if the client sent one. */
  key: string | undefined;
  method: string;
  /** The path with its query string (Express: req.originalUrl, not req.path): both are hashed. */
  path: string;
  body: unknown;
}

export interface StoredResponse {
  status: number;
  body: unknown;
  /** The handler's (Location, say) are stored and replayed; the 409 for a duplicate still running sets Retry-After. */
  headers?: Record<string, string>;
}

/** A fresh object per call: a caller that edits the response it got cannot change the next one. */
const inProgress = (): StoredResponse => ({
  status: 409,
  headers: { 'Retry-After': '1' },
  body: { error: 'request with this key is still in progress; retry' },
});

/**
 * The body as JSON with object keys sorted at every level: a retry that serialises the same body
 * with its keys in another order is the same request (plain JSON.stringify follows insertion order).
 */
function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[\${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{\${entries.map(([k, item]) => `\${JSON.stringify(k)}:\${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The handler does its writes through `tx`, so they commit together with the stored response. */
export type TransactionalHandler = (req: IdempotentRequest, tx: PoolClient) => Promise<StoredResponse>;

/**
 * Wraps a handler so that a request retried with the same Idempotency-Key by the same caller has
 * exactly one effect and always gets the first response back.
 *
 * The key row is inserted inside the handler's transaction. A concurrent duplicate waits on that
 * uncommitted row for at most the claim's lock_timeout: when the first commits in that time, the
 * duplicate's insert does nothing and it reads the stored response; past it the duplicate gets 409
 * with Retry-After (only a lock timeout on the claim does: any other error, and the handler's own
 * lock errors, are thrown). If the first rolls back (the handler threw, or answered 5xx), nothing is
 * stored and a retry runs afresh. Effects outside this database (emails, card charges) need their own key
 * passed downstream. The transaction is READ COMMITTED whatever the database default: under
 * REPEATABLE READ the duplicate's insert would fail with a serialization error instead of waiting.
 *
 * The pool: give it an error listener (`pool.on('error', (err) => log(err))`). A connection that
 * drops while it sits idle in the pool is reported there, and with no listener that event ends the
 * process. If you set node-postgres's `query_timeout`, set `statement_timeout` (also a pool
 * option) at or below it: `query_timeout` only stops waiting in Node, and a statement that runs on
 * after its client is destroyed keeps the transaction's locks (the key row too) until it ends.
 * Keep both above the claim's lock_timeout (the SET LOCAL below): a statement_timeout that fires
 * first makes a waiting duplicate fail with that error instead of getting its 409.
 */
export function ${1:withIdempotency}(pool: Pool, handler: TransactionalHandler) {
  return async (req: IdempotentRequest): Promise<StoredResponse> => {
    // An empty scope would put every unauthenticated caller's keys in one namespace: fail closed.
    if (!req.scope) throw new Error('idempotency scope is empty: derive it from the authenticated caller');
    if (!req.key) return { status: 400, body: { error: 'Idempotency-Key header is required' } };
    const requestHash = createHash('sha256')
      .update(`\${req.method} \${req.path}\n`)
      .update(canonicalJson(req.body))
      .digest('hex');

    const tx = await pool.connect();
    // pg-pool listens for a checked-out client's 'error' (its connection dropped) only while it is
    // idle: without a listener of ours that event ends the process. The failing query rejects anyway.
    let broken: Error | undefined;
    const onError = (err: Error) => (broken ??= err);
    tx.on('error', onError);
    try {
      await tx.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      // A duplicate waits on the first attempt's uncommitted key row. Bound that wait: a first
      // attempt that hangs (a slow downstream call; a host gone mid-transaction keeps its lock
      // until TCP keepalive notices, hours by default) would otherwise park every retry on a
      // pooled connection until the pool runs dry. Past the bound the duplicate gets 409.
      // Keep the connection's own lock_timeout (a pool's on-connect SET) to put back afterwards.
      const before = await tx.query<{ value: string }>("SELECT current_setting('lock_timeout') AS value");
      await tx.query(`SET LOCAL lock_timeout = '${3:5s}'`);
      let claimed;
      try {
        // A placeholder response marks the claim; it is overwritten before commit.
        claimed = await tx.query(
          `INSERT INTO ${2:idempotency_keys} (scope, key, request_hash, response_code, response_body)
           VALUES (\$1, \$2, \$3, 0, 'null') ON CONFLICT (scope, key) DO NOTHING`,
          [req.scope, req.key, requestHash],
        );
      } catch (err) {
        if ((err as { code?: string }).code !== '55P03') throw err; // 55P03: lock_not_available
        await tx.query('ROLLBACK');
        return inProgress();
      }
      // The handler's own lock waits keep the connection's setting (DEFAULT would drop a session SET).
      await tx.query("SELECT set_config('lock_timeout', \$1, true)", [before.rows[0]!.value]);
      if (claimed.rowCount === 0) {
        await tx.query('ROLLBACK');
        // Read it on the connection we hold: a second checkout while holding this one waits forever
        // once every pooled connection is held by a duplicate doing the same (a pool of 1: at once).
        const stored = await tx.query<{
          request_hash: string;
          response_code: number;
          response_headers: Record<string, string>;
          response_body: unknown;
        }>(
          'SELECT request_hash, response_code, response_headers, response_body FROM $2 WHERE scope = \$1 AND key = \$2',
          [req.scope, req.key],
        );
        const row = stored.rows[0];
        if (!row) return inProgress();
        if (row.request_hash !== requestHash) {
          return { status: 422, body: { error: 'Idempotency-Key was already used for a different request' } };
        }
        // Headers (Location, say) are part of the first response: replay them too.
        const h = row.response_headers;
        return { status: row.response_code, body: row.response_body, ...(Object.keys(h).length ? { headers: h } : {}) };
      }

      const response = await handler(req, tx);
      // A 4xx is stored and replayed like a 2xx: the handler gave its answer (a declined card, say),
      // and a client that changes the request sends a new key (Stripe's API also replays errors once
      // an endpoint has begun, 2026). A "try again later" 4xx (429, a busy 409) belongs before this
      // middleware or as a 503: stored, it would answer every retry of the key until the purge.
      if (response.status >= 500) {
        // A server error is not an answer to keep: roll the effect back so a retry runs afresh.
        await tx.query('ROLLBACK');
        return response;
      }
      await tx.query(
        'UPDATE $2 SET response_code = \$3, response_headers = \$4, response_body = \$5 WHERE scope = \$1 AND key = \$2',
        [req.scope, req.key, response.status, JSON.stringify(response.headers ?? {}), JSON.stringify(response.body ?? null)],
      );
      await tx.query('COMMIT');
      return response;
    } catch (err) {
      // Nothing was recorded, so the client may safely retry with the same key.
      // A ROLLBACK that failed (a dropped connection; a client-side query_timeout, which leaves the
      // statement running and the transaction open with its locks) marks the client broken.
      await tx.query('ROLLBACK').catch((rollbackErr: Error) => (broken ??= rollbackErr));
      throw err;
    } finally {
      tx.off('error', onError);
      tx.release(broken); // an error destroys the client instead of pooling it for the next caller
    }
  };
}
$0
