import email.utils
import hashlib
import hmac
import http.client
import ipaddress
import json
import math
import random
import re
import socket
import threading
import time
from typing import Any, Callable
from urllib.parse import urlsplit


def sign_payload(secret: bytes, event_id: str, body: bytes, timestamp: int | None = None) -> str:
    """t=<unix seconds>,v1=<hex HMAC-SHA256(secret, b"<id>.<t>." + body)>.

    The signed text is the one Standard Webhooks signs: the event id and the timestamp with the
    body, so a receiver can trust the id it deduplicates on and reject replays of old captured
    requests. The headers are not Standard Webhooks' (webhook-id / webhook-timestamp /
    webhook-signature: v1,<base64>), whose verifiers would reject them. The id is 1 to 128 of
    A-Z a-z 0-9 _ -: a "." would let "<id>.<t>" split two ways."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,128}", event_id):
        raise ValueError(f"event id {event_id!r} must be 1 to 128 of A-Z a-z 0-9 _ -")
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret, f"{event_id}.{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


class RefusedAddress(OSError):
    """The URL resolves only to addresses we must not call (our own network)."""


def is_public_address(address: str) -> bool:
    """Customer URLs must not reach loopback, private, link-local (169.254.169.254 is the cloud
    metadata service), shared, multicast or reserved addresses: that is SSRF. is_global follows
    the IANA special-purpose registries as this Python's ipaddress knows them; IPv6 must also be
    in the global unicast space 2000::/3 (IPv4-mapped and well-known NAT64 addresses are judged by
    the IPv4 address they carry). False for anything that is not an IP address (a name, "127.1", a stray space, "%zone" after an IPv4 address)."""
    try:
        ip = ipaddress.ip_address(address)  # reads an IPv6 "%zone" suffix itself
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        elif ip in _NAT64_WELL_KNOWN:  # judged by the IPv4 address in its last 32 bits
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        elif ip not in _GLOBAL_UNICAST or any(ip in net for net in _ALSO_REFUSED_IPV6):
            return False
    if ip in _ALSO_REFUSED_IPV4:
        return False
    return ip.is_global and not ip.is_multicast


# 192.0.0.0/24, IETF protocol assignments, whole: an is_global older than Python's 2024 fix to its
# tables calls most of it global (measured: 3.10.13, 3.11.7 and 3.12.1 let 192.0.0.8 and
# 192.0.0.255 through; 3.13.0 does not). The TypeScript variant refuses it whole too.
_ALSO_REFUSED_IPV4 = ipaddress.ip_network("192.0.0.0/24")


# The well-known NAT64 prefix is globally reachable (IANA): on an IPv6-only network DNS64 gives
# every IPv4-only receiver an address in it. is_global calls all of it global (3.11, measured),
# 64:ff9b::10.0.0.1 too, which a translator that does not enforce RFC 6052's ban on non-global
# IPv4 there would send to 10.0.0.1. So it is judged by the IPv4 address it carries, as an
# IPv4-mapped one is.
_NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")


# IPv6 outside the global unicast space 2000::/3 is refused (but for IPv4-mapped and well-known
# NAT64 addresses, judged above by the IPv4 address they carry): IANA's address space registry
# leaves the rest reserved by IETF, unique-local, link-local or multicast. is_global calls most of
# that reserved space global (4000::1, fe00::1; 3.11, measured), and IPv4-compatible ::/96,
# IPv4-translated ::ffff:0:0:0/96 (SIIT), the local-use NAT64 64:ff9b:1::/48 and the unassigned
# rest of 64:ff9b::/32 (a translator on a /32 to /64 prefix there would carry the IPv4 address in
# other bits than the last 32, 64:ff9b:7f00:1:: being 127.0.0.1 under a /32) carry an IPv4 address.
_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")

# The special-purpose blocks inside 2000::/3, refused here rather than left to is_global, whose
# answer there changes with the Python (measured 2026: 3.10.13 to 3.12.1 call 6to4 global and refuse
# 2001::/23 whole; 3.13.0 and Debian's patched 3.11.2 let ORCHIDv2 2001:20::/28, 2001:3::/32 and a
# few more of 2001::/23 through; none knows 3fff::/20). 2001::/23 whole (IETF protocol assignments:
# Teredo 2001::/32 carries an IPv4 address; the rest are anycast services, benchmarking and
# identifier prefixes, no webhook receiver, so refusing the ones IANA marks globally
# reachable, 2001:4:112::/48 or 2001:20::/28, is a deliberate over-refusal), documentation
# 2001:db8::/32 and 3fff::/20 (RFC 9637), and 6to4 2002::/16, which carries an IPv4 address
# (2002:0a00:0001:: reaches 10.0.0.1). The same list as the TypeScript variant's; is_global is
# still asked after it.
_ALSO_REFUSED_IPV6 = [ipaddress.ip_network(n) for n in ("2001::/23", "2001:db8::/32", "2002::/16", "3fff::/20")]


class _Deadline:
    """One deadline for the whole exchange. A socket timeout bounds each read separately, so a
    receiver that trickles a byte at a time would hold the worker forever; at the deadline this
    shuts the connection down, which ends any blocked read or write."""

    def __init__(self, seconds: float):
        self._lock = threading.Lock()
        self._fds: list[int] = []
        self._state = "running"
        self._ends = time.monotonic() + seconds
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(0.0, self._ends - time.monotonic())

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            if self._state != "running":
                raise TimeoutError("webhook delivery deadline passed")
            self._fds.append(sock.fileno())  # by fd: TLS wraps (and detaches) the socket object

    def _expire(self) -> None:
        with self._lock:
            if self._state != "running":
                return
            self._state = "expired"
            for fd in self._fds:
                view = socket.socket(fileno=fd)
                try:
                    view.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                finally:
                    view.detach()

    def finish(self) -> bool:
        """Stops the timer; False if the deadline had already passed. Under the lock, so the timer
        never touches an fd after the connection closed it."""
        with self._lock:
            in_time = self._state != "expired"
            self._state = "finished" if in_time else self._state
        self._timer.cancel()
        return in_time


# Lookup threads alive at once, abandoned ones included. Without a cap, a resolver that stalls
# leaves one thread per attempt behind for as long as it stalls, so a busy sender piles up threads
# until the process can start no more (RuntimeError out of send_webhook). The cap is shared: lookups
# of a name that stalls hold their slots until the resolver gives up, delaying other names' lookups,
# so size it above the deliveries you run at once.
_MAX_LOOKUPS = 64
_lookups = threading.BoundedSemaphore(_MAX_LOOKUPS)


def _resolve(host: str, port: int, deadline: _Deadline) -> list:
    """getaddrinfo within what is left of the deadline. It blocks for as long as the resolver takes
    (retries over several servers can run to tens of seconds) and has no timeout, nor can a shutdown
    end it, so it runs in a thread of its own; past the deadline the attempt fails (and is retried
    like any timeout) while that thread finishes on its own and its answer is dropped. With
    _MAX_LOOKUPS threads still running, an attempt waits for one to end, within its deadline."""
    if not _lookups.acquire(timeout=deadline.remaining()):
        raise TimeoutError(f"resolving {host}: {_MAX_LOOKUPS} lookups still running, none ended within the delivery deadline")
    outcome: dict = {}
    done = threading.Event()

    def lookup() -> None:
        try:
            outcome["addresses"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except BaseException as exc:  # handed to the caller, as a direct call would raise it
            outcome["error"] = exc
        finally:
            done.set()
            _lookups.release()

    try:
        threading.Thread(target=lookup, name=f"resolve {host}", daemon=True).start()
    except BaseException:
        _lookups.release()
        raise
    if not done.wait(deadline.remaining()):
        raise TimeoutError(f"resolving {host} did not finish within the delivery deadline")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["addresses"]


def _guarded_connect(allowed: Callable[[str], bool], deadline: _Deadline):
    # Checks the addresses the connection really uses, at connect time: checking the name first
    # and letting the connection resolve it again is open to DNS rebinding.
    def create_connection(address, timeout=None, source_address=None, *args, **kwargs):
        host, port = address
        error: OSError = RefusedAddress(f"{host} resolves to no allowed address")
        for family, kind, proto, _, sockaddr in _resolve(host, port, deadline):
            if not allowed(sockaddr[0]):
                continue
            sock = socket.socket(family, kind, proto)
            try:
                deadline.track(sock)
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
    try:
        # A customer's URL that cannot be used is refused like a private address, not raised: a
        # bad port or bracket (ValueError), or a name the lookup cannot encode (UnicodeError: an
        # empty label or one over 63 characters).
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
        if host:
            host.encode("idna")
    except ValueError as exc:  # UnicodeError is a ValueError
        raise RefusedAddress(f"invalid URL {url!r}: {exc}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise RefusedAddress(f"unsupported URL {url!r}")
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    # http.client never follows redirects: a 3xx could point inside our network.
    conn = connection_class(host, port, timeout=timeout)
    deadline = _Deadline(timeout)
    conn._create_connection = _guarded_connect(allowed, deadline)  # type: ignore[attr-defined]
    try:
        target = parts.path or "/"
        conn.request("POST", f"{target}?{parts.query}" if parts.query else target, body=body, headers=headers)
        response = conn.getresponse()
        if not deadline.finish():
            # The shutdown reads as the end of the headers, so a cut-off answer looks complete.
            raise TimeoutError(f"no complete answer within {timeout} s")
        # The body is not read: only the status matters, and a receiver could send it without end.
        # Closing the connection discards it.
        return response.status, response.getheader("Retry-After")
    finally:
        deadline.finish()
        conn.close()


def ${1:send_webhook}(
    url: str,
    event_id: str,
    payload: Any,
    secret: bytes,
    max_attempts: int = ${2:6},
    base_delay: float = ${3:1.0},
    max_delay: float = 60.0,
    timeout: float = 10.0,  # for one whole attempt: DNS lookup, connect, send, status and headers
    is_allowed_address: Callable[[str], bool] = is_public_address,
    sleep: Callable[[float], None] = time.sleep,
) -> bool:
    """Deliver one event with retries (capped exponential backoff, full jitter, at least the
    receiver's Retry-After). True if delivered; False to retry later from your queue (False at
    once, without retries, for a URL that does not parse, is not http(s) or resolves only to
    refused addresses: retrying will not help). Raises
    ValueError (nothing sent) for an event id that cannot be signed, a NaN or infinite number in
    the payload, or an option out of range; TypeError for a payload json cannot encode."""
    # Each of these failed late or quietly: 0 attempts sent nothing; a NaN timeout ended every
    # attempt before it connected (retried as if the network were down); an infinite delay raised
    # OverflowError from the sleep only after a failed attempt.
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
        raise ValueError(f"max_attempts must be a whole number >= 1, got {max_attempts!r}")
    if not (math.isfinite(timeout) and timeout > 0 and math.isfinite(base_delay) and base_delay >= 0 and math.isfinite(max_delay) and max_delay >= 0):
        raise ValueError(f"timeout must be above 0, base_delay and max_delay at least 0, all finite seconds; got {timeout!r}, {base_delay!r}, {max_delay!r}")
    # allow_nan=False: json.dumps writes NaN and Infinity as bare words that are not JSON, which a
    # receiver's parser rejects (a 400, not retried: the event would be lost).
    body = json.dumps(payload, separators=(",", ":"), allow_nan=False).encode()
    sign_payload(secret, event_id, body)  # raises ValueError at once on an event id that cannot be signed
    for attempt in range(1, max_attempts + 1):
        wait_at_least = 0.0
        headers = {
            "Content-Type": "application/json",
            "X-Webhook-Id": event_id,  # stable across retries and signed: receivers deduplicate on it
            "X-Webhook-Signature": sign_payload(secret, event_id, body),
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
