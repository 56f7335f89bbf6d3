"""reconnect-backoff, Python: consume_with_reconnect and backoff_delay."""
import asyncio
import random

import snippet
from sdp_proof import check, check_equal, passed

# Bounds and jitter of the real backoff_delay.
for attempt in range(40):
    ceiling = min(30.0, 0.5 * 2 ** attempt)
    for _ in range(200):
        d = snippet.backoff_delay(attempt)
        check(ceiling / 2 <= d <= ceiling, f"attempt {attempt}: {d} outside [{ceiling / 2}, {ceiling}]")
check(len({snippet.backoff_delay(3) for _ in range(500)}) > 450, "delays are jittered")

# Record the attempt numbers the consumer backs off with, and keep the waits tiny.
real_delay = snippet.backoff_delay
attempts = []


def recording_delay(attempt, *args, **kwargs):
    attempts.append(attempt)
    return real_delay(attempt, 0.0005, 0.002)


snippet.backoff_delay = recording_delay

LOG = [(str(i), f"m{i}") for i in range(1, 31)]


async def resume_test():
    asked = []
    handled = []
    stop = asyncio.Event()

    async def connect(last_event_id):
        asked.append(last_event_id)
        start = int(last_event_id) if last_event_id else 0
        for m in LOG[start:start + 4]:
            yield m
        raise ConnectionResetError("connection reset")

    async def on_message(m):
        handled.append(m[0])
        if len(handled) == 30:
            stop.set()

    await asyncio.wait_for(snippet.consume_with_reconnect(connect, on_message, stop), 60)
    check_equal(handled, [m[0] for m in LOG], "messages handled")
    check_equal(asked, [None, "4", "8", "12", "16", "20", "24", "28"], "resume points")


async def backoff_growth_test():
    attempts.clear()
    stop = asyncio.Event()
    connections = {"n": 0}

    async def connect(last_event_id):
        connections["n"] += 1
        n = connections["n"]
        if n in (2, 5):  # these connections work for one message, then drop at once
            yield (str(n), "ok")
        if n == 6:  # this one stays up, quiet, past stable_after, then drops
            await asyncio.sleep(0.3)
        if n >= 8:
            stop.set()
            return
        raise OSError("refused")

    async def on_message(m):
        pass

    await asyncio.wait_for(snippet.consume_with_reconnect(connect, on_message, stop, 5, 0.2), 60)
    # The first 0 is the check of the backoff settings before the first connect. A handled message
    # does not reset the backoff (a server that sends one and drops must not be met in a tight
    # loop); the connection that lasted stable_after does.
    check_equal(attempts[:8], [0, 0, 1, 2, 3, 4, 0, 1], "backoff attempts (grow while connections are short, reset after a long one)")


async def poison_message_capped():
    """A handler that always fails gets its message 1 + 5 times, then its exception propagates."""
    stop = asyncio.Event()
    deliveries = []

    async def connect(last_event_id):
        deliveries.append(last_event_id)
        if len(deliveries) > 20:
            stop.set()  # the old code loops forever: end it so the check below fails instead
        yield ("1", "poison")
        await asyncio.sleep(3600)

    async def on_message(m):
        raise ValueError("bug in handler")

    try:
        await asyncio.wait_for(snippet.consume_with_reconnect(connect, on_message, stop), 60)
        check(False, f"a poison message must end in its exception, after {len(deliveries)} deliveries")
    except ValueError:
        pass
    check_equal(len(deliveries), 6, "deliveries of a poison message (first + 5 redeliveries)")
    # A message counts as handled only once its handler returned: every reconnect resumes from
    # before the failed message (no last event id yet), so it is delivered again, not skipped.
    check_equal(deliveries, [None] * 6, "each reconnect resumes from before the failed message")


class ConnectionClosed(Exception):
    """Like websockets.ConnectionClosed / httpx.TransportError: not an OSError."""


async def non_oserror_drop_reconnects():
    stop = asyncio.Event()
    handled = []

    async def connect(last_event_id):
        start = int(last_event_id) if last_event_id else 0
        for m in LOG[start:start + 3]:
            yield m
        raise ConnectionClosed("1006 abnormal closure")

    async def on_message(m):
        handled.append(m[0])
        if len(handled) == 9:
            stop.set()

    await asyncio.wait_for(snippet.consume_with_reconnect(connect, on_message, stop), 60)
    check_equal(handled, [m[0] for m in LOG[:9]], "a non-OSError drop reconnects and resumes")


async def stop_during_silent_stream():
    """stop ends the consumer while the stream is silent, and the stream generator is closed."""
    stop = asyncio.Event()
    closed = []

    async def connect(last_event_id):
        try:
            yield ("1", "one")
            await asyncio.sleep(3600)  # a connection that stays open and quiet
        finally:
            closed.append(True)

    async def on_message(m):
        asyncio.get_running_loop().call_later(0.05, stop.set)

    await asyncio.wait_for(snippet.consume_with_reconnect(connect, on_message, stop), 10)
    check_equal(closed, [True], "the stream is closed when the consumer stops")


async def bad_settings_raise_before_connecting():
    """A max_redeliveries that would never give up (or makes no sense), or a base or cap that would
    reconnect in a tight loop, raises ValueError before the first connect, not at the first drop."""
    connects = []

    async def connect(last_event_id):
        connects.append(last_event_id)
        yield ("1", "one")

    async def on_message(m):
        pass

    for bad_stable in (0, -1.0, float("nan"), None, True):
        try:
            await asyncio.wait_for(snippet.consume_with_reconnect(connect, on_message, asyncio.Event(), 5, bad_stable), 10)
            check(False, f"stable_after={bad_stable!r} was accepted")
        except ValueError:
            pass
    for bad in (-1, 1.5, float("inf"), float("nan"), None, True):
        try:
            await asyncio.wait_for(snippet.consume_with_reconnect(connect, on_message, asyncio.Event(), bad), 10)
            check(False, f"max_redeliveries={bad!r} was accepted")
        except ValueError:
            pass
    check_equal(connects, [], "no connect with a bad setting")
    for base, cap in ((0, 30.0), (0.5, 0), (-1, 30.0), (0.5, -1), (0.5, float("inf")), (float("nan"), 30.0)):
        try:
            d = real_delay(3, base, cap)
            check(False, f"backoff_delay(3, {base!r}, {cap!r}) returned {d!r} (0 reconnects in a tight loop)")
        except ValueError:
            pass


random.seed(1)
asyncio.run(bad_settings_raise_before_connecting())
asyncio.run(resume_test())
asyncio.run(backoff_growth_test())
asyncio.run(poison_message_capped())
asyncio.run(non_oserror_drop_reconnects())
asyncio.run(stop_during_silent_stream())
passed()
