import asyncio
import logging
import random
from typing import AsyncIterator, Awaitable, Callable, Optional, Tuple

log = logging.getLogger(__name__)

# (event_id, data); ids increase, and the server can replay everything after a given id.
Message = Tuple[str, str]
Connect = Callable[[Optional[str]], AsyncIterator[Message]]


def backoff_delay(attempt: int, base: float = ${2:0.5}, cap: float = ${3:30.0}) -> float:
    """Seconds before reconnect `attempt` (0-based): random in [ceiling/2, ceiling].

    The ceiling doubles per attempt up to `cap`. Jitter spreads out clients that dropped together,
    and the lower half keeps anyone from retrying in a tight loop.
    """
    ceiling = min(cap, base * 2 ** min(attempt, 30))
    return ceiling / 2 + random.random() * ceiling / 2


async def ${1:consume_with_reconnect}(
    connect: Connect,
    on_message: Callable[[Message], Awaitable[None]],
    stop: asyncio.Event,
) -> None:
    """Consume a stream until `stop` is set, resuming after the last handled event id.

    Connection errors (OSError, timeouts) reconnect with backoff; any other exception, such as a
    bug in `on_message`, propagates and stops the consumer rather than looping on it.
    """
    last_event_id: Optional[str] = None
    attempt = 0
    while not stop.is_set():
        try:
            async for message in connect(last_event_id):
                await on_message(message)
                last_event_id = message[0]  # only after handling: a drop before it re-delivers
                attempt = 0  # a message handled: the connection is healthy
        except (OSError, asyncio.TimeoutError) as exc:
            log.warning("stream dropped (attempt %d): %s", attempt + 1, exc)
        try:
            await asyncio.wait_for(stop.wait(), timeout=backoff_delay(attempt))
        except asyncio.TimeoutError:
            pass
        attempt += 1
$0
