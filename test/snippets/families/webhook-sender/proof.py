"""webhook-sender (Python): retries, Retry-After, no redirects, SSRF refusal; the mocha spec checks
what the receiver saw (ids, signatures verified by the webhook-verifier variant, hit counts)."""
import sys

import snippet
from sdp_proof import check, check_equal, passed

base = sys.argv[1]
SECRET = b"whsec-test"
waits = []
loopback_only = lambda address: address == "127.0.0.1"


def send(path, **extra):
    options = dict(base_delay=0.01, is_allowed_address=loopback_only, sleep=waits.append)
    options.update(extra)
    return snippet.send_webhook(f"{base}/{path}", f"evt-{path}", {"order": 42, "status": "paid"}, SECRET, **options)


check_equal(send("flaky"), True, "delivered after two 5xx")
check_equal(len(waits), 2, "two backoffs")
check(all(0 <= w <= 0.02 for w in waits), f"jittered backoff within 2 x base_delay: {waits}")
check_equal(send("gone"), False, "410 is final")
check_equal(send("redirect"), False, "a redirect is not followed")
waits.clear()
check_equal(send("busy"), True, "delivered after the 429")
check_equal(len(waits), 1, "one wait")
check(waits[0] >= 7, f"waited at least Retry-After (7 s), asked for {waits[0]}")
waits.clear()
check_equal(send("busy-long"), False, "Retry-After beyond max_delay ends the run")
check_equal(waits, [], "without sleeping an hour")

# Default policy: loopback is refused by IP literal and behind a DNS name, without retries.
check_equal(snippet.send_webhook(f"{base}/ssrf", "e1", {}, SECRET, sleep=waits.append), False, "127.0.0.1 refused")
check_equal(snippet.send_webhook(f"{base}/ssrf".replace("127.0.0.1", "localhost"), "e2", {}, SECRET, sleep=waits.append), False, "localhost refused")
check_equal(waits, [], "a refused address is not retried")
by_name = snippet.send_webhook(f"{base}/byname".replace("127.0.0.1", "localhost"), "e3", {}, SECRET,
                               is_allowed_address=lambda a: a in ("127.0.0.1", "::1"), sleep=waits.append)
check_equal(by_name, True, "a name whose address is allowed is delivered")
for address in ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "224.0.0.1"]:
    check(not snippet.is_public_address(address), f"{address} must not be public")
for address in ["93.184.216.34", "8.8.8.8", "2606:4700::1111"]:
    check(snippet.is_public_address(address), f"{address} is public")
passed()
