"""webhook-verifier (Python): a tolerance or clock that is not a finite number is refused with
ValueError. NaN compares false with everything, so a NaN window test would let a genuine signature
from an hour ago (a replay) verify; an infinite tolerance would do the same."""
import hashlib
import hmac
import math

import snippet
from sdp_proof import check, passed

secret = b"s3cret"
body = b'{"event":"payment.succeeded","amount":500}'
now = 1_800_000_000.0
old = int(now) - 3600  # an hour before now: far outside the 300 s default window
header = f"t={old},v1=" + hmac.new(secret, f"evt_1.{old}.".encode() + body, hashlib.sha256).hexdigest()

# The signature is genuine: it verifies when the clock reads its own time, and is too old at now.
snippet.verify_webhook(body, "evt_1", header, [secret], now=float(old))
try:
    snippet.verify_webhook(body, "evt_1", header, [secret], now=now)
    check(False, "an hour-old signature verified under the default tolerance")
except snippet.InvalidSignature as exc:
    check("tolerance" in str(exc), f"stale signature refused for another reason: {exc}")

cases = [
    ("tolerance NaN", dict(tolerance_seconds=math.nan, now=now), "tolerance_seconds"),
    ("tolerance inf", dict(tolerance_seconds=math.inf, now=now), "tolerance_seconds"),
    ("tolerance -1", dict(tolerance_seconds=-1, now=now), "tolerance_seconds"),
    ("now NaN", dict(now=math.nan), "now"),
    ("now inf", dict(now=math.inf), "now"),
]
for name, kwargs, word in cases:
    try:
        snippet.verify_webhook(body, "evt_1", header, [secret], **kwargs)
        check(False, f"{name}: the hour-old signature verified")
    except ValueError as exc:
        check(word in str(exc), f"{name}: ValueError does not name {word}: {exc}")
    except snippet.InvalidSignature as exc:
        check(False, f"{name}: InvalidSignature ({exc}) instead of ValueError: a misconfiguration reads as a bad request")
print(f"{len(cases)} bad windows refused")
passed()
