import base64
import hashlib
import hmac
import re
import time

# \Z, not the dollar anchor (which also matches before a final newline); [0-9], not \d (any Unicode digit).
_SIGNED = re.compile(r"^(.*[?&]expires=([0-9]{1,12}))&signature=([A-Za-z0-9_-]{43})\Z", re.DOTALL)


def _sign(secret: bytes, unsigned: str) -> str:
    mac = hmac.new(secret, unsigned.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def ${1:sign_url}(path: str, secret: bytes, ttl_seconds: int = ${2:300}, now: float | None = None) -> str:
    """Append expires and an HMAC over everything before it; copied links die after ttl_seconds.

    The signature covers every byte of the URL before "&signature=" (path, query, expiry), so
    nothing can be edited or appended.
    """
    expires = int(time.time() if now is None else now) + ttl_seconds
    unsigned = f"{path}{'&' if '?' in path else '?'}expires={expires}"
    return f"{unsigned}&signature={_sign(secret, unsigned)}"


def verify_signed_url(url: str, secret: bytes, now: float | None = None) -> bool:
    """Check a request target exactly as received (path and query, unparsed): decoding and
    re-encoding the query first (%20 becoming +) would no longer match what was signed."""
    match = _SIGNED.match(url)
    if not match:
        return False
    if int(match.group(2)) < (time.time() if now is None else now):
        return False
    # compare_digest: constant time, so timing reveals nothing about a forged signature.
    return hmac.compare_digest(_sign(secret, match.group(1)), match.group(3))
$0
