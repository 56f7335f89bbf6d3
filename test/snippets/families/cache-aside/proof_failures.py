"""cache-aside, Python: while Redis fails, get_or_load does not log a line per call.

A client whose reads fail while `down` is set (a refused connection, as during an outage) and a
clock of the proof's own (the Cache's _FailureLog takes it), so no wall-clock time is read:
- 100 failing reads at t=0 log one warning, with the traceback; 10 more at t=30 log nothing;
- the first failure at t=61 logs one line with the 109 failures in between, without a traceback;
- failing fills are counted with the reads;
- once Redis answers, a read inside the 60 s logs nothing; the first after it logs that Redis
  answers again with the count still unlogged; later reads log nothing more;
- a failure after a quiet spell (nothing unlogged, 60 s since the last line) has its traceback again.
Every read still gets its value from the loader.
"""
import logging
import uuid

import redis

import snippet
from sdp_proof import check, check_equal, passed, redis_host, redis_port

records: list[logging.LogRecord] = []
handler = logging.Handler()
handler.emit = records.append
snippet.log.addHandler(handler)


class Flaky(redis.Redis):
    """Reads fail while `down`; fills fail while `fill_down` (a Redis gone between read and fill)."""

    down = True
    fill_down = False

    def get(self, *args, **kwargs):
        if self.down:
            raise redis.exceptions.ConnectionError("Error 111 connecting: Connection refused.")
        return super().get(*args, **kwargs)

    def evalsha(self, *args, **kwargs):
        if self.fill_down:
            raise redis.exceptions.ConnectionError("Connection reset by peer")
        return super().evalsha(*args, **kwargs)


now = [0.0]
client = Flaky(host=redis_host(), port=redis_port(), socket_timeout=5, socket_connect_timeout=5)
cache = snippet.Cache(client)
cache._failures = snippet._FailureLog(clock=lambda: now[0])
prefix = "cache-aside:py:failure-log"  # each read a key of its own under it


def lines() -> list[logging.LogRecord]:
    return [r for r in records if r.name == snippet.log.name]


keys: list[str] = []


def read(i: int) -> None:
    """A miss (a key of its own), so a read Redis answers goes on to the fill."""
    keys.append(f"{prefix}:{uuid.uuid4().hex}")
    check_equal(cache.get_or_load(keys[-1], lambda: i), i, "every read gets the loader's value")


for i in range(100):
    read(i)
got = lines()
check_equal(len(got), 1, "lines logged for 100 failing reads at once")
check(got[0].exc_info is not None and "cache unavailable" in got[0].getMessage(), f"the first failure is not logged with its traceback: {got[0].getMessage()}")

now[0] = 30.0
for i in range(10):
    read(i)
check_equal(len(lines()), 1, "lines logged after 10 more failing reads 30 s later")

now[0] = 61.0
read(0)
got = lines()
check_equal(len(got), 2, "lines logged after the first failing read 61 s in")
check("109 more Redis failures" in got[1].getMessage(), f"the second line does not count the 109 failures in between: {got[1].getMessage()}")
check(got[1].exc_info is None, "the count line carries a traceback again")

# Redis reads again but the fill fails: counted with the reads.
client.down, client.fill_down = False, True
now[0] = 70.0
read(1)
check_equal(len(lines()), 2, "lines logged after a failing fill 9 s after the last line")
client.fill_down = False
now[0] = 80.0
read(2)
check_equal(len(lines()), 2, "lines logged for a read Redis answered 19 s after the last line")
now[0] = 121.0
read(3)
got = lines()
check_equal(len(got), 3, "lines logged for the first answered read 60 s after the last line")
check("answers again" in got[2].getMessage() and "; 1 Redis failures" in got[2].getMessage(),
      f"the recovery line does not count the one failing fill: {got[2].getMessage()}")
for i in range(5):
    now[0] = 200.0 + i * 100
    read(4)
check_equal(len(lines()), 3, "lines logged for answered reads with nothing unlogged")

# A new outage after a quiet spell: its first failure has its traceback again.
client.down = True
now[0] = 1000.0
read(5)
got = lines()
check_equal(len(got), 4, "lines logged for the first failure of a new outage")
check(got[3].exc_info is not None, "the first failure of a new outage is logged without its traceback")
client.delete(*keys)

passed()
