import type { Pool, PoolClient } from 'pg';

export class InsufficientFundsError extends Error {}

/** Locks one account row for the rest of the transaction and returns its balance (null: no such row). */
async function lockAccount(client: PoolClient, id: number): Promise<bigint | null> {
  const { rows } = await client.query<{ balance_cents: string }>(
    'SELECT balance_cents FROM ${2:accounts} WHERE id = \$1 FOR UPDATE',
    [id],
  );
  return rows[0] ? BigInt(rows[0].balance_cents) : null;
}

/**
 * Transfers money between two accounts inside one transaction holding row locks on both. The lower
 * id is always locked first, whichever way the money moves: two opposite transfers then wait for
 * each other instead of deadlocking. Keep the locked section short; every other writer of these
 * rows waits for it.
 *
 * The pool: give it an error listener (`pool.on('error', (err) => log(err))`). A connection that
 * drops while it sits idle in the pool is reported there, and with no listener that event ends the
 * process. If you set node-postgres's `query_timeout`, set `statement_timeout` (also a pool
 * option) at or below it: `query_timeout` only stops waiting in Node. A transfer stuck waiting for
 * its second row goes on waiting on the server after its client is destroyed, holding the first
 * row's lock until the wait ends, unless the server's `client_connection_check_interval` notices
 * first; `statement_timeout` has the server end the wait.
 */
export async function ${1:transfer}(pool: Pool, fromId: number, toId: number, amountCents: number): Promise<void> {
  if (fromId === toId) throw new Error('cannot transfer to the same account');
  // A negative amount would move money the other way: from the account that did not ask.
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) throw new RangeError(`amount must be a positive integer, got \${amountCents}`);
  const [first, second] = fromId < toId ? [fromId, toId] : [toId, fromId];
  const client = await pool.connect();
  // pg-pool listens for a checked-out client's 'error' (its connection dropped) only while it is
  // idle: without a listener of ours that event ends the process. The failing query rejects anyway.
  let broken: Error | undefined;
  const onError = (err: Error) => (broken ??= err);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const balances = new Map([
      [first, await lockAccount(client, first)],
      [second, await lockAccount(client, second)],
    ]);
    if (balances.get(first) === null || balances.get(second) === null) throw new Error(`account \${fromId} or \${toId} does not exist`);
    // Safe to check then act: nobody else can change these rows until we commit.
    if (balances.get(fromId)! < BigInt(amountCents)) throw new InsufficientFundsError(`account \${fromId}`);

    await client.query('UPDATE $2 SET balance_cents = balance_cents - \$1 WHERE id = \$2', [amountCents, fromId]);
    await client.query('UPDATE $2 SET balance_cents = balance_cents + \$1 WHERE id = \$2', [amountCents, toId]);
    await client.query('COMMIT');
  } catch (err) {
    // A ROLLBACK that failed (a dropped connection; a client-side query_timeout, which leaves the
    // statement running and the transaction open with its locks) marks the client broken.
    await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken ??= rollbackErr));
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken); // an error destroys the client instead of pooling it for the next caller
  }
}
$0
