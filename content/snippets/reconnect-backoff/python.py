import asyncio
import contextlib
import logging
import math
import random
from typing import AsyncIterator, Awaitable, Callable, Optional, Tuple

log = logging.getLogger(__name__)

# (event_id, data); ids increase, and the server can replay everything after a given id.
Message = Tuple[str, str]
Connect = Callable[[Optional[str]], AsyncIterator[Message]]


def backoff_delay(attempt: int, base: float = ${2:0.5}, cap: float = ${3:30.0}) -> float:
    """Seconds before reconnect `attempt` (0-based): random in [ceiling/2, ceiling].

    The ceiling doubles per attempt up to `cap`. Jitter spreads out clients that dropped together,
    and the lower half keeps anyone from retrying in a tight loop. Raises ValueError unless base
    and cap are finite and above 0 (0 would reconnect in a tight loop).
    """
    if not (0 < base < math.inf and 0 < cap < math.inf):
        raise ValueError(f"base and cap must be finite seconds above 0, got base={base!r} cap={cap!r}")
    ceiling = min(cap, base * 2 ** min(attempt, 30))
    return ceiling / 2 + random.random() * ceiling / 2


async def _next_or_stop(stream: AsyncIterator[Message], stop: asyncio.Event) -> Optional[Message]:
    """The stream's next message, or None when it ends or `stop` is set first (a silent stream
    must not keep the consumer from stopping)."""
    message = asyncio.ensure_future(stream.__anext__())
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({message, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
        if not message.done():
            message.cancel()
            await asyncio.gather(message, return_exceptions=True)
    if message.cancelled():
        return None
    try:
        return message.result()
    except StopAsyncIteration:
        return None


async def ${1:consume_with_reconnect}(
    connect: Connect,
    on_message: Callable[[Message], Awaitable[None]],
    stop: asyncio.Event,
    max_redeliveries: int = ${4:5},
    stable_after: float = ${5:10.0},
) -> None:
    """Consume a stream until `stop` is set, resuming after the last handled event id.

    Any exception from the stream (OSError, timeouts, websockets ConnectionClosed, httpx
    TransportError, aiohttp ServerDisconnectedError...) is a drop: reconnect with backoff. An
    exception from `on_message` ends the connection and the message is delivered again after the
    backoff, at most `max_redeliveries` times; then the handler's exception propagates (a poison
    message stops the consumer instead of blocking the stream forever).

    The backoff starts again from its first step only after a connection that lasted
    `stable_after` seconds, messages or not: a server that accepts, sends a message or two and
    drops (a crash on start, a node shedding load) must not be reconnected to in a tight loop by
    every client at once. Raises ValueError before the first connect for a bad max_redeliveries,
    stable_after (above 0; math.inf: never reset) or backoff setting, not at the first drop.
    """
    if isinstance(max_redeliveries, bool) or not isinstance(max_redeliveries, int) or max_redeliveries < 0:
        raise ValueError(f"max_redeliveries must be a whole number, 0 or more, got {max_redeliveries!r}")
    if isinstance(stable_after, bool) or not isinstance(stable_after, (int, float)) or not stable_after > 0:
        raise ValueError(f"stable_after must be seconds above 0, got {stable_after!r}")
    backoff_delay(0)  # raises now for a bad base or cap default
    loop = asyncio.get_running_loop()
    last_event_id: Optional[str] = None
    attempt = 0
    failures = 0  # consecutive handler failures on the message after last_event_id
    while not stop.is_set():
        handler_error: Optional[Exception] = None
        dropped: Optional[Exception] = None
        opened = loop.time()  # monotonic: a clock step cannot fake a long connection
        try:
            async with contextlib.aclosing(connect(last_event_id)) as stream:
                while (message := await _next_or_stop(stream, stop)) is not None:
                    try:
                        await on_message(message)
                    except Exception as exc:
                        handler_error = exc
                        break
                    last_event_id = message[0]  # only after handling: a drop before it re-delivers
                    failures = 0  # a message handled; the backoff is left to the connection's length
        except Exception as exc:
            dropped = exc
        # A connection that lasted stable_after spaced the attempts out itself; one message is no
        # proof of health (a server can send one and drop every time).
        if loop.time() - opened >= stable_after:
            attempt = 0
        if dropped is not None:
            log.warning("stream dropped (attempt %d): %r", attempt + 1, dropped)
        if handler_error is not None:
            failures += 1
            if failures > max_redeliveries:
                raise handler_error
            log.warning("handler failed (attempt %d, delivery %d): %r", attempt + 1, failures, handler_error)
        if stop.is_set():
            break
        try:
            await asyncio.wait_for(stop.wait(), timeout=backoff_delay(attempt))
        except asyncio.TimeoutError:
            pass
        attempt += 1
$0
