import uuid
from dataclasses import dataclass

import redis

# Take the lock and, only if we got it, draw the next fencing token: one atomic step.
_ACQUIRE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0
"""

# Delete only if we still own it: an expired holder must not release the next holder's lock.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


@dataclass(frozen=True)
class Lease:
    resource: str
    owner: str
    fence: int  # pass to every write; storage rejects tokens older than the newest it saw


class ${1:FencedLock}:
    def __init__(self, client: redis.Redis, namespace: str = "${2:lock}") -> None:
        self._ns = namespace
        self._acquire = client.register_script(_ACQUIRE)
        self._release = client.register_script(_RELEASE)

    def acquire(self, resource: str, ttl_ms: int = ${3:10000}) -> Lease | None:
        owner = uuid.uuid4().hex
        fence = int(
            self._acquire(
                keys=[f"{self._ns}:{resource}", f"{self._ns}:{resource}:fence"], args=[owner, ttl_ms]
            )
        )
        return Lease(resource, owner, fence) if fence > 0 else None

    def release(self, lease: Lease) -> bool:
        """False means the lease had expired (and the lock may belong to someone else now)."""
        return int(self._release(keys=[f"{self._ns}:{lease.resource}"], args=[lease.owner])) == 1
$0
