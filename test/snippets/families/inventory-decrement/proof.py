"""inventory-decrement, Python: 400 purchases from 16 threads for 100 units sell exactly 100; a
quantity or restock that is not a whole int of at least 1 is refused before Redis; a retried
purchase (same id) takes its units once and gets the first outcome."""
import itertools
import threading
import uuid

import redis

import snippet
from sdp_proof import check, check_equal, passed, redis_host, redis_port

RUN = uuid.uuid4().hex  # purchase ids of this run only
_ids = itertools.count()


def new_id():
    return f"{RUN}-{next(_ids)}"


def all_at_once(who, n, takes):
    """Runs takes(inventory) on n threads started together, each with a Redis client of its own;
    checks none failed and returns every outcome the takes yielded, as they came."""
    results, errors = [], []
    lock = threading.Lock()
    start = threading.Barrier(n)

    def run():
        try:
            mine = snippet.Inventory(redis.Redis(host=redis_host(), port=redis_port()))
            start.wait()
            for left in takes(mine):
                with lock:
                    results.append(left)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(not errors, f"{who} failed: {errors!r}")
    return results


admin = redis.Redis(host=redis_host(), port=redis_port())
inv = snippet.Inventory(admin)
admin.delete("stock:inventory-py-1", "stock:inventory-py-2", "stock:inventory-py-3")
check_equal(inv.add_stock("inventory-py-1", 100), 100, "opening stock")


def buyer(mine):
    for _ in range(25):
        yield mine.take("inventory-py-1", new_id())


results = all_at_once("buyers", 16, buyer)
sold = sorted(r for r in results if r is not None)
check_equal(sold, list(range(100)), "exactly 100 sold, each unit once")
check_equal(admin.get("stock:inventory-py-1"), b"0", "never below zero")
inv.add_stock("inventory-py-2", 3)
check(inv.take("inventory-py-2", new_id(), 5) is None, "a too-large order is refused")
check_equal(admin.get("stock:inventory-py-2"), b"3", "and takes nothing")
# Only a whole int of at least 1 reaches Redis. Before, 0.5 of an empty SKU came back None (sold
# out) from the script, and 1.0 or 0.5 of a stocked one failed inside Redis (DECRBY by '1.0').
admin.delete("stock:inventory-py-empty")
for sku, bad in [("inventory-py-2", 0), ("inventory-py-2", -1), ("inventory-py-empty", 0.5),
                 ("inventory-py-2", 0.5), ("inventory-py-2", 1.0), ("inventory-py-2", True),
                 ("inventory-py-2", "1"), ("inventory-py-2", None)]:
    try:
        answer = inv.take(sku, new_id(), bad)
        check(False, f"take({sku!r}, {bad!r}) answered {answer!r} instead of raising ValueError")
    except ValueError:
        pass
for bad in (0, 2.5, 3.0, True, "3", None):
    try:
        answer = inv.add_stock("inventory-py-2", bad)
        check(False, f"add_stock({bad!r}) answered {answer!r} instead of raising ValueError")
    except ValueError:
        pass
check_equal(admin.get("stock:inventory-py-2"), b"3", "refused calls change nothing")
# A restock adds to what is left: the purchases made since the stock was last read stay sold.
inv.add_stock("inventory-py-3", 100)
for _ in range(30):
    inv.take("inventory-py-3", new_id())
check_equal(inv.add_stock("inventory-py-3", 50), 120, "100 - 30 sold + 50 restocked")
check_equal(admin.get("stock:inventory-py-3"), b"120", "the purchases are not overwritten")

# A reply lost after the script ran (the connection drops between Redis and the client): a proxy
# forwards the first script call to Redis, reads Redis's answer and closes the client's connection
# instead of passing it on. A client with retries off raises, and the caller's own retry with the
# same purchase id gets the first outcome; a client that retries connection errors (redis-py's
# default from 6.0, emulated here on the installed redis-py, which does not retry by default) sends
# the purchase again and gets the first outcome. Either way the unit is taken once (before the
# purchase id, the retrying client took it twice).
import socket
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError, TimeoutError as RedisTimeoutError
from redis.retry import Retry


def lossy_proxy():
    listener = socket.create_server(("127.0.0.1", 0))
    state = {"armed": False, "dropped": 0}

    def serve(client):
        upstream = socket.create_connection((redis_host(), redis_port()))

        def up():
            try:
                while data := client.recv(65536):
                    if b"EVAL" in data.upper() and state["dropped"] == 0:
                        state["armed"] = True
                    upstream.sendall(data)
            except OSError:
                pass

        threading.Thread(target=up, daemon=True).start()
        try:
            while data := upstream.recv(65536):
                if state["armed"] and state["dropped"] == 0:
                    state["dropped"] += 1  # Redis ran the script; its answer never arrives
                    break
                client.sendall(data)
        except OSError:
            pass
        for sock in (client, upstream):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def accept():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1], state


def lost_reply(sku, purchase_id, **client_options):
    admin.delete(f"stock:{sku}")
    inv.add_stock(sku, 10)
    port, state = lossy_proxy()
    client = redis.Redis(host="127.0.0.1", port=port, **client_options)
    try:
        outcome = snippet.Inventory(client).take(sku, purchase_id)
    except (RedisConnectionError, RedisTimeoutError) as e:
        outcome = e
    check_equal(state["dropped"], 1, f"{sku}: the proxy dropped one reply")
    return outcome, int(admin.get(f"stock:{sku}"))


purchase = new_id()
outcome, left = lost_reply("inventory-py-lost-advised", purchase, retry=Retry(NoBackoff(), 0))
check(isinstance(outcome, RedisConnectionError), f"retries off: take raised {outcome!r}, want ConnectionError")
check_equal(left, 9, "retries off: the purchase whose reply was lost took its unit once")
check_equal(inv.take("inventory-py-lost-advised", purchase), 9, "the caller's retry gets the first outcome")
check_equal(int(admin.get("stock:inventory-py-lost-advised")), 9, "and takes nothing")
outcome, left = lost_reply("inventory-py-lost-retrying", new_id(), retry=Retry(NoBackoff(), 3),
                           retry_on_error=[RedisConnectionError, RedisTimeoutError])
check_equal(outcome, 9, "a retrying client gets the first outcome")
check_equal(left, 9, "a retrying client takes the unit once")

# 16 threads send one purchase at once: one take, all see its outcome; a refusal is replayed; the
# same id with another quantity is refused.
admin.delete("stock:inventory-py-copies")
inv.add_stock("inventory-py-copies", 10)
purchase = new_id()


def copy(mine):
    yield mine.take("inventory-py-copies", purchase, 4)


copies = all_at_once("copies", 16, copy)
check_equal(copies, [6] * 16, "one purchase sent 16 times: one take, one outcome")
refused = new_id()
check(inv.take("inventory-py-copies", refused, 7) is None, "7 of 6 is refused")
inv.add_stock("inventory-py-copies", 10)
check(inv.take("inventory-py-copies", refused, 7) is None, "its retry is refused too, after a restock")
try:
    inv.take("inventory-py-copies", purchase, 5)
    check(False, "a reused id with another quantity was accepted")
except redis.exceptions.ResponseError as e:
    check("another quantity" in str(e), f"reused id: {e}")
for bad in ("", None):
    try:
        inv.take("inventory-py-copies", bad)
        check(False, f"purchase id {bad!r} was accepted")
    except ValueError:
        pass
# A call written before purchase ids, take(sku, 3), is refused: it read 3 as the id and took 1.
try:
    inv.take("inventory-py-copies", 3)
    check(False, "take(sku, 3) from before purchase ids was accepted (3 read as the id)")
except ValueError:
    pass
check_equal(admin.get("stock:inventory-py-copies"), b"16", "10 - 4 + 10")

passed()
