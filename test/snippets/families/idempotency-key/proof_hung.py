"""idempotency-key, Python: a duplicate of an attempt that hangs while holding its key is answered
409 (the wait for the key row is bounded), instead of waiting as long as the first attempt does."""
import threading

import psycopg

import snippet
from sdp_proof import check, check_equal, passed, pg_url

release = threading.Event()
claimed = threading.Event()
calls = [0]


def pay(body, conn):
    calls[0] += 1
    conn.execute("INSERT INTO payments (scope, amount) VALUES ('h', %s)", (body["amount"],))
    claimed.set()
    release.wait(120)  # the first attempt hangs (a slow downstream call, a host gone mid-transaction)
    return snippet.Response(201, {"ok": True})


run = snippet.idempotent(lambda: psycopg.connect(pg_url()), pay)
first = []
try:
    t = threading.Thread(target=lambda: first.append(run("tenant-h", "key-hung", "POST", "/payments", {"amount": 1})))
    t.start()
    check(claimed.wait(30), "the first attempt claimed the key")
    duplicate = []
    d = threading.Thread(target=lambda: duplicate.append(run("tenant-h", "key-hung", "POST", "/payments", {"amount": 1})),
                         daemon=True)
    d.start()
    d.join(30)  # liveness bound only: the duplicate must answer while the first still hangs
    check(duplicate != [], "the duplicate waited for the hung attempt with no bound")
    check_equal(duplicate[0].status, 409, f"the duplicate is told to retry: {duplicate[0]}")
    check_equal(duplicate[0].headers.get("Retry-After"), "1", "the 409 says when to retry (Retry-After)")
finally:
    release.set()
t.join(30)
check_equal(first[0].status, 201, "the first attempt still completes")
check_equal(run("tenant-h", "key-hung", "POST", "/payments", {"amount": 1}), first[0], "a later retry replays it")
check_equal(calls[0], 1, "the handler ran once")
passed()
