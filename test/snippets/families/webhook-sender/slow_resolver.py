"""webhook-sender (Python): the DNS lookup is inside the delivery deadline.

A resolver that does not answer (until this proof lets it) must not hold send_webhook past its
timeout: each attempt fails at its deadline, is retried, and send_webhook returns while the lookups
are still stalled. Before, getaddrinfo ran outside the deadline and send_webhook waited for it.
The mocha spec checks that the receiver never saw the stalled deliveries, also after the release.
"""
import socket
import sys
import threading

import snippet
from sdp_proof import check, check_equal, passed

base = sys.argv[1]  # http://127.0.0.1:<port>/py-dns
SECRET = b"whsec-test"
loopback_only = lambda address: address == "127.0.0.1"

real_getaddrinfo = socket.getaddrinfo
release = threading.Event()
release_stuck = threading.Event()
events: list[str] = []
events_lock = threading.Lock()


def note(event: str) -> None:
    with events_lock:
        events.append(event)


def fake_getaddrinfo(host, port, *args, **kwargs):
    """stalled.test waits for the gate, then answers 127.0.0.1; quick.test answers 127.0.0.1 at
    once; missing.test does not exist; any other name goes to the real resolver."""
    if host == "stalled.test":
        note("lookup")
        release.wait()  # no bound: only this proof opens it
        note("released")
        return real_getaddrinfo("127.0.0.1", port, *args, **kwargs)
    if host == "stuck.test":
        note("stuck lookup")
        release_stuck.wait()  # no bound: only this proof opens it
        return real_getaddrinfo("127.0.0.1", port, *args, **kwargs)
    if host == "quick.test":
        return real_getaddrinfo("127.0.0.1", port, *args, **kwargs)
    if host == "missing.test":
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return real_getaddrinfo(host, port, *args, **kwargs)


socket.getaddrinfo = fake_getaddrinfo  # the snippet calls socket.getaddrinfo, the module's attribute

# A lookup that answers in time: delivered (the lookup's answer reaches the connection).
waits: list[float] = []
quick = snippet.send_webhook(base.replace("127.0.0.1", "quick.test") + "/quick", "evt-quick", {}, SECRET, max_attempts=1,
                             timeout=5.0, is_allowed_address=loopback_only, sleep=waits.append)
check_equal(quick, True, "a name that resolves in time is delivered")

# A lookup that fails is a failed attempt, retried, as before (its error is not lost in the thread).
missing = snippet.send_webhook(base.replace("127.0.0.1", "missing.test") + "/missing", "evt-missing", {}, SECRET, max_attempts=2,
                               timeout=5.0, is_allowed_address=loopback_only, sleep=waits.append)
check_equal([missing, len(waits)], [False, 1], "an unknown name fails the attempt and is retried")

# A lookup that stalls: both attempts end at their deadline; send_webhook returns before the gate opens.
waits.clear()
outcome: dict = {}
returned = threading.Event()


def deliver() -> None:
    try:
        outcome["result"] = snippet.send_webhook(base.replace("127.0.0.1", "stalled.test") + "/stalled", "evt-stalled", {}, SECRET,
                                                 max_attempts=2, timeout=0.3, is_allowed_address=loopback_only, sleep=waits.append)
    except BaseException as exc:  # reported below
        outcome["error"] = exc
    finally:
        note("returned")
        returned.set()


sender = threading.Thread(target=deliver, daemon=True)
sender.start()
try:
    # A fallback only, so the old code (which waits for the lookup) ends: the claim is the order below.
    returned.wait(20)
finally:
    release.set()
sender.join(20)
check("error" not in outcome, f"send_webhook raised {outcome.get('error')!r}")
check_equal(events[:3], ["lookup", "lookup", "returned"],
            "send_webhook returned while both lookups were still stalled (each attempt ended at its deadline)")
check_equal(outcome.get("result"), False, "a name that does not resolve within the deadline is not delivered")
check_equal(len(waits), 1, "the stalled attempt was a failed attempt, retried once")


def resolver_threads(host: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == f"resolve {host}"]


# A resolver that stalls for every attempt leaves at most snippet._MAX_LOOKUPS lookup threads
# behind, however many attempts give up on them (found in review of 964230b: one thread per
# attempt, without end); once they end, lookups run again.
for thread in resolver_threads("stalled.test"):
    thread.join(20)  # released above: they hold no slot once they end
cap = snippet._MAX_LOOKUPS
stuck_url = base.replace("127.0.0.1", "stuck.test") + "/stuck"
try:
    results = [snippet.send_webhook(stuck_url, f"evt-stuck-{i}", {}, SECRET, max_attempts=1, timeout=0.05,
                                    is_allowed_address=loopback_only, sleep=waits.append) for i in range(cap + 6)]
    check_equal(results, [False] * (cap + 6), "no stalled lookup is delivered")
    check_equal(len(resolver_threads("stuck.test")), cap, f"lookup threads left running by {cap + 6} stalled attempts")
finally:
    release_stuck.set()
for thread in resolver_threads("stuck.test"):
    thread.join(20)
check_equal(events.count("stuck lookup"), cap, "lookups started for the stalled name: the cap, no more")
after = snippet.send_webhook(base.replace("127.0.0.1", "quick.test") + "/after", "evt-after", {}, SECRET, max_attempts=1,
                             timeout=5.0, is_allowed_address=loopback_only, sleep=waits.append)
check_equal(after, True, "once the stalled lookups ended, a name that resolves is delivered")
passed()
