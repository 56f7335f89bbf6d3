import uuid
from dataclasses import dataclass

import redis

# Take the lock and, only if we got it, draw the next fencing token: one atomic step. A token below
# 1 (a fence key set to -1 or less by hand) gives the lock back and fails: a 0 would read as "held
# by someone else" and leave the lock held for the TTL, a negative one would rank below every token.
_ACQUIRE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local fence = redis.call('INCR', KEYS[2])
  if fence < 1 then
    redis.call('DEL', KEYS[1])
    return redis.error_reply('fencing token ' .. fence .. ' is below 1 (is the fence key corrupted?)')
  end
  return fence
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
    # Pass to every write; storage rejects tokens older than the newest it saw. The counter lives
    # in Redis: without AOF persistence a restart or failover can hand a token out again, and
    # the storage then refuses the new holder's writes (safe, but blocked until it catches up).
    fence: int


class ${1:FencedLock}:
    def __init__(self, client: redis.Redis, namespace: str = "${2:lock}") -> None:
        self._ns = namespace
        self._acquire = client.register_script(_ACQUIRE)
        self._release = client.register_script(_RELEASE)

    def acquire(self, resource: str, ttl_ms: int = ${3:10000}) -> Lease | None:
        """Try once to take the lock for ttl_ms; None when someone else holds it. A reply that is
        not an integer, or is a negative one, raises redis.RedisError (the lock is handed back), never
        read as "held"."""
        # PX takes a whole number of milliseconds of at least 1: a float (sent as "1.5" or "2.0"),
        # a bool or a str would reach Redis and be rejected there, so refuse them before any call.
        if isinstance(ttl_ms, bool) or not isinstance(ttl_ms, int) or ttl_ms < 1:
            raise ValueError(f"ttl_ms must be a whole number of milliseconds >= 1, got {ttl_ms!r}")
        owner = uuid.uuid4().hex
        try:
            reply = self._acquire(keys=[self._key(resource), self._key(resource) + ":fence"], args=[owner, ttl_ms])
        except redis.RedisError:
            # A timeout or a dropped connection after Redis ran the script leaves the lock taken
            # under an owner id nobody will use: every acquirer (a retry too) would get None for
            # the whole TTL. Hand it back (a no-op if the script never ran), then re-raise.
            self._hand_back(resource, owner)
            raise
        if isinstance(reply, bool) or not isinstance(reply, int):
            # Never read an odd reply (None, text, a float) as "held by someone else": the script
            # may have taken the lock. int() would also turn "7" or 7.0 into a token.
            self._hand_back(resource, owner)
            raise redis.RedisError(f"acquire {resource}: unexpected reply {reply!r}")
        if reply < 0:
            # No real token is negative, and the script refuses one itself: the reply is not the
            # script's (a -1 or -2 as PTTL gives). The script may have taken the lock: hand it back
            # rather than answer "held" and leave it held for the TTL.
            self._hand_back(resource, owner)
            raise redis.RedisError(f"acquire {resource}: negative fencing token {reply}: not this script's reply (it refuses tokens below 1): is a reply meant for another command, such as PTTL's -1 or -2, reaching this call on a shared connection or pipeline?")
        return Lease(resource, owner, reply) if reply > 0 else None

    def release(self, lease: Lease) -> bool:
        """False means the lease had expired (and the lock may belong to someone else now)."""
        return int(self._release(keys=[self._key(lease.resource)], args=[lease.owner])) == 1

    def _hand_back(self, resource: str, owner: str) -> None:
        try:
            self._release(keys=[self._key(resource)], args=[owner])
        except redis.RedisError:
            pass  # the lock then expires with its TTL

    def _key(self, resource: str) -> str:
        # The braces are a Redis Cluster hash tag: the lock and fence keys hash on the resource
        # alone, so they share a slot and one script may touch both (else CROSSSLOT on a cluster).
        return f"{self._ns}:{{{resource}}}"
$0
