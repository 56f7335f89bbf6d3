/**
 * webhook-verifier: the receiver the variants' comments advise, run against real PostgreSQL. The
 * verified event id is inserted in the same transaction as the handler's effects, so a crash while
 * processing rolls the id back with them and the sender's retry is processed, exactly once; an id
 * already committed is answered 2xx and not processed again; a concurrent copy waits on the first
 * copy's uncommitted id and then sees it (READ COMMITTED), or fails with SQLSTATE 40001 under
 * REPEATABLE READ or SERIALIZABLE, is answered 5xx, and the sender's retry sees the id. The advice
 * it replaces (record the id in a write of its own, then process) is run too, to show the event it
 * loses.
 *
 * "Crash" here is the receiver's database connection dying mid-transaction
 * (pg_terminate_backend), as when the process is killed: no ROLLBACK is sent, the server drops the
 * transaction on its own.
 */
import { strict as assert } from 'assert';
import { Pool, type PoolClient } from 'pg';
import { gate, type Gate } from '../../gate';
import { freshDatabase, proves } from '../../harness';
import { importSnippet } from '../../library';

interface Verifier {
  verifyWebhook(body: string, id: string | undefined, header: string | undefined, secrets: readonly string[]): { ok: boolean };
}
interface Sender {
  signPayload(secret: string, eventId: string, body: string, timestamp?: number): string;
}
interface Delivery {
  readonly id: string;
  readonly body: string;
  readonly header: string;
}

const SECRET = 'whsec_consumer';
const ignore = (): void => undefined;

describe('webhook-verifier: a receiver that records the verified id in the handler transaction (PostgreSQL)', function () {
  this.timeout(120_000);
  let pool: Pool;
  /** Another database on the same server, where a test can leave an insert of its own blocked. */
  let decoy: Pool;
  let verifyWebhook: Verifier['verifyWebhook'];
  let signPayload: Sender['signPayload'];

  before(async () => {
    const db = await freshDatabase('webhook_verifier_consumer');
    pool = new Pool({ connectionString: db.url, max: 6 });
    // Errors of a terminated idle client surface here; the test reads them from the query instead.
    pool.on('error', ignore);
    await pool.query(`
      CREATE TABLE webhook_events (id text PRIMARY KEY, received_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE payments (event_id text NOT NULL, amount int NOT NULL);`);
    const other = await freshDatabase('webhook_verifier_consumer_decoy');
    decoy = new Pool({ connectionString: other.url, max: 3 });
    decoy.on('error', ignore);
    await decoy.query('CREATE TABLE webhook_events (id text PRIMARY KEY)');
    ({ verifyWebhook } = importSnippet<Verifier>('webhook-verifier'));
    ({ signPayload } = importSnippet<Sender>('webhook-sender'));
  });
  after(async () => {
    await decoy?.end();
    await pool?.end();
  });
  beforeEach(() => pool.query('TRUNCATE webhook_events, payments'));

  /** What the sender sends on each attempt: the same id and body, signed again with a fresh timestamp. */
  const deliver = (id: string, amount: number): Delivery => {
    const body = JSON.stringify({ type: 'payment.succeeded', amount });
    return { id, body, header: signPayload(SECRET, id, body) };
  };

  /** The handler's effect, in the receiver's transaction; `during` runs after it, before the commit. */
  type During = (client: PoolClient) => Promise<void>;

  type Isolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
  /** The SQLSTATE of the last error the advised receiver answered 5xx for. */
  let lastError: string | undefined;

  /** The advised receiver: the HTTP status it answers the sender with. */
  async function receive(delivery: Delivery, during?: During, isolation: Isolation = 'READ COMMITTED'): Promise<number> {
    if (!verifyWebhook(delivery.body, delivery.id, delivery.header, [SECRET]).ok) return 400;
    const client = await pool.connect();
    client.on('error', ignore); // a connection cut mid-transaction is read from the next query
    let broken = false;
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const seen = await client.query('INSERT INTO webhook_events (id) VALUES ($1) ON CONFLICT DO NOTHING', [delivery.id]);
      if (seen.rowCount === 0) {
        await client.query('COMMIT');
        return 200; // processed before: done, the sender must stop retrying
      }
      await client.query('INSERT INTO payments (event_id, amount) VALUES ($1, $2)', [delivery.id, JSON.parse(delivery.body).amount]);
      await during?.(client);
      await client.query('COMMIT');
      return 200;
    } catch (error) {
      broken = true;
      lastError = (error as { code?: string }).code;
      await client.query('ROLLBACK').catch(() => undefined);
      return 500; // not processed: the sender retries
    } finally {
      client.off('error', ignore);
      client.release(broken);
    }
  }

  /** The advice this replaces: the id recorded in a write of its own, then the event processed. */
  async function receiveRecordingFirst(delivery: Delivery, during?: During): Promise<number> {
    if (!verifyWebhook(delivery.body, delivery.id, delivery.header, [SECRET]).ok) return 400;
    const seen = await pool.query('INSERT INTO webhook_events (id) VALUES ($1) ON CONFLICT DO NOTHING', [delivery.id]);
    if (seen.rowCount === 0) return 200;
    const client = await pool.connect();
    client.on('error', ignore); // a connection cut mid-transaction is read from the next query
    let broken = false;
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO payments (event_id, amount) VALUES ($1, $2)', [delivery.id, JSON.parse(delivery.body).amount]);
      await during?.(client);
      await client.query('COMMIT');
      return 200;
    } catch {
      broken = true;
      return 500;
    } finally {
      client.off('error', ignore);
      client.release(broken);
    }
  }

  /** The receiver's process dies: its connection is cut by the server, mid-transaction. */
  const crash: During = async (client) => {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
  };

  const payments = async (id: string): Promise<number> =>
    Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM payments WHERE event_id = $1', [id])).rows[0]!.n);

  it('typescript: a crash while processing rolls the id back with the effects; the retry is processed once, a later copy is answered 2xx unprocessed', async () => {
    proves('webhook-verifier', 'typescript');
    assert.equal(await receive(deliver('evt_crash', 500), crash), 500, 'the crashed attempt is not acknowledged');
    assert.equal(await payments('evt_crash'), 0);
    assert.equal((await pool.query('SELECT 1 FROM webhook_events')).rowCount, 0, 'the id went with the rollback');

    assert.equal(await receive(deliver('evt_crash', 500)), 200, 'the retry is processed');
    assert.equal(await receive(deliver('evt_crash', 500)), 200, 'a duplicate is acknowledged');
    assert.equal(await payments('evt_crash'), 1, 'processed exactly once');
  });

  it('typescript: the replaced advice (record the id, then process) loses the event when processing crashes', async () => {
    proves('webhook-verifier', 'typescript');
    assert.equal(await receiveRecordingFirst(deliver('evt_lost', 500), crash), 500);
    assert.equal(await receiveRecordingFirst(deliver('evt_lost', 500)), 200, 'the retry is taken for a replay');
    assert.equal(await payments('evt_lost'), 0, 'and the payment is never recorded');
  });

  /** Inserts into webhook_events blocked on a lock, in this test's own database only (other sessions share the server). */
  const blockedInserts = async (): Promise<number> =>
    (
      await pool.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO webhook_events%'`,
      )
    ).rowCount ?? 0;

  /** An insert into webhook_events blocked in another database: it must not count as this test's second copy. */
  async function blockElsewhere(): Promise<() => Promise<void>> {
    await decoy.query('TRUNCATE webhook_events');
    const holder = await decoy.connect();
    await holder.query('BEGIN');
    await holder.query(`INSERT INTO webhook_events (id) VALUES ('evt_race')`);
    const waiter = decoy.query(`INSERT INTO webhook_events (id) VALUES ('evt_race') ON CONFLICT DO NOTHING`);
    const unblock = async (): Promise<void> => {
      await holder.query('ROLLBACK').catch(ignore);
      holder.release();
      await waiter.catch(ignore);
    };
    let waiting = 0;
    for (let polls = 0; waiting !== 1 && polls < 5000; polls++) {
      waiting = (await decoy.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rowCount ?? 0;
    }
    // Without this the decoy could silently never block, and the datname filter would go untested.
    if (waiting !== 1) {
      await unblock();
      assert.fail(`the decoy insert in the other database is not blocked (${waiting} waiting)`);
    }
    return unblock;
  }

  /** Runs two copies of one delivery, the second started while the first holds its uncommitted id. */
  async function race(firstCopy: 'crashes' | 'commits', isolation: Isolation): Promise<number[]> {
    const holding: Gate = gate();
    const release: Gate = gate();
    const unblockElsewhere = await blockElsewhere();
    try {
      const first = receive(
        deliver('evt_race', 700),
        async (client) => {
          holding.open();
          await release.wait;
          if (firstCopy === 'crashes') await crash(client);
        },
        isolation,
      );
      await holding.wait;
      assert.equal(await blockedInserts(), 0, 'nothing waits in this database before the second copy starts');
      const second = receive(deliver('evt_race', 700), undefined, isolation);
      // The second copy's insert is blocked on the first copy's row, not answered from a snapshot.
      let waiting = 0;
      for (let polls = 0; waiting === 0 && polls < 5000; polls++) waiting = await blockedInserts();
      assert.equal(waiting, 1, "the second copy's insert waits on the first copy's lock");
      release.open();
      return [await first, await second];
    } finally {
      holding.open();
      release.open();
      await unblockElsewhere();
    }
  }

  for (const firstCopy of ['crashes', 'commits'] as const) {
    it(`typescript: a concurrent copy waits on the first copy's uncommitted id, then ${firstCopy === 'crashes' ? 'takes over when it crashes' : 'answers 2xx unprocessed when it commits'}`, async () => {
      proves('webhook-verifier', 'typescript');
      const answers = await race(firstCopy, 'READ COMMITTED');
      assert.deepEqual(answers, firstCopy === 'crashes' ? [500, 200] : [200, 200]);
      assert.equal(await payments('evt_race'), 1, 'processed exactly once');
    });
  }

  for (const isolation of ['REPEATABLE READ', 'SERIALIZABLE'] as const) {
    it(`typescript: under ${isolation} the waiting copy fails with 40001 when the first commits, is answered 5xx, and the retry sees the id`, async () => {
      proves('webhook-verifier', 'typescript');
      lastError = undefined;
      assert.deepEqual(await race('commits', isolation), [200, 500], 'the first copy is processed, the waiting one answered 5xx');
      assert.equal(lastError, '40001', 'a serialization failure, not a duplicate key');
      assert.equal(await receive(deliver('evt_race', 700), undefined, isolation), 200, "the sender's retry sees the id");
      assert.equal(await payments('evt_race'), 1, 'processed exactly once');
    });
  }
});
