import base64
import hashlib
import hmac
import time
from urllib.parse import parse_qsl, urlencode, urlsplit


def _sign(secret: bytes, path: str, expires: int) -> str:
    mac = hmac.new(secret, f"{path}\n{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def ${1:sign_url}(path: str, secret: bytes, ttl_seconds: int = ${2:300}) -> str:
    """Append expires and an HMAC over path+expiry; copied links die after ttl_seconds."""
    expires = int(time.time()) + ttl_seconds
    separator = "&" if "?" in path else "?"
    return f"{path}{separator}{urlencode({'expires': expires, 'signature': _sign(secret, path, expires)})}"


def verify_signed_url(url: str, secret: bytes) -> bool:
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    values = dict(params)
    try:
        expires = int(values.get("expires", ""))
    except ValueError:
        return False
    if expires < time.time():
        return False
    rest = [(k, v) for k, v in params if k not in ("expires", "signature")]
    path = parts.path + (f"?{urlencode(rest)}" if rest else "")
    # compare_digest: constant time, so timing reveals nothing about a forged signature.
    return hmac.compare_digest(_sign(secret, path, expires), values.get("signature", ""))
$0
