"""idempotency-key, Python: concurrent retries have one effect and one response, per caller; a key
reused with another body is refused; a raising or 5xx attempt stores nothing."""
import threading
import time

import psycopg

import snippet
from sdp_proof import check, check_equal, passed, pg_url

calls = [0]
fail_next = [None]
lock = threading.Lock()


def duplicates_waiting():
    with psycopg.connect(pg_url(), autocommit=True) as admin:
        return admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()[0]


def pay(body, conn):
    with lock:
        calls[0] += 1
        first = calls[0] == 1
    time.sleep(0.05)  # widen the race window
    if first:
        # Hold the key row until the four duplicates wait on it (at most 10 s), so the race is
        # certain: each then resumes after this commit, under READ COMMITTED without an error.
        for _ in range(400):
            if duplicates_waiting() >= 4:
                break
            time.sleep(0.025)
    pid = conn.execute("INSERT INTO payments (scope, amount) VALUES ('x', %s) RETURNING id", (body["amount"],)).fetchone()[0]
    if fail_next[0] == "raise":
        raise RuntimeError("card network down")
    if fail_next[0] == "503":
        return snippet.Response(503, {"error": "try later"})
    if fail_next[0] == "402":
        return snippet.Response(402, {"error": "card declined"})
    return snippet.Response(201, {"payment_id": pid})


run = snippet.idempotent(lambda: psycopg.connect(pg_url()), pay)
results = []


errors = []


def call():
    try:
        results.append(run("tenant-a", "key-123", "POST", "/payments", {"amount": 500}))
    except Exception as exc:  # noqa: BLE001 - a duplicate must wait and replay, never fail
        errors.append(exc)


threads = [threading.Thread(target=call) for _ in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check_equal(errors, [], "no concurrent duplicate failed (a serialization error under REPEATABLE READ)")
results.append(run("tenant-a", "key-123", "POST", "/payments", {"amount": 500}))
check_equal(len(results), 6, "every call answered")
check_equal(calls[0], 1, "the handler ran once")
check(all(r == results[0] for r in results), f"every retry got the first response: {results}")
check_equal(results[0].status, 201, "created")

other = run("tenant-b", "key-123", "POST", "/payments", {"amount": 500})
check_equal(calls[0], 2, "another caller's identical key runs its own request")
check(other.body != results[0].body, "tenant-b does not receive tenant-a's payment")
check_equal(run("tenant-a", "key-123", "POST", "/payments", {"amount": 999}).status, 422, "reused key, other body")
check_equal(run("tenant-a", "key-123", "POST", "/payments?amount=999", {"amount": 500}).status, 422,
            "reused key, same body, another query string")
check_equal(run("tenant-a", None, "POST", "/payments", {"amount": 1}).status, 400, "no key")
try:
    run("", "key-123", "POST", "/payments", {"amount": 500})
    check(False, "an empty scope is refused")
except ValueError:
    pass
check_equal(calls[0], 2, "and runs nothing")

# The same JSON body with its keys in another order is the same request: replayed, not refused.
ordered = run("tenant-j", "key-order", "POST", "/payments", {"amount": 500, "meta": {"a": 1, "b": [1, 2]}})
reordered = run("tenant-j", "key-order", "POST", "/payments", {"meta": {"b": [1, 2], "a": 1}, "amount": 500})
check_equal((ordered.status, reordered), (201, ordered), "another key order is replayed")
check_equal(calls[0], 3, "and runs nothing")
check_equal(run("tenant-j", "key-order", "POST", "/payments", {"amount": 500, "meta": {"a": 1, "b": [2, 1]}}).status,
            422, "an array in another order is another request")

fail_next[0] = "raise"
try:
    run("tenant-a", "key-retry", "POST", "/payments", {"amount": 7})
    check(False, "the handler's exception propagates")
except RuntimeError:
    pass
fail_next[0] = "503"
check_equal(run("tenant-a", "key-retry", "POST", "/payments", {"amount": 7}).status, 503, "5xx passed through")
fail_next[0] = None
check_equal(run("tenant-a", "key-retry", "POST", "/payments", {"amount": 7}).status, 201, "the retry runs")
check_equal(run("tenant-a", "key-retry", "POST", "/payments", {"amount": 7}).status, 201, "and is replayed")
check_equal(calls[0], 6, "three runs for key-retry, the last one stored")
with psycopg.connect(pg_url()) as conn:
    check_equal(conn.execute("SELECT count(*) FROM payments").fetchone()[0], 4, "failed attempts left no payment")

# A 4xx is an answer (the comment's choice): stored and replayed, the handler not run again.
fail_next[0] = "402"
check_equal(run("tenant-a", "key-declined", "POST", "/payments", {"amount": 8}).status, 402, "4xx passed through")
fail_next[0] = None
check_equal(run("tenant-a", "key-declined", "POST", "/payments", {"amount": 8}),
            snippet.Response(402, {"error": "card declined"}), "the retry gets the stored 402")
check_equal(calls[0], 7, "the handler did not run again")


# The response's headers are part of it: a replay carries the Location of the first attempt.
def create(body, conn):
    pid = conn.execute("INSERT INTO payments (scope, amount) VALUES ('loc', 1) RETURNING id").fetchone()[0]
    return snippet.Response(201, {"payment_id": pid}, {"Location": f"/payments/{pid}"})


locating = snippet.idempotent(lambda: psycopg.connect(pg_url()), create)
first_located = locating("tenant-loc", "key-location", "POST", "/payments", {"amount": 1})
check(first_located.headers.get("Location", "").startswith("/payments/"), f"first response: {first_located}")
check_equal(locating("tenant-loc", "key-location", "POST", "/payments", {"amount": 1}), first_located,
            "the replay carries the Location header")
passed()
