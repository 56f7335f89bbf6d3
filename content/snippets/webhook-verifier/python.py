import hashlib
import hmac
import math
import re
import time
from typing import Iterable


class InvalidSignature(Exception):
    pass


def ${1:verify_webhook}(
    raw_body: bytes,
    webhook_id: str | None,
    signature_header: str | None,
    secrets: Iterable[bytes],
    tolerance_seconds: int = ${2:300},
    now: float | None = None,
) -> None:
    """Raise InvalidSignature unless `t=...,v1=...` matches the event id and raw body under a secret.

    The HMAC covers `<id>.<t>.<body>`, the content Standard Webhooks signs, so neither the id nor
    the timestamp can be changed; the headers are not Standard Webhooks' (whose libraries would not
    verify them). The id must be 1 to 128 of A-Z a-z 0-9 _ -: a '.' in it would make the split of
    the signed text ambiguous. Use the body bytes exactly as received; several secrets allow
    rotation without downtime. Inside the tolerance a replay still verifies, but it can only repeat
    a signed id, as the sender's retries do (same id, fresh timestamp), so deduplicate on the
    verified id, recorded where a crash cannot keep the id and lose the event. If the handler's
    effects are in one database, insert the id in the same transaction, before them:
    `INSERT INTO webhook_events (id) VALUES (<id>) ON CONFLICT DO NOTHING`; 0 rows means it was
    processed before (commit nothing, answer 2xx); else apply the effects (or only enqueue the work
    in a table there), commit, answer 2xx. An error or crash before the commit rolls the id back
    with the effects: answer 5xx (or nothing) and the sender's retry is processed. A concurrent
    copy's insert waits for that transaction (READ COMMITTED, PostgreSQL's default), then sees the
    id or takes over. Under REPEATABLE READ or SERIALIZABLE, when the first copy commits, the
    waiting insert fails with SQLSTATE 40001 (serialization failure) instead: answer 5xx, and the
    sender's retry sees the id (still safe). Effects outside that database (an email, another API)
    must be idempotent, keyed by the event id, and the id recorded only after they succeed (that
    insert, or Redis `SET <id> 1 EX <seconds>`): a crash in between repeats them harmlessly. Never
    record the id first in a write of its own: after a crash the retry looks like a replay and the
    event is lost. Keep ids longer than the sender retries (days), and answer 2xx, not 4xx, to an id
    already done: a 4xx is a failed delivery to the sender. A tolerance_seconds that is negative or
    not a finite number, or a now that is not finite, raises ValueError rather than switching the
    window off.
    """
    # NaN compares false with everything, so a NaN tolerance or clock (float() of a "nan" setting)
    # would let a replay of any age through the window test below: refuse it, and an infinite one.
    if not 0 <= tolerance_seconds < math.inf:
        raise ValueError(f"tolerance_seconds must be a finite number of seconds, 0 or more, got {tolerance_seconds}")
    if now is not None and not math.isfinite(now):
        raise ValueError(f"now must be finite epoch seconds, got {now}")
    if not signature_header:
        raise InvalidSignature("missing signature header")
    if not webhook_id or not re.fullmatch(r"[A-Za-z0-9_-]{1,128}", webhook_id):
        raise InvalidSignature("missing or malformed event id")
    timestamp = None
    signatures: list[bytes] = []
    for part in signature_header.split(","):
        key, _, value = part.strip().partition("=")
        # Decimal digits, no leading zero: one spelling per value (int() also takes "0123", "+1", "1_0").
        if key == "t" and re.fullmatch(r"[1-9][0-9]{0,11}", value):
            timestamp = int(value)
        # Exactly 64 hex digits: bytes.fromhex skips spaces. Compare bytes, not hex text: hex case
        # does not matter, and compare_digest raises TypeError on non-ASCII str.
        elif key == "v1" and re.fullmatch(r"[0-9a-fA-F]{64}", value, re.ASCII):
            signatures.append(bytes.fromhex(value))
    if timestamp is None or not signatures:
        raise InvalidSignature("malformed signature header")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_seconds:
        raise InvalidSignature("timestamp outside tolerance")  # replay protection
    for secret in secrets:
        if not secret.strip(b"\0"):
            # An unset secret (an empty env var, say the retired one) is a key everybody knows, and so
            # is one of zero bytes only: HMAC pads a short key with zeros, so it signs like the empty key.
            continue
        expected = hmac.new(secret, f"{webhook_id}.{timestamp}.".encode() + raw_body, hashlib.sha256).digest()
        # compare_digest runs in constant time, unlike ==, which leaks the matching prefix length.
        if any(hmac.compare_digest(expected, candidate) for candidate in signatures):
            return
    raise InvalidSignature("signature mismatch")
$0
