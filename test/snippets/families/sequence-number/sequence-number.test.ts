/**
 * sequence-number: concurrent appends get gap-free, strictly increasing numbers per channel, a
 * rolled-back append leaves no gap, readers never see n+1 before n; the receiver delivers in order,
 * repairs a lost message, and retries a failed repair.
 */
import { strict as assert } from 'assert';
import { Pool } from 'pg';
import { freshDatabase, proves } from '../../harness';
import { importSnippet, sqlOf } from '../../library';
import { patchTimers } from '../../patchTimers';

interface Sequence {
  appendMessage(pool: Pool, channelId: string, body: unknown): Promise<number>;
  OrderedReceiver: new <T>(
    lastSeenSeq: number,
    deliver: (seq: number, message: T) => void,
    fetchMissing: (afterSeq: number) => Promise<{ seq: number; message: T }[]>,
    gapWaitMs?: number,
    onFetchError?: (err: unknown) => void,
    limits?: { maxPending?: number; maxFailedRepairs?: number; onReload?: (lastDeliveredSeq: number) => void },
  ) => { receive(seq: number, message: T): void; catchUp(): Promise<void>; reset(lastSeenSeq: number): void };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('sequence-number', function () {
  this.timeout(120_000);

  async function setup(name: string): Promise<Pool> {
    const db = await freshDatabase(name);
    await db.exec(sqlOf('sequence-number'));
    return new Pool({ connectionString: db.url, max: 25 });
  }

  it('typescript and sql: 400 concurrent appends on 2 channels are numbered 1..200 each, visible in order, no gap after a rollback', async () => {
    const { appendMessage } = importSnippet<Sequence>('sequence-number');
    const pool = await setup('sequence_ts');
    try {
      let reading = true;
      const prefixViolations: string[] = [];
      // A reader polling during the writes must only ever see a contiguous prefix 1..n.
      const reader = (async () => {
        while (reading) {
          const { rows } = await pool.query("SELECT seq FROM messages_after('ch-a', 0, 100000)");
          rows.forEach((r, i) => {
            if (Number(r.seq) !== i + 1) prefixViolations.push(`saw ${r.seq} at position ${i + 1}`);
          });
          await sleep(5);
        }
      })();
      const results = await Promise.all(
        Array.from({ length: 400 }, (_, i) => appendMessage(pool, i % 2 === 0 ? 'ch-a' : 'ch-b', { i })),
      );
      reading = false;
      await reader;
      assert.deepEqual(prefixViolations, [], 'a reader saw a later message before an earlier one');
      for (const [ch, parity] of [['ch-a', 0], ['ch-b', 1]] as const) {
        const mine = results.filter((_, i) => i % 2 === parity).sort((a, b) => a - b);
        assert.deepEqual(mine, Array.from({ length: 200 }, (_, i) => i + 1), `${ch}: gap-free and unique`);
      }
      // A rolled-back append takes its number back with it.
      const client = await pool.connect();
      await client.query('BEGIN');
      await client.query("SELECT append_message('ch-a', '{}')");
      await client.query('ROLLBACK');
      client.release();
      assert.equal(await appendMessage(pool, 'ch-a', { after: 'rollback' }), 201, 'no gap after a rollback');
      const page = (await pool.query("SELECT seq FROM messages_after('ch-a', 198, 2)")).rows.map((r) => Number(r.seq));
      assert.deepEqual(page, [199, 200]);
      proves('sequence-number', 'typescript');
      proves('sequence-number', 'sql');
    } finally {
      await pool.end();
    }
  });

  it('typescript: OrderedReceiver delivers in order, drops duplicates, repairs a lost message, retries a failed repair', async () => {
    const { OrderedReceiver } = importSnippet<Sequence>('sequence-number');
    const log = Array.from({ length: 10 }, (_, i) => ({ seq: i + 1, message: `m${i + 1}` }));
    const delivered: number[] = [];
    const asked: number[] = [];
    let failures = 1;
    const errors: unknown[] = [];
    const reloads: number[] = [];
    const receiver = new OrderedReceiver<string>(
      0,
      (seq) => delivered.push(seq),
      async (after) => {
        asked.push(after);
        if (failures-- > 0) throw new Error('network');
        return log.filter((m) => m.seq > after);
      },
      10,
      (err) => errors.push(err),
      { onReload: (seq) => reloads.push(seq) },
    );
    for (const seq of [2, 1, 1, 3, 5, 6]) receiver.receive(seq, `m${seq}`); // 4 is lost
    assert.deepEqual(delivered, [1, 2, 3], 'held back after the gap');
    for (let i = 0; i < 400 && delivered.length < 10; i++) await sleep(10);
    assert.deepEqual(delivered, log.map((m) => m.seq), 'repaired, in order, each once');
    assert.deepEqual(asked, [3, 3, 10], 'asked for what followed 3; retried after the failure; asked once more after the page, which was empty');
    assert.equal(errors.length, 1);
    // The duplicate left nothing behind: catch-ups with nothing missing (more than maxFailedRepairs
    // of them) find no gap, ask for no reload, and the next live message is delivered.
    for (let i = 0; i < 6; i++) await receiver.catchUp();
    assert.deepEqual(reloads, [], 'no reload asked for: no gap is left');
    receiver.receive(11, 'm11');
    assert.equal(delivered[delivered.length - 1], 11, 'the next live message is delivered');
    proves('sequence-number', 'typescript');
  });

  it('typescript: OrderedReceiver catchUp() fetches a backlog longer than one page in full, on reconnect and behind a gap', async () => {
    const { OrderedReceiver } = importSnippet<Sequence>('sequence-number');
    const log = Array.from({ length: 7 }, (_, i) => ({ seq: i + 1, message: `m${i + 1}` }));
    const asked: number[] = [];
    const pageOf2 = async (after: number) => {
      asked.push(after);
      return log.filter((m) => m.seq > after).slice(0, 2); // a store that answers 2 rows at a time
    };
    const wait = 987_654; // no other code arms this delay: the gap timers never fire, the test drives catchUp()
    const timers = patchTimers((ms) => ms === wait, { clearArmed: true });
    try {
      // Reconnect on a quiet channel: no live message will arrive to reveal what is still missing.
      const delivered: number[] = [];
      const reloads: number[] = [];
      const quiet = new OrderedReceiver<string>(0, (seq) => delivered.push(seq), pageOf2, wait, () => undefined, { onReload: (s) => reloads.push(s) });
      await quiet.catchUp();
      assert.deepEqual(delivered, [1, 2, 3, 4, 5, 6, 7], 'every page fetched, not only the first');
      assert.deepEqual(asked, [0, 2, 4, 6, 7], 'asked again after each page that brought something, and stopped at the empty one');
      // Behind a gap of 7 with maxFailedRepairs 2: one repair closes it; pages are progress, not failures.
      const behind: number[] = [];
      const gap = new OrderedReceiver<string>(0, (seq) => behind.push(seq), pageOf2, wait, () => undefined, { maxFailedRepairs: 2, onReload: (s) => reloads.push(s) });
      gap.receive(8, 'm8');
      await gap.catchUp();
      assert.deepEqual(behind, [1, 2, 3, 4, 5, 6, 7, 8], 'the gap closed in one repair');
      assert.deepEqual(reloads, [], 'no reload asked for');
    } finally {
      timers.restore();
    }
    proves('sequence-number', 'typescript');
  });

  it('typescript: OrderedReceiver counts failed repairs per gap: a gap closed by a late live message does not use up the next gap\'s repairs', async () => {
    const { OrderedReceiver } = importSnippet<Sequence>('sequence-number');
    const wait = 987_654;
    const timers = patchTimers((ms) => ms === wait, { clearArmed: true });
    try {
      const delivered: number[] = [];
      const reloads: number[] = [];
      const receiver = new OrderedReceiver<string>(0, (seq) => delivered.push(seq), async () => [], wait, () => undefined, {
        maxFailedRepairs: 2,
        onReload: (s) => reloads.push(s),
      });
      receiver.receive(2, 'm2'); // 1 is late
      await receiver.catchUp(); // the store does not have it yet: one failed repair
      receiver.receive(1, 'm1'); // it arrives live: the gap is closed
      assert.deepEqual(delivered, [1, 2]);
      receiver.receive(4, 'm4'); // a new gap: 3 is late
      await receiver.catchUp(); // its first failed repair
      assert.deepEqual(reloads, [], 'one failed repair of this gap is within maxFailedRepairs 2');
      receiver.receive(3, 'm3');
      assert.deepEqual(delivered, [1, 2, 3, 4]);
      // And two failed repairs in a row of one gap still ask for the reload.
      receiver.receive(6, 'm6');
      await receiver.catchUp();
      await receiver.catchUp();
      assert.deepEqual(reloads, [4]);
    } finally {
      timers.restore();
    }
    proves('sequence-number', 'typescript');
  });

  it("typescript: OrderedReceiver refuses a gapWaitMs setTimeout would not keep (over 2^31-1 ms, Infinity, NaN, negative): a gap would be fetched after 1 ms, not after the wait", () => {
    const { OrderedReceiver } = importSnippet<Sequence>('sequence-number');
    for (const bad of [2 ** 31, 30 * 24 * 3600 * 1000, Infinity, NaN, -1]) {
      assert.throws(() => new OrderedReceiver(0, () => undefined, async () => [], bad), (e: Error) => e instanceof RangeError && /gapWaitMs/.test(e.message), String(bad));
    }
    new OrderedReceiver(0, () => undefined, async () => [], 2 ** 31 - 1);
    new OrderedReceiver(0, () => undefined, async () => [], 0);
    proves('sequence-number', 'typescript');
  });

  it('typescript: OrderedReceiver refuses a maxPending or maxFailedRepairs that is not a whole number of at least 1 (NaN, from an unset environment variable, removed the bound: every message behind a gap was held and no reload was asked for)', () => {
    const { OrderedReceiver } = importSnippet<Sequence>('sequence-number');
    // The failure the check prevents: 2,000 messages behind a lost one, with maxPending 100 or NaN.
    const reloads: number[] = [];
    const held = (maxPending: number) => {
      const r = new OrderedReceiver<string>(0, () => undefined, async () => [], 60_000, () => undefined, { maxPending, onReload: (s) => reloads.push(s) });
      for (let seq = 2; seq <= 2_001; seq++) r.receive(seq, 'm');
    };
    held(100);
    assert.deepEqual(reloads, [0], 'a bounded backlog asks for the reload');
    for (const bad of [Number.NaN, 0, -1, 1.5, Infinity, '5' as unknown as number]) {
      for (const limit of ['maxPending', 'maxFailedRepairs'] as const) {
        assert.throws(
          () => new OrderedReceiver(0, () => undefined, async () => [], 10, () => undefined, { [limit]: bad }),
          (e: Error) => e instanceof RangeError && e.message.includes(limit),
          `${limit} ${String(bad)}`,
        );
      }
    }
    new OrderedReceiver(0, () => undefined, async () => [], 10, () => undefined, { maxPending: 1, maxFailedRepairs: 1 });
    proves('sequence-number', 'typescript');
  });

  it('typescript: OrderedReceiver refuses a sequence number that is not a whole number (pg reads a bigint column as a string: "41" + 1 made "411", and every message up to 411 was dropped as a duplicate; a fetched "4" was held for ever)', async () => {
    const { OrderedReceiver } = importSnippet<Sequence>('sequence-number');
    const asString = (v: number) => String(v) as unknown as number; // what an untyped pg row gives
    // Past 2^53 a number no longer holds every whole number: Number() of pg's '9007199254740993' is
    // 2^53, and 2^53 + 1 would be 2^53 again (a message lost as a duplicate). A BigInt (pg with a
    // BigInt type parser) compares and adds apart from numbers. Both refused, as the strings are.
    const unsafe = [Number('9007199254740993'), 2 ** 53 + 2, 41n as unknown as number];
    for (const bad of [asString(41), Number.NaN, -1, 1.5, ...unsafe]) {
      assert.throws(() => new OrderedReceiver(bad, () => undefined, async () => []), TypeError, `lastSeenSeq ${String(bad)}`);
    }
    const delivered: number[] = [];
    const errors: unknown[] = [];
    const reloads: number[] = [];
    const receiver = new OrderedReceiver<string>(0, (seq) => delivered.push(seq), async (after) => [{ seq: asString(after + 1), message: 'fetched' }], 10, (err) => errors.push(err), {
      maxFailedRepairs: 100,
      onReload: (s) => reloads.push(s),
    });
    for (const bad of [asString(1), Number.NaN, 1.5, ...unsafe]) assert.throws(() => receiver.receive(bad, 'live'), TypeError, `receive ${String(bad)}`);
    assert.throws(() => receiver.reset(asString(5)), TypeError, 'reset "5"');
    // A fetchMissing that passes pg's strings on: the error is reported, not a gap held in silence.
    receiver.receive(2, 'm2');
    await receiver.catchUp();
    assert.ok(errors.length >= 1 && errors.every((e) => e instanceof TypeError), `the fetch's string seq is reported: ${String(errors[0])}`);
    receiver.receive(1, 'm1');
    assert.deepEqual(delivered, [1, 2]);
    assert.deepEqual(reloads, []);
    proves('sequence-number', 'typescript');
  });

  it('typescript: OrderedReceiver delivers a message whose value is undefined (it was held back for ever, and every later message behind it)', () => {
    const { OrderedReceiver } = importSnippet<Sequence>('sequence-number');
    const delivered: [number, string | undefined][] = [];
    const receiver = new OrderedReceiver<string | undefined>(0, (seq, m) => delivered.push([seq, m]), async () => [], 60_000, () => undefined);
    receiver.receive(2, 'm2');
    receiver.receive(1, undefined);
    assert.deepEqual(delivered, [[1, undefined], [2, 'm2']]);
    receiver.receive(3, 'm3'); // no gap is left open (its timer would have fired a repair)
    assert.deepEqual(delivered.map(([seq]) => seq), [1, 2, 3]);
    proves('sequence-number', 'typescript');
  });

  it('typescript: OrderedReceiver gives up on a gap it cannot repair (bounded repairs, bounded backlog) and asks for a reload', async () => {
    const { OrderedReceiver } = importSnippet<Sequence>('sequence-number');
    // The fetch never finds the lost message: after three repairs the receiver asks for a reload.
    const delivered: number[] = [];
    const reloads: number[] = [];
    let fetches = 0;
    const receiver = new OrderedReceiver<string>(
      0,
      (seq) => delivered.push(seq),
      async () => {
        fetches++;
        return [];
      },
      5,
      () => undefined,
      { maxFailedRepairs: 3, onReload: (seq) => reloads.push(seq) },
    );
    for (const seq of [1, 2, 4, 5]) receiver.receive(seq, `m${seq}`); // 3 is gone for good
    for (let i = 0; i < 400 && reloads.length === 0; i++) await sleep(5);
    assert.deepEqual(reloads, [2], 'reload requested once, after the last delivered message');
    assert.equal(fetches, 3);
    await sleep(50);
    assert.equal(fetches, 3, 'no repairs after giving up');
    receiver.receive(6, 'm6');
    assert.deepEqual(delivered, [1, 2], 'nothing held back or delivered while stale');
    receiver.reset(6); // the reloaded state is current to 6
    receiver.receive(7, 'm7');
    assert.deepEqual(delivered, [1, 2, 7]);

    // Messages pile up behind a gap faster than repairs run: the backlog is capped.
    const piled: number[] = [];
    const backlog = new OrderedReceiver<string>(0, () => undefined, async () => [], 60_000, () => undefined, {
      maxPending: 100,
      onReload: (seq) => piled.push(seq),
    });
    for (let seq = 2; seq <= 101; seq++) backlog.receive(seq, 'm');
    assert.deepEqual(piled, [], '100 held back is within the limit');
    backlog.receive(102, 'm');
    assert.deepEqual(piled, [0], 'the 101st held-back message triggers the reload');
    proves('sequence-number', 'typescript');
  });
});
