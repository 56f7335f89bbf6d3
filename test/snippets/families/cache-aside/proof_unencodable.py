"""cache-aside, Python: a loaded value JSON cannot encode, on the log and on the key.

- 20 loads at t=0 of a value with no JSON encoding (a Decimal) log one warning, with its traceback;
  the first at t=61 logs one line counting the 19 in between (the Cache's own clock, no wall clock).
- When such values stop, the count still unlogged is logged by the first call (a hit too) a minute
  after the last line.
- A value nested deeper than the recursion limit (json.dumps raises RecursionError, not TypeError)
  is returned uncached and its lease handed back: the next caller loads at once.
"""
import decimal
import logging
import uuid

import redis

import snippet
from sdp_proof import check, check_equal, passed, redis_host, redis_port

records: list[logging.LogRecord] = []
handler = logging.Handler()
handler.emit = records.append
snippet.log.addHandler(handler)


def lines() -> list[logging.LogRecord]:
    return [r for r in records if "no JSON encoding" in r.getMessage()]


client = redis.Redis(host=redis_host(), port=redis_port(), socket_timeout=5, socket_connect_timeout=5)
cache = snippet.Cache(client)
now = [0.0]
unencodable_log = getattr(cache, "_unencodable", None)  # absent before the rate limit existed
if unencodable_log is not None:
    unencodable_log._clock = lambda: now[0]
prefix = f"cache-aside:py:unencodable-log:{uuid.uuid4().hex}"

for i in range(20):
    check_equal(cache.get_or_load(f"{prefix}:{i % 2}", lambda: decimal.Decimal("9.99")), decimal.Decimal("9.99"), "the value is returned")
got = lines()
check_equal(len(got), 1, "lines logged for 20 loads of an unencodable value")
check(got[0].exc_info is not None, "the first line carries the traceback")
now[0] = 61.0
cache.get_or_load(f"{prefix}:x", lambda: decimal.Decimal("1"))
got = lines()
check_equal(len(got), 2, "lines logged once 61 s have passed")
check("19 more unencodable values" in got[1].getMessage(), f"the second line counts the loads in between: {got[1].getMessage()}")
check(got[1].exc_info is None, "the count line carries no traceback")
for i in range(2):
    check(client.get(f"{prefix}:{i}") is None, "nothing cached, no lease left")

# The count of the last window is logged even when such values stop: 5 more at t=62, then only an
# encodable value and hits. The first call a minute after the last line (a hit, t=122) logs the
# count; the calls before it and after it log nothing (before: the 5 were never logged).
for i in range(5):
    cache.get_or_load(f"{prefix}:late:{i}", lambda: decimal.Decimal("2"))
good = f"{prefix}:good"
now[0] = 62.0
check_equal(cache.get_or_load(good, lambda: "fine"), "fine", "an encodable value")
now[0] = 100.0
check_equal(cache.get_or_load(good, lambda: "reloaded"), "fine", "a hit")
check_equal(len(lines()), 2, "nothing logged before a minute has passed since the last line")
now[0] = 122.0
check_equal(cache.get_or_load(good, lambda: "reloaded"), "fine", "a hit")
got = lines()
check_equal(len(got), 3, "the pending count is logged by the first call a minute after the last line, a hit")
check("5 more values with no JSON encoding" in got[2].getMessage(), f"the line counts the 5: {got[2].getMessage()}")
check(got[2].exc_info is None, "the count line carries no traceback")
now[0] = 500.0
cache.get_or_load(good, lambda: "reloaded")
check_equal(len(lines()), 3, "nothing pending, nothing logged")
client.delete(good)

# Nesting deeper than the recursion limit: RecursionError from the encoder.
key = f"{prefix}:deep"
deep: list = []
for _ in range(100_000):
    deep = [deep]
try:
    got_deep = cache.get_or_load(key, lambda: deep, lease_ms=600_000)
except RecursionError:
    got_deep = "RecursionError raised"
check(got_deep is deep, f"the deep value is returned: {type(got_deep)}")
check(client.get(key) is None, f"a lease was left behind by a RecursionError: {client.get(key)!r}")
# With the lease still there this caller would wait 1 s and load without caching.
check_equal(cache.get_or_load(key, lambda: "next", wait_s=1), "next", "the next caller's value")
check_equal(client.get(key), b'"next"', "the next caller took the lease and cached its value")
client.delete(key)

passed()
