"""transactional-outbox, Python: rolled-back events never go out; two relays publish each event once
and in order per aggregate without waiting for each other; a poison event is retried alone and
dead-lettered; the relay survives a database error."""
import logging
import threading
import time

import psycopg

import snippet
from sdp_proof import check, check_equal, passed, pg_url


def until(what, condition, limit=400):
    for _ in range(limit):
        if condition():
            return
        time.sleep(0.025)
    raise AssertionError(f"timed out waiting until {what}")


db = psycopg.connect(pg_url(), autocommit=True)

# An event written in a transaction that rolls back is never published.
with psycopg.connect(pg_url()) as conn:
    with conn.transaction():
        snippet.enqueue_event(conn, "order-1", "OrderPlaced", {})
        conn.execute("SELECT 1")
        raise_rollback = psycopg.Rollback()
        raise raise_rollback
sent = []
with psycopg.connect(pg_url()) as conn:
    check_equal(snippet.relay_batch(conn, sent.append), 0, "nothing to relay")
check_equal(sent, [], "a rolled-back event is not published")

# Two relays, 300 events over 30 aggregates: each once, in order per aggregate.
with psycopg.connect(pg_url()) as conn:
    with conn.transaction():
        for i in range(300):
            snippet.enqueue_event(conn, f"agg-{i % 30}", "Happened", {"i": i})
delivered = []
lock = threading.Lock()
errors = []


def publish(event):
    with lock:
        delivered.append(event)


def relay():
    try:
        with psycopg.connect(pg_url()) as conn:
            while snippet.relay_batch(conn, publish, 10) > 0:
                pass
    except BaseException as e:
        errors.append(e)


threads = [threading.Thread(target=relay) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with psycopg.connect(pg_url()) as conn:
    while snippet.relay_batch(conn, publish, 10) > 0:
        pass
check(not errors, f"relays failed: {errors!r}")
ids = [e["id"] for e in delivered]
check_equal(len(ids), 300, "each event delivered")
check_equal(len(set(ids)), 300, "none twice")
per = {}
for e in delivered:
    per.setdefault(e["aggregate_id"], []).append(e["id"])
for agg, seq in per.items():
    check_equal(seq, sorted(seq), f"{agg} in order")

# SKIP LOCKED: relay B finishes a batch while relay A holds its own.
db.execute("TRUNCATE outbox")
with psycopg.connect(pg_url()) as conn:
    with conn.transaction():
        for i in range(20):
            snippet.enqueue_event(conn, f"s-{i}", "E", {})
held, a_started, b_done = threading.Event(), threading.Event(), threading.Event()
first, second = [], []


def hold(event):
    first.append(event["id"])
    a_started.set()
    held.wait()


def relay_a():
    with psycopg.connect(pg_url()) as conn:
        snippet.relay_batch(conn, hold, 5)


def relay_b():
    with psycopg.connect(pg_url()) as conn:
        snippet.relay_batch(conn, lambda e: second.append(e["id"]), 5)
    b_done.set()


ta = threading.Thread(target=relay_a)
ta.start()
a_started.wait()
tb = threading.Thread(target=relay_b, daemon=True)
tb.start()
try:
    until("relay B finishes while A holds its rows", b_done.is_set)
finally:
    held.set()
ta.join()
check_equal(len(second), 5, "B published a full batch")
check(not set(first) & set(second), "disjoint batches")

# A poison event is retried alone, dead-lettered after MAX_ATTEMPTS; then its aggregate moves on.
db.execute("TRUNCATE outbox")
with psycopg.connect(pg_url()) as conn:
    with conn.transaction():
        snippet.enqueue_event(conn, "a", "Good", 1)
        snippet.enqueue_event(conn, "p", "Poison", {})
        snippet.enqueue_event(conn, "b", "Good", 2)
        snippet.enqueue_event(conn, "p", "AfterPoison", {})
published, tries = [], [0]


def picky(event):
    if event["type"] == "Poison":
        tries[0] += 1
        raise RuntimeError("broker rejects it")
    published.append(f"{event['aggregate_id']}:{event['type']}")


with psycopg.connect(pg_url()) as conn:
    for round_ in range(snippet.MAX_ATTEMPTS + 2):
        snippet.relay_batch(conn, picky, 100)
        if round_ == 0:
            # Per aggregate, the oldest pending event goes first: p's later event waits behind it.
            check_equal(published, ["a:Good", "b:Good"], "p:AfterPoison waits behind p's pending Poison")
        db.execute("UPDATE outbox SET next_attempt_at = now()")  # skip the backoff wait
check_equal(tries[0], snippet.MAX_ATTEMPTS, "retried up to MAX_ATTEMPTS")
check_equal(published, ["a:Good", "b:Good", "p:AfterPoison"], "good events once; p waits for its dead event")
check(db.execute("SELECT dead_at IS NOT NULL FROM outbox WHERE event_type = 'Poison'").fetchone()[0], "dead-lettered")

# A publish error whose text PostgreSQL cannot store (a NUL) is still one recorded failed attempt:
# the batch is not rolled back, so its good event goes out once.
db.execute("TRUNCATE outbox")
with psycopg.connect(pg_url()) as conn:
    with conn.transaction():
        snippet.enqueue_event(conn, "a", "Good", 1)
        snippet.enqueue_event(conn, "p", "Poison", {})
nul_published = []


def nul_error(event):
    if event["type"] == "Poison":
        raise RuntimeError("broker said: \x00\x01 bad frame")
    nul_published.append(event["aggregate_id"])


with psycopg.connect(pg_url()) as conn:
    for _ in range(3):
        try:
            snippet.relay_batch(conn, nul_error, 100)
        except psycopg.Error:
            pass
        db.execute("UPDATE outbox SET next_attempt_at = now()")
check_equal(db.execute("SELECT attempts FROM outbox WHERE event_type = 'Poison'").fetchone()[0], 3,
            "each round records the failed attempt")
check_equal(nul_published, ["a"], "the good event goes out once")


# Errors whose repr PostgreSQL cannot store either: a __repr__ that returns a NUL, one with a lone
# surrogate (not encodable as UTF-8), one whose __repr__ raises. Each is one recorded failed attempt.
class NulRepr(Exception):
    def __repr__(self):
        return "NulRepr(\x00 raw \x00)"


class SurrogateRepr(Exception):
    def __repr__(self):
        return "SurrogateRepr(\udcff)"


class BrokenRepr(Exception):
    def __repr__(self):
        raise ValueError("no repr")


odd_errors = {"n": NulRepr, "s": SurrogateRepr, "b": BrokenRepr}
db.execute("TRUNCATE outbox")
with psycopg.connect(pg_url()) as conn:
    with conn.transaction():
        snippet.enqueue_event(conn, "a", "Good", 1)
        for agg in odd_errors:
            snippet.enqueue_event(conn, agg, "Odd", {})
odd_published = []


def odd_error(event):
    if event["type"] == "Odd":
        raise odd_errors[event["aggregate_id"]]()
    odd_published.append(event["aggregate_id"])


with psycopg.connect(pg_url()) as conn:
    for _ in range(3):
        try:
            snippet.relay_batch(conn, odd_error, 100)
        except (psycopg.Error, UnicodeError, ValueError):
            pass
        db.execute("UPDATE outbox SET next_attempt_at = now()")
check_equal(db.execute("SELECT aggregate_id, attempts, last_error FROM outbox WHERE event_type = 'Odd'"
                       " ORDER BY aggregate_id").fetchall(),
            [("b", 3, "unprintable error"), ("n", 3, "NulRepr(\ufffd raw \ufffd)"), ("s", 3, "SurrogateRepr(?)")],
            "each odd error is one recorded failed attempt, stored as readable text")
check_equal(odd_published, ["a"], "the good event goes out once, not with every rolled-back batch")

# run_relay: a database error is logged and the relay carries on.
db.execute("TRUNCATE outbox")
db.execute("ALTER TABLE outbox RENAME TO outbox_away")
stop = threading.Event()
got = []


def run():
    with psycopg.connect(pg_url()) as conn:
        snippet.run_relay(conn, lambda e: got.append(e["id"]), stop, idle_seconds=0.02)


tr = threading.Thread(target=run)
tr.start()
time.sleep(0.3)
check(tr.is_alive(), "the relay survives a database error")
db.execute("ALTER TABLE outbox_away RENAME TO outbox")
with psycopg.connect(pg_url()) as conn:
    with conn.transaction():
        for i in range(3):
            snippet.enqueue_event(conn, f"r-{i}", "E", {})
until("the relay recovers", lambda: len(got) == 3)
stop.set()
tr.join()
# Writers of one aggregate: the second waits for the first, so its events go out in commit order.
db.execute("TRUNCATE outbox")
w1 = psycopg.connect(pg_url())
w2 = psycopg.connect(pg_url())
snippet.enqueue_event(w1, "order-9", "First", {})  # w1's transaction stays open
second_done = threading.Event()


def second_writer():
    snippet.enqueue_event(w2, "order-9", "Second", {})
    w2.commit()
    second_done.set()


tw = threading.Thread(target=second_writer, daemon=True)
tw.start()
until("the second writer waits for the first, or commits", lambda: second_done.is_set() or db.execute(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").fetchone()[0] > 0)
order = []
relay_conn = psycopg.connect(pg_url())
snippet.relay_batch(relay_conn, lambda e: order.append(e["type"]))  # while the first writer is open
w1.commit()
tw.join(10)
while snippet.relay_batch(relay_conn, lambda e: order.append(e["type"])) > 0:
    pass
check_equal(order, ["First", "Second"], "an aggregate's events go out in commit order")

# A hung publish times out, counts as a failed attempt, and the batch goes on.
db.execute("TRUNCATE outbox")
with psycopg.connect(pg_url()) as w:
    snippet.enqueue_event(w, "h", "Hang", {})
    snippet.enqueue_event(w, "k", "Ok", {})
never = threading.Event()
sent = []


def hanging(event):
    if event["type"] == "Hang":
        never.wait(30)  # a broker that never answers
        return
    sent.append(event["type"])


result = []
tr = threading.Thread(target=lambda: result.append(snippet.relay_batch(relay_conn, hanging, publish_timeout=0.2)),
                      daemon=True)
tr.start()
tr.join(10)
check(not tr.is_alive(), "the relay does not wait on the hung publish")
check_equal(result, [2], "both events were handled")
check_equal(sent, ["Ok"], "the next event was published")
check_equal(db.execute("SELECT attempts FROM outbox WHERE event_type = 'Hang'").fetchone()[0], 1,
            "the hung publish counts as a failed attempt")
never.set()

# A slow broker cannot hold the batch (and its row locks) past its budget: each publish here takes
# 12 s on the snippet's clock (a stand-in clock: the snippet reads time.monotonic, nothing waits).
# With the default 30 s budget the batch publishes A1, B1 and C1, stops, and commits them; D1 is
# left pending and untouched for the next batch, and A2 (behind A1) goes out after it.
db.execute("TRUNCATE outbox")
with psycopg.connect(pg_url()) as w:
    for aggregate, event_type in (("a", "A1"), ("b", "B1"), ("c", "C1"), ("d", "D1"), ("a", "A2")):
        snippet.enqueue_event(w, aggregate, event_type, {})


class SlowClock:
    now = 1000.0

    def monotonic(self):
        return self.now


clock = SlowClock()
sent = []


def slow(event):
    clock.now += 12.0
    sent.append(event["type"])


timeouts = []
real_publish_within = snippet._publish_within


def recording_publish_within(publish, event, timeout):
    timeouts.append(timeout)
    real_publish_within(publish, event, timeout)


real_time = snippet.time
snippet.time, snippet._publish_within = clock, recording_publish_within
try:
    claimed = snippet.relay_batch(relay_conn, slow)
finally:
    snippet.time, snippet._publish_within = real_time, real_publish_within
check_equal(timeouts, [10.0, 10.0, 6.0], "each publish may take at most what is left of the budget")
check_equal(claimed, 4, "A1, B1, C1 and D1 claimed (A2 waits behind A1)")
check_equal(sent, ["A1", "B1", "C1"], "publishing stops once the 30 s budget is spent")
check_equal(
    db.execute("SELECT event_type, published_at IS NOT NULL, attempts FROM outbox ORDER BY id").fetchall(),
    [("A1", True, 0), ("B1", True, 0), ("C1", True, 0), ("D1", False, 0), ("A2", False, 0)],
    "what went out is committed; D1 is untouched",
)
sent = []
while snippet.relay_batch(relay_conn, slow) > 0:
    pass
check_equal(sent, ["D1", "A2"], "the rest go out in the next batches")

# A publish timeout or budget of 0 or less, inf or nan would count every event as failed and
# dead-letter it unsent: refused before anything is claimed. So is an idle pause of 0 or less.
db.execute("TRUNCATE outbox")
with psycopg.connect(pg_url()) as conn:
    with conn.transaction():
        snippet.enqueue_event(conn, "lim", "E", {})
sent = []
for bad in (0, -1.0, float("inf"), float("nan"), 1e300):
    for kwargs in ({"publish_timeout": bad}, {"batch_budget": bad}):
        try:
            snippet.relay_batch(relay_conn, sent.append, **kwargs)
        except ValueError as exc:
            check(next(iter(kwargs)) in str(exc), f"{kwargs}: the error names the option: {exc}")
        else:
            check(False, f"{kwargs} was accepted")
    try:
        snippet.run_relay(relay_conn, sent.append, threading.Event(), bad)
    except ValueError as exc:
        check("idle_seconds" in str(exc), str(exc))
    else:
        check(False, f"idle_seconds {bad} was accepted")
# A batch size below 1: LIMIT 0 claims nothing, forever; a negative LIMIT fails every batch.
for bad in (0, -1, float("nan")):
    try:
        snippet.relay_batch(relay_conn, sent.append, batch_size=bad)
    except ValueError as exc:
        check("batch_size" in str(exc), f"batch_size {bad}: the error names the option: {exc}")
    else:
        check(False, f"batch_size {bad} was accepted")
check_equal(sent, [], "nothing was published")
check_equal(db.execute("SELECT attempts, dead_at FROM outbox").fetchall(), [(0, None)], "nothing was claimed or recorded")
check_equal(snippet.relay_batch(relay_conn, sent.append, publish_timeout=0.001 + 10, batch_budget=threading.TIMEOUT_MAX), 1,
            "the largest budget Thread.join takes is kept")
check_equal(len(sent), 1, "and the event goes out")

# run_relay takes relay_batch's settings and refuses bad ones at its start (as TypeScript's runRelay
# does), instead of logging each batch's failure on every pass. Should it start anyway, its first
# publish or logged report sets stop, so the proof fails instead of spinning.
db.execute("TRUNCATE outbox")
with psycopg.connect(pg_url()) as conn:
    with conn.transaction():
        snippet.enqueue_event(conn, "run-set", "E", {})


class Reports(logging.Handler):
    def __init__(self, stop):
        super().__init__()
        self.records, self.stop = [], stop

    def emit(self, record):
        self.records.append(record.getMessage())
        self.stop.set()


for kwargs in ({"batch_size": 0}, {"batch_size": -1}, {"batch_size": 2.5}, {"batch_size": True}, {"batch_size": 2**63}, {"batch_size": float("inf")},
               {"batch_size": float("nan")}, {"publish_timeout": 0}, {"publish_timeout": float("inf")},
               {"batch_budget": -1.0}, {"batch_budget": float("nan")}):
    stop = threading.Event()
    reports = Reports(stop)
    snippet.log.addHandler(reports)
    sent = []
    try:
        snippet.run_relay(relay_conn, lambda e: (sent.append(e["id"]), stop.set()), stop, 0.02, **kwargs)
    except ValueError as exc:
        check(next(iter(kwargs)) in str(exc), f"{kwargs}: the error names the option: {exc}")
    else:
        check(False, f"run_relay with {kwargs} started (reported {reports.records})")
    finally:
        snippet.log.removeHandler(reports)
    check_equal((reports.records, sent), ([], []), f"{kwargs}: nothing reported or published")
check_equal(db.execute("SELECT attempts, published_at FROM outbox").fetchall(), [(0, None)], "nothing was claimed or recorded")
# Good settings reach relay_batch: a batch of 1 (1.0, a whole number, is taken), and the first publish stops the relay.
stop = threading.Event()
sent = []
snippet.run_relay(relay_conn, lambda e: (sent.append(e["id"]), stop.set()), stop, 0.02, batch_size=1.0, publish_timeout=5.0, batch_budget=5.0)
check_equal(len(sent), 1, "run_relay relays with the settings it was given")
passed()
