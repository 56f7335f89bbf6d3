import email.utils
import hashlib
import hmac
import http.client
import ipaddress
import json
import random
import socket
import time
from typing import Any, Callable
from urllib.parse import urlsplit


def sign_payload(secret: bytes, body: bytes, timestamp: int | None = None) -> str:
    """t=<unix seconds>,v1=<hex HMAC-SHA256(secret, b"<t>." + body)>; the timestamp stops replays."""
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret, f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


class RefusedAddress(OSError):
    """The URL resolves only to addresses we must not call (our own network)."""


def is_public_address(address: str) -> bool:
    """Customer URLs must not reach loopback, private, link-local (169.254.169.254 is the cloud
    metadata service), shared or reserved addresses: that is SSRF."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _guarded_connect(allowed: Callable[[str], bool]):
    # Checks the addresses the connection really uses, at connect time: checking the name first
    # and letting the connection resolve it again is open to DNS rebinding.
    def create_connection(address, timeout=None, source_address=None, *args, **kwargs):
        host, port = address
        error: OSError = RefusedAddress(f"{host} resolves to no allowed address")
        for family, kind, proto, _, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
            if not allowed(sockaddr[0]):
                continue
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                sock.close()
                error = exc
        raise error

    return create_connection


def _retry_after_seconds(value: str | None) -> float:
    if not value:
        return 0.0
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return 0.0


def _post(url: str, body: bytes, headers: dict, allowed: Callable[[str], bool], timeout: float) -> tuple[int, str | None]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedAddress(f"unsupported URL {url!r}")
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    # http.client never follows redirects: a 3xx could point inside our network.
    conn = connection_class(parts.hostname, parts.port, timeout=timeout)
    conn._create_connection = _guarded_connect(allowed)  # type: ignore[attr-defined]
    try:
        target = parts.path or "/"
        conn.request("POST", f"{target}?{parts.query}" if parts.query else target, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Retry-After")
    finally:
        conn.close()


def ${1:send_webhook}(
    url: str,
    event_id: str,
    payload: Any,
    secret: bytes,
    max_attempts: int = ${2:6},
    base_delay: float = ${3:1.0},
    max_delay: float = 60.0,
    timeout: float = 10.0,
    is_allowed_address: Callable[[str], bool] = is_public_address,
    sleep: Callable[[float], None] = time.sleep,
) -> bool:
    """Deliver one event with retries (capped exponential backoff, full jitter, at least the
    receiver's Retry-After). True if delivered; False to retry later from your queue."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    for attempt in range(1, max_attempts + 1):
        wait_at_least = 0.0
        headers = {
            "Content-Type": "application/json",
            "Webhook-Id": event_id,  # stable across retries: receivers deduplicate on it
            "Webhook-Signature": sign_payload(secret, body),
        }
        try:
            status, retry_after = _post(url, body, headers, is_allowed_address, timeout)
            if 200 <= status < 300:
                return True
            if status not in (408, 425, 429) and status < 500:
                return False  # rejected, or a redirect we do not follow: retrying will not help
            wait_at_least = _retry_after_seconds(retry_after)
            if wait_at_least > max_delay:
                return False  # the receiver asks for longer than we wait here
        except RefusedAddress:
            return False
        except (OSError, http.client.HTTPException):
            pass  # network error or timeout: retry
        if attempt < max_attempts:
            sleep(max(wait_at_least, random.uniform(0, min(max_delay, base_delay * 2 ** (attempt - 1)))))
    return False
$0
