"""Child of proof_backlog.py: leaves orphan leases (each SET lands, then its reply is given up on)
while the background worker is held, then exits normally, so only the exit flush can delete them.

argv: key prefix, count, mode ("idle": exit at once; "stalled": first hold every write of this
Redis for 60 s, so each delete the flush sends waits its whole socket timeout).
"""
import sys
import threading

import redis

import snippet
from sdp_proof import redis_host, redis_port

prefix, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
held = threading.Event()  # never set: the worker's deletes wait here until the process ends


class HeldWorker(redis.Redis):
    def set(self, *args, **kwargs):
        super().set(*args, **kwargs)
        raise redis.exceptions.TimeoutError("reply given up on")

    def evalsha(self, *args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            held.wait()  # the worker (a daemon thread): held, as behind a slow Redis
        return super().evalsha(*args, **kwargs)


# A 1 s socket timeout: in "stalled" mode every delete costs that much, so sending all of them
# (without the flush's deadline) would take count seconds.
client = HeldWorker(host=redis_host(), port=redis_port(), socket_timeout=1, socket_connect_timeout=1)
cache = snippet.Cache(client)
client.script_load(snippet._RELEASE)  # loaded now: under the write pause a SCRIPT LOAD would be held too
for i in range(count):
    cache.get_or_load(f"{prefix}:{i}", lambda: "loaded", lease_ms=60_000)
if mode == "stalled":
    redis.Redis(host=redis_host(), port=redis_port()).execute_command("CLIENT", "PAUSE", "60000", "WRITE")
print("exiting", flush=True)
