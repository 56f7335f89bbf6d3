/**
 * reservation-expiry: of many users racing for one seat exactly one holds it; an expired hold is
 * available to the next user even before the sweep; only the current, unexpired holder can
 * confirm; a retried confirm with the same payment reference (also ten racing the first) answers
 * true, and a sold seat confirmed with another reference (same buyer, a double submit) answers false;
 * the sweep releases expired holds only; the script upgrades a table from before sold_ref, with
 * data, and can run again.
 */
import { strict as assert } from 'assert';
import { Pool } from 'pg';
import { freshDatabase, proves } from '../../harness';
import { importSnippet, sqlOf } from '../../library';

type Hold = { held: true; until: Date } | { held: false };
interface Reservation {
  holdSeat(pool: Pool, seatId: number, userId: string, minutes?: number): Promise<Hold>;
  confirmSeat(pool: Pool, seatId: number, userId: string, paymentRef: string): Promise<boolean>;
  releaseExpiredHolds(pool: Pool, signal: AbortSignal, everyMs?: number): void;
}

describe('reservation-expiry', function () {
  this.timeout(120_000);

  async function setup(name: string): Promise<Pool> {
    const db = await freshDatabase(name);
    await db.exec(sqlOf('reservation-expiry'));
    await db.exec('INSERT INTO seats (id, event_id) SELECT i, 1 FROM generate_series(1, 3) i');
    return new Pool({ connectionString: db.url, max: 25 });
  }
  const expire = (pool: Pool, seat: number) =>
    pool.query("UPDATE seats SET held_until = clock_timestamp() - interval '1 second' WHERE id = $1", [seat]);
  const status = async (pool: Pool, seat: number) =>
    (await pool.query('SELECT status, held_by FROM seats WHERE id = $1', [seat])).rows[0];
  /** Checks a hold ending at `until` lasts the default 10 minutes by the database clock (not seconds, not hours). */
  const assertTenMinuteHold = async (pool: Pool, until: Date | string): Promise<void> => {
    const lasts = await pool.query(
      "SELECT $1::timestamptz > clock_timestamp() + interval '9 minutes' AS long_enough, $1::timestamptz <= clock_timestamp() + interval '10 minutes' AS not_longer",
      [until],
    );
    assert.deepEqual(lasts.rows[0], { long_enough: true, not_longer: true }, `a default hold lasts 10 minutes: until ${until instanceof Date ? until.toISOString() : until}`);
  };

  /**
   * The first confirm runs in a transaction left open; ten retries then wait for its row lock, and
   * it commits only once all ten are waiting (read from pg_stat_activity), so each retry reads the seat
   * after the first confirm sold it.
   */
  async function confirmRace(
    pool: Pool,
    confirm: (db: Pick<Pool, 'query'>) => Promise<boolean>,
  ): Promise<{ first: boolean; retries: boolean[] }> {
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      const first = await confirm(tx);
      const retries = Promise.all(Array.from({ length: 10 }, () => confirm(pool)));
      retries.catch(() => undefined);
      for (let i = 0; ; i++) {
        const waiting = (await pool.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0].n;
        if (waiting >= 10) break;
        if (i > 2400) assert.fail(`only ${waiting} retries wait for the first confirm's lock`);
        await new Promise((res) => setTimeout(res, 25));
      }
      await tx.query('COMMIT');
      return { first, retries: await retries };
    } finally {
      await tx.query('ROLLBACK').catch(() => undefined);
      tx.release();
    }
  }

  it('typescript: one holder among 20 racing users; expiry frees the seat before any sweep; only the live holder confirms', async () => {
    const r = importSnippet<Reservation>('reservation-expiry');
    const pool = await setup('reservation_ts');
    const stop = new AbortController();
    try {
      const holds = await Promise.all(Array.from({ length: 20 }, (_, i) => r.holdSeat(pool, 1, `user-${i}`)));
      const winners = holds.map((h, i) => (h.held ? `user-${i}` : null)).filter(Boolean);
      assert.equal(winners.length, 1, 'exactly one hold');
      const alice = winners[0]!;
      assert.equal(await r.confirmSeat(pool, 1, 'someone-else', 'pay-x'), false, 'a non-holder cannot confirm');
      const first = holds.find((h) => h.held) as { held: true; until: Date };
      const again = await r.holdSeat(pool, 1, alice);
      assert.ok(again.held, 'the holder retrying its hold keeps the seat');
      assert.ok(again.until.getTime() > first.until.getTime(), 'and the hold is extended');
      assert.equal((await r.holdSeat(pool, 1, 'someone-else')).held, false, 'others still cannot take it');

      await expire(pool, 1); // alice's checkout crashed; no sweep has run
      assert.equal(await r.confirmSeat(pool, 1, alice, 'pay-a1'), false, 'an expired hold cannot be confirmed');
      assert.equal((await r.holdSeat(pool, 1, 'bob')).held, true, 'an expired hold is available at once');
      assert.equal(await r.confirmSeat(pool, 1, alice, 'pay-a1'), false, "alice cannot buy bob's seat");
      assert.equal(await r.confirmSeat(pool, 1, 'bob', 'pay-b1'), true);
      assert.deepEqual(await status(pool, 1), { status: 'sold', held_by: 'bob' });
      assert.equal(await r.confirmSeat(pool, 1, 'bob', 'pay-b1'), true, 'a retried confirm (same payment, its first response lost) still says bob bought it, not "refund"');
      assert.equal(await r.confirmSeat(pool, 1, 'bob', 'pay-b2'), false, 'a second payment by bob (double submit) is told to refund');
      assert.equal(await r.confirmSeat(pool, 1, alice, 'pay-b1'), false, 'nobody else confirms a sold seat');
      assert.equal((await pool.query('SELECT sold_ref FROM seats WHERE id = 1')).rows[0].sold_ref, 'pay-b1', 'the seat keeps the first payment');
      // A retry racing the first confirm: every one of them is told the seat is bob's.
      assert.equal((await r.holdSeat(pool, 2, 'bob')).held, true);
      const racing = await confirmRace(pool, (db) => r.confirmSeat(db as Pool, 2, 'bob', 'pay-b3'));
      assert.deepEqual(racing, { first: true, retries: Array(10).fill(true) }, 'retries with the same payment racing the first confirm all answer true');
      assert.equal(await r.confirmSeat(pool, 2, 'bob', 'pay-b4'), false, 'another payment for the seat answers false');
      // A second payment racing the first confirm: it waits for the lock, then sees the seat sold with pay-b5.
      await pool.query("UPDATE seats SET status = 'available', held_by = NULL, sold_ref = NULL WHERE id = 2");
      assert.equal((await r.holdSeat(pool, 2, 'bob')).held, true);
      const doubled = await confirmRace(pool, (db) => r.confirmSeat(db as Pool, 2, 'bob', (db as unknown) === pool ? 'pay-b6' : 'pay-b5'));
      assert.deepEqual(doubled, { first: true, retries: Array(10).fill(false) }, 'other payments racing the first confirm all answer false');
      await pool.query("UPDATE seats SET status = 'available', held_by = NULL, sold_ref = NULL WHERE id = 2");
      assert.equal((await r.holdSeat(pool, 1, 'carol')).held, false, 'a sold seat stays sold');

      // The sweep releases expired holds only.
      await r.holdSeat(pool, 2, 'dave');
      const erin = await r.holdSeat(pool, 3, 'erin');
      assert.ok(erin.held, 'erin holds seat 3');
      await assertTenMinuteHold(pool, erin.until);
      await expire(pool, 2);
      r.releaseExpiredHolds(pool, stop.signal, 20);
      for (let i = 0; i < 400 && (await status(pool, 2)).status !== 'available'; i++) await new Promise((res) => setTimeout(res, 25));
      assert.deepEqual(await status(pool, 2), { status: 'available', held_by: null });
      assert.deepEqual(await status(pool, 3), { status: 'held', held_by: 'erin' });
      proves('reservation-expiry', 'typescript');
    } finally {
      stop.abort();
      await pool.end();
    }
  });

  it("typescript: an everyMs setTimeout would not keep (over 2^31-1 ms, Infinity, NaN, 0, negative) is refused (it would sweep every millisecond); 2^31-1 is kept", () => {
    const r = importSnippet<Reservation>('reservation-expiry');
    const noDatabase = {} as Pool; // nothing is queried: the first sweep is a whole interval away
    for (const bad of [2 ** 31, 30 * 24 * 3600 * 1000, Infinity, NaN, -1, 0]) {
      assert.throws(() => r.releaseExpiredHolds(noDatabase, new AbortController().signal, bad), (e: Error) => e instanceof RangeError && /everyMs/.test(e.message), String(bad));
    }
    const stop = new AbortController();
    r.releaseExpiredHolds(noDatabase, stop.signal, 2 ** 31 - 1);
    stop.abort();
    proves('reservation-expiry', 'typescript');
  });

  // A hold of 0 or fewer minutes was made already expired: holdSeat answered held: true, and the next
  // user took the seat at once (the expired-hold branch of the same UPDATE).
  it('typescript: a hold of 0, negative, fractional or NaN minutes is refused and the seat stays available', async () => {
    const pool = await setup('reservation_minutes_ts');
    try {
      const r = importSnippet<Reservation>('reservation-expiry');
      for (const bad of [0, -5, 1.5, NaN, Infinity, 2 ** 31]) {
        await assert.rejects(r.holdSeat(pool, 1, 'alice', bad), (e: Error) => e instanceof RangeError && /minutes/.test(e.message), String(bad));
      }
      assert.deepEqual(await status(pool, 1), { status: 'available', held_by: null }, 'no hold was written');
      const bob = await r.holdSeat(pool, 1, 'bob', 1);
      assert.equal(bob.held, true, 'a one-minute hold is kept');
      assert.deepEqual(await r.holdSeat(pool, 1, 'carol'), { held: false }, 'and is not taken by the next user');
      proves('reservation-expiry', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('sql: hold_seat refuses 0, negative or NULL minutes (SQLSTATE 22023) and writes nothing', async () => {
    const pool = await setup('reservation_minutes_sql');
    try {
      for (const bad of [0, -5, null]) {
        await assert.rejects(pool.query('SELECT hold_seat(1, $1, $2) AS until', ['alice', bad]), (e: { code?: string; message: string }) => e.code === '22023' && /1 minute or more/.test(e.message), String(bad));
      }
      assert.deepEqual(await status(pool, 1), { status: 'available', held_by: null }, 'no hold was written');
      assert.notEqual((await pool.query('SELECT hold_seat(1, $1, 1) AS until', ['bob'])).rows[0].until, null, 'a one-minute hold is kept');
      assert.equal((await pool.query('SELECT hold_seat(1, $1) AS until', ['carol'])).rows[0].until, null, 'and is not taken by the next user');
      proves('reservation-expiry', 'sql');
    } finally {
      await pool.end();
    }
  });

  it('typescript: a sweep slower than the interval never overlaps the next one', async () => {
    const r = importSnippet<Reservation>('reservation-expiry');
    const stop = new AbortController();
    let inFlight = 0;
    let most = 0;
    let sweeps = 0;
    let release!: () => void;
    const stalled = new Promise<void>((res) => (release = res));
    // a database on which the first sweep waits (a lock) for many intervals
    const pool = {
      query: async () => {
        sweeps++;
        inFlight++;
        most = Math.max(most, inFlight);
        if (sweeps === 1) await stalled;
        inFlight--;
        return { rowCount: 0, rows: [] };
      },
    } as unknown as Pool;
    try {
      r.releaseExpiredHolds(pool, stop.signal, 5);
      await new Promise((res) => setTimeout(res, 200)); // forty intervals while the first sweep waits
      assert.equal(sweeps, 1, 'no second sweep while the first is running');
      release();
      for (let i = 0; i < 400 && sweeps < 3; i++) await new Promise((res) => setTimeout(res, 5));
      assert.ok(sweeps >= 3, 'sweeps resume once the slow one finished');
      assert.equal(most, 1);
      proves('reservation-expiry', 'typescript');
    } finally {
      release();
      stop.abort();
    }
  });

  it('sql: hold_seat/confirm_seat/release_expired_seats: one holder among racing sessions, expiry, holder-only confirm, sweep', async () => {
    const pool = await setup('reservation_sql');
    const hold = async (seat: number, user: string) => (await pool.query('SELECT hold_seat($1, $2) AS until', [seat, user])).rows[0].until;
    const confirm = async (seat: number, user: string, ref: string) => (await pool.query('SELECT confirm_seat($1, $2, $3) AS ok', [seat, user, ref])).rows[0].ok;
    try {
      const holds = await Promise.all(Array.from({ length: 20 }, (_, i) => hold(1, `user-${i}`)));
      assert.equal(holds.filter((h) => h !== null).length, 1, 'exactly one hold');
      const alice = `user-${holds.findIndex((h) => h !== null)}`;
      assert.equal(await confirm(1, 'someone-else', 'pay-x'), false);
      const again = await hold(1, alice);
      assert.notEqual(again, null, 'the holder retrying its hold keeps the seat');
      assert.ok(new Date(again).getTime() > new Date(holds.find((h) => h !== null)).getTime(), 'and the hold is extended');
      assert.equal(await hold(1, 'someone-else'), null, 'others still cannot take it');
      await expire(pool, 1);
      assert.equal(await confirm(1, alice, 'pay-a1'), false, 'expired');
      assert.notEqual(await hold(1, 'bob'), null, 'available at once after expiry');
      assert.equal(await confirm(1, alice, 'pay-a1'), false);
      assert.equal(await confirm(1, 'bob', 'pay-b1'), true);
      assert.equal(await confirm(1, 'bob', 'pay-b1'), true, 'a retried confirm (same payment) still says bob bought it, not "refund"');
      assert.equal(await confirm(1, 'bob', 'pay-b2'), false, 'a second payment by bob (double submit) is told to refund');
      assert.equal(await confirm(1, alice, 'pay-b1'), false, 'nobody else confirms a sold seat');
      assert.notEqual(await hold(2, 'bob'), null);
      await assert.rejects(confirm(2, 'bob', null as unknown as string), /check constraint/, 'a seat is never sold without a payment reference');
      const racing = await confirmRace(pool, async (db) => (await db.query('SELECT confirm_seat(2, $1, $2) AS ok', ['bob', 'pay-b3'])).rows[0].ok);
      assert.deepEqual(racing, { first: true, retries: Array(10).fill(true) }, 'retries with the same payment racing the first confirm all answer true');
      assert.equal(await confirm(2, 'bob', 'pay-b4'), false, 'another payment for the seat answers false');
      await pool.query("UPDATE seats SET status = 'available', held_by = NULL, sold_ref = NULL WHERE id = 2");
      assert.notEqual(await hold(2, 'bob'), null);
      const doubled = await confirmRace(pool, async (db) => (await db.query('SELECT confirm_seat(2, $1, $2) AS ok', ['bob', db === pool ? 'pay-b6' : 'pay-b5'])).rows[0].ok);
      assert.deepEqual(doubled, { first: true, retries: Array(10).fill(false) }, 'other payments racing the first confirm all answer false');
      await pool.query("UPDATE seats SET status = 'available', held_by = NULL, sold_ref = NULL WHERE id = 2");
      await hold(2, 'dave');
      await assertTenMinuteHold(pool, await hold(3, 'erin'));
      await expire(pool, 2);
      assert.equal((await pool.query('SELECT release_expired_seats() AS n')).rows[0].n, '1');
      assert.deepEqual(await status(pool, 2), { status: 'available', held_by: null });
      assert.deepEqual(await status(pool, 3), { status: 'held', held_by: 'erin' });
      proves('reservation-expiry', 'sql');
    } finally {
      await pool.end();
    }
  });

  /** The table and confirm_seat as shipped before sold_ref (900ae8b^), with data in every state. */
  const OLD_SHAPE = `
    CREATE TABLE seats (
      id          bigint PRIMARY KEY,
      event_id    bigint NOT NULL,
      status      text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'held', 'sold')),
      held_by     text,
      held_until  timestamptz,
      CHECK ((status = 'held') = (held_until IS NOT NULL))
    );
    CREATE INDEX seats_expired_holds_idx ON seats (held_until) WHERE status = 'held';
    CREATE FUNCTION confirm_seat(p_seat bigint, p_user text) RETURNS boolean LANGUAGE sql AS $$
      WITH sold AS (
        UPDATE seats SET status = 'sold', held_until = NULL
         WHERE id = p_seat AND held_by = p_user
           AND (status = 'sold' OR (status = 'held' AND held_until >= clock_timestamp()))
        RETURNING 1)
      SELECT EXISTS (SELECT 1 FROM sold);
    $$;
    INSERT INTO seats (id, event_id, status, held_by, held_until) VALUES
      (1, 1, 'available', NULL, NULL),
      (2, 1, 'held', 'alice', clock_timestamp() + interval '10 minutes'),
      (3, 1, 'held', 'bob', clock_timestamp() + interval '10 minutes'),
      (4, 1, 'held', 'carol', clock_timestamp() + interval '10 minutes');
    SELECT confirm_seat(3, 'bob'), confirm_seat(4, 'carol');`;

  it('sql: the script upgrades a table from before sold_ref, with data, twice: column added, old sales marked, sold_needs_payment_ref added NOT VALID then validated, the two-argument confirm_seat dropped; a long transaction on the table makes it give up (lock_timeout) instead of queueing', async () => {
    const db = await freshDatabase('reservation_sql_upgrade');
    await db.exec(OLD_SHAPE);
    const pool = new Pool({ connectionString: db.url, max: 5 });
    const rows = async () => (await pool.query('SELECT id, status, held_by, sold_ref FROM seats ORDER BY id')).rows;
    const constraint = async () =>
      (await pool.query("SELECT convalidated FROM pg_constraint WHERE conrelid = 'seats'::regclass AND conname = 'sold_needs_payment_ref'")).rows;
    const holder = await pool.connect();
    try {
      const aliceUntil = (await pool.query('SELECT held_until FROM seats WHERE id = 2')).rows[0].held_until;
      const marker = 'unrecorded: sold before sold_ref';
      for (let run = 1; run <= 2; run++) {
        await db.exec(sqlOf('reservation-expiry'));
        assert.deepEqual(
          await rows(),
          [
            { id: '1', status: 'available', held_by: null, sold_ref: null },
            { id: '2', status: 'held', held_by: 'alice', sold_ref: null },
            { id: '3', status: 'sold', held_by: 'bob', sold_ref: marker },
            { id: '4', status: 'sold', held_by: 'carol', sold_ref: marker },
          ],
          `run ${run}: old sales carry the marker, nothing else changed`,
        );
        assert.deepEqual(await constraint(), [{ convalidated: true }], `run ${run}: one sold_needs_payment_ref, validated`);
        const fns = await pool.query("SELECT oid::regprocedure::text AS f FROM pg_proc WHERE proname = 'confirm_seat'");
        assert.deepEqual(fns.rows, [{ f: 'confirm_seat(bigint,text,text)' }], `run ${run}: only the three-argument confirm_seat`);
      }
      assert.equal(
        new Date((await pool.query('SELECT held_until FROM seats WHERE id = 2')).rows[0].held_until).getTime(),
        new Date(aliceUntil).getTime(),
        "alice's hold is untouched",
      );
      // The upgraded table works as a new one.
      assert.equal((await pool.query("SELECT confirm_seat(2, 'alice', 'pay-a1') AS ok")).rows[0].ok, true);
      assert.equal((await pool.query("SELECT confirm_seat(2, 'alice', 'pay-a1') AS ok")).rows[0].ok, true, 'a retry with the same payment');
      assert.equal((await pool.query("SELECT confirm_seat(3, 'bob', 'pay-b9') AS ok")).rows[0].ok, false, 'an old sale matches no new reference');
      await assert.rejects(
        pool.query("UPDATE seats SET status = 'sold', held_until = NULL WHERE id = 1"),
        (err: { code?: string; constraint?: string }) => err.code === '23514' && err.constraint === 'sold_needs_payment_ref',
        'a sale without a reference is refused by the named constraint',
      );
      await assert.rejects(pool.query("SELECT confirm_seat(2, 'alice')"), /does not exist/, 'an old caller fails loudly');
      await db.exec(sqlOf('reservation-expiry')); // a third run after real use changes nothing
      assert.equal((await rows())[1].sold_ref, 'pay-a1');

      // A transaction left open on the table: the ALTER gives up (55P03) instead of queueing every
      // later query of the table behind itself; once it has ended, the script runs.
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM seats WHERE id = 1 FOR UPDATE');
      const blocked = db.exec(sqlOf('reservation-expiry')).then(
        () => 'ran',
        (err: { code?: string }) => err.code ?? String(err),
      );
      let ceiling: ReturnType<typeof setTimeout> | undefined;
      const outcome = await Promise.race([blocked, new Promise((res) => (ceiling = setTimeout(res, 60_000, 'still waiting after 60 s')))]);
      clearTimeout(ceiling);
      assert.equal(outcome, '55P03', 'the upgrade stops at lock_timeout');
      await holder.query('COMMIT');
      await db.exec(sqlOf('reservation-expiry'));
      proves('reservation-expiry', 'sql');
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
      await pool.end();
    }
  });
});
