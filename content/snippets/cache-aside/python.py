import json
import random
import threading
import time
import uuid
from typing import Any, Callable

import redis

_RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"


class ${1:Cache}:
    """Cache-aside over Redis with jittered TTLs and one rebuild per key at a time."""

    def __init__(self, client: redis.Redis, ttl_seconds: int = ${2:300}, jitter: float = ${3:0.1}) -> None:
        self._client = client
        self._ttl = ttl_seconds
        self._jitter = jitter
        self._release = client.register_script(_RELEASE)
        self._local_locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get_or_load(self, key: str, load: Callable[[], Any], lock_ms: int = 5000, wait_s: float = 2.0) -> Any:
        cached = self._client.get(key)
        if cached is not None:
            return json.loads(cached)
        # Threads of this process queue on a per-key lock; processes race for a Redis lock.
        with self._guard:
            local = self._local_locks.setdefault(key, threading.Lock())
        with local:
            cached = self._client.get(key)
            if cached is not None:
                return json.loads(cached)
            owner = uuid.uuid4().hex
            if not self._client.set(f"{key}:rebuild-lock", owner, nx=True, px=lock_ms):
                deadline = time.monotonic() + wait_s
                while time.monotonic() < deadline:
                    time.sleep(0.05)
                    cached = self._client.get(key)
                    if cached is not None:
                        return json.loads(cached)
                return load()  # the rebuilder is slow or dead: serve this caller anyway
            try:
                value = load()
                # Jitter spreads expiries so keys cached together do not all miss at once.
                ttl = int(self._ttl * (1 + random.random() * self._jitter))
                self._client.set(key, json.dumps(value), ex=ttl)
                return value
            finally:
                self._release(keys=[f"{key}:rebuild-lock"], args=[owner])

    def invalidate(self, key: str) -> None:
        self._client.delete(key)
$0
