import type { Pool } from 'pg';

export class InsufficientFundsError extends Error {}

/**
 * Transfers money between two accounts inside one transaction holding row locks on both. Rows are
 * locked in ascending id order whatever the direction of the transfer: two opposite transfers then
 * wait for each other instead of deadlocking. Keep the locked section short; every other writer
 * of these rows waits for it.
 */
export async function ${1:transfer}(pool: Pool, fromId: number, toId: number, amountCents: number): Promise<void> {
  if (fromId === toId) throw new Error('cannot transfer to the same account');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // ORDER BY id: the consistent lock order that prevents deadlocks.
    const locked = await client.query<{ id: string; balance_cents: string }>(
      'SELECT id, balance_cents FROM ${2:accounts} WHERE id = ANY(\$1::bigint[]) ORDER BY id FOR UPDATE',
      [[fromId, toId]],
    );
    if (locked.rowCount !== 2) throw new Error(`account \${fromId} or \${toId} does not exist`);
    const from = locked.rows.find((r) => Number(r.id) === fromId)!;
    if (Number(from.balance_cents) < amountCents) throw new InsufficientFundsError(`account \${fromId}`);

    await client.query('UPDATE $2 SET balance_cents = balance_cents - \$1 WHERE id = \$2', [amountCents, fromId]);
    await client.query('UPDATE $2 SET balance_cents = balance_cents + \$1 WHERE id = \$2', [amountCents, toId]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
$0
