import hashlib
import hmac
import re
import time
from typing import Iterable


class InvalidSignature(Exception):
    pass


def ${1:verify_webhook}(
    raw_body: bytes,
    signature_header: str | None,
    secrets: Iterable[bytes],
    tolerance_seconds: int = ${2:300},
    now: float | None = None,
) -> None:
    """Raise InvalidSignature unless `t=...,v1=...` matches the raw body under one of the secrets.

    Use the body bytes exactly as received; several secrets allow rotation without downtime.
    Inside the tolerance a replay still verifies, and X-Webhook-Id is not signed (a replay can carry
    a fresh one). One signature has several spellings (hex case, extra v1 entries, spaces), so key a
    replay store on what was signed, never on the header text: the timestamp as an integer plus the
    SHA-256 of the raw body. Record that key atomically and refuse the request when it was already
    there: Redis `SET <key> 1 NX EXAT <t + tolerance + clock skew>` (nil means seen), or
    `INSERT ... ON CONFLICT DO NOTHING` and check the row count (0 means seen). A read followed by a
    separate write lets two concurrent copies both pass. Only after that check record the event id,
    which deduplicates the sender's retries (it re-signs them with a fresh timestamp).
    """
    if not signature_header:
        raise InvalidSignature("missing signature header")
    timestamp = None
    signatures: list[bytes] = []
    for part in signature_header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and re.fullmatch(r"[0-9]{1,12}", value, re.ASCII):
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
        expected = hmac.new(secret, f"{timestamp}.".encode() + raw_body, hashlib.sha256).digest()
        # compare_digest runs in constant time, unlike ==, which leaks the matching prefix length.
        if any(hmac.compare_digest(expected, candidate) for candidate in signatures):
            return
    raise InvalidSignature("signature mismatch")
$0
