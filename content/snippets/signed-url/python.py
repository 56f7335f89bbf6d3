import base64
import hashlib
import hmac
import re
import time
from urllib.parse import unquote, unquote_plus

# \Z, not the dollar anchor (which also matches before a final newline); [0-9], not \d (any Unicode digit).
_SIGNED = re.compile(r"^(.*[?&]expires=([0-9]{1,12}))&signature=([A-Za-z0-9_-]{43})\Z", re.DOTALL)
# The signed text is "<METHOD>\n<audience>\n<path?query&expires=N>": neither field before the path
# may hold a newline, so the text splits one way only. Upper-case method tokens; the audience is the
# host or service name the link is for, visible ASCII without spaces.
_METHOD = re.compile(r"[A-Z]{1,16}")
_AUDIENCE = re.compile(r"[\x21-\x7e]{1,255}")


def _valid(method: str, audience: str) -> bool:
    return bool(_METHOD.fullmatch(method) and _AUDIENCE.fullmatch(audience))


# Starts with "//" or "/\\": a browser or URL parser reads it as a scheme-relative URL, naming another host.
_SCHEME_RELATIVE = re.compile(r"/[/\\\\]")
# A character a browser or HTTP client does not send as written: one RFC 3986 does not allow in a
# URL (a "\\" in the path goes out as "/", the others percent-encoded) or a "'" in the query (sent
# as %27). Percent-encode it before signing.
_REWRITTEN = re.compile(r"[\"<>\\\\^`{|}]|\?.*'")
# A "." or ".." path segment (also as %2e): a browser resolves it away before sending the path.
_DOT_SEGMENT = re.compile(r"[^?]*/(?:\.|%2[eE]){1,2}(?:[/?]|\Z)")


def _param_name_readings(path: str) -> list[list[str]]:
    # The names in a path's query (everything after its first "?"; none without one) in each way a
    # reader may split it: one list per reading. URLSearchParams splits on "&", decodes each name
    # once ("+" a space) and drops one leading "?"; an older parser also splits on ";" (parse_qsl
    # before 3.9.2, Go's url.ParseQuery before 1.17); a proxy that decodes the query before the
    # application parses it decodes twice, so "%2565xpires" and "w=1%26expires" read as "expires".
    # Names are case-folded so no spelling slips through: upper-cased first, since a dotless i and
    # a long s upper-case to I and S (a case-insensitive match such as Java's equalsIgnoreCase
    # takes them).
    query = path.partition("?")[2]
    readings = []
    for text in (query, unquote(query)):
        text = text[1:] if text.startswith("?") else text
        for separator in ("&", "[&;]"):
            parts = re.split(separator, text)
            readings.append([unquote_plus(part.split("=", 1)[0]).upper().lower() for part in parts if part])
    return readings


def _sign(secret: bytes, method: str, audience: str, unsigned: str) -> str:
    mac = hmac.new(secret, f"{method}\n{audience}\n{unsigned}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def ${1:sign_url}(method: str, audience: str, path: str, secret: bytes, ttl_seconds: int = ${2:300}, now: float | None = None) -> str:
    """Append expires and an HMAC; copied links die after ttl_seconds.

    The signature covers the HTTP method, the audience (the host or service that serves the link,
    e.g. "media.example.com") and every byte of the URL before "&signature=" (path, query, expiry),
    so nothing can be edited or appended, a GET link cannot be used for PUT or DELETE, and a link
    for one host is refused by another host or service that shares the secret.

    Refused: a path whose query already holds expires or signature (any spelling, also for a reader
    that splits on ";" or decodes twice; a CDN or edge that reads a parameter by name takes the
    first, so ?expires=99999999999 would outlive the signed expiry there). Decoded twice, a
    correctly encoded value can hold them too, and it is refused: a signed link carried in a query
    value ("/player?src=" + quote(link, safe="")) or "?title=Tom%26signature". That reader cannot
    tell such a value from a smuggled parameter, so carry a nested link or such a value
    base64url-encoded (base64.urlsafe_b64encode(link.encode()).rstrip(b"="): no "%", "&", ";" or
    "="). Also refused: a path not starting with "/", starting with "//" or "/\\\\" (a browser reads
    either as a link to another host), or that the browser would not send as written, so the link
    could never verify: one holding "#" (the fragment is never sent), a character that is not
    visible ASCII or that RFC 3986 does not allow (\\\\ " < > ^ ` { | }; a "\\\\" goes out as "/"),
    a "'" in the query (sent as %27), or a "." or ".." segment (resolved away): percent-encode the
    characters first. And a TTL that is not a positive whole number or puts the expiry past 12
    digits.
    """
    if not _valid(method, audience):
        raise ValueError("method must be an upper-case token and audience visible ASCII")
    if not path.startswith("/"):
        raise ValueError('path must start with "/": sign the path and query, not a full URL')
    if _SCHEME_RELATIVE.match(path):
        raise ValueError('path must not start with "//" or "/\\\\": a browser reads it as a link to another host')
    if "#" in path:
        raise ValueError('path must not contain "#": the browser never sends the fragment, so the link could never verify')
    # A space, a non-ASCII character or a control character goes out percent-encoded, so the server
    # would never see the bytes that were signed: percent-encode them before signing.
    if not all("\x21" <= c <= "\x7e" for c in path):
        raise ValueError("path must be visible ASCII: percent-encode spaces, non-ASCII and control characters before signing")
    if _REWRITTEN.search(path):
        raise ValueError("path must not hold \\\\ \" < > ^ ` { | } anywhere or ' in the query: RFC 3986 does not allow them as written (' is allowed there, but browsers encode it in a query) and browsers rewrite several, so percent-encode them before signing")
    if _DOT_SEGMENT.match(path):
        raise ValueError('path must not hold a "." or ".." segment: a browser resolves it away, so the link could never verify')
    if any({"expires", "signature"} & set(names) for names in _param_name_readings(path)):
        raise ValueError("the query must not already hold an expires or signature parameter: a verifier reading it by name would take that one")
    if isinstance(ttl_seconds, bool) or not isinstance(ttl_seconds, int) or ttl_seconds <= 0:
        raise ValueError("ttl_seconds must be a positive whole number of seconds")
    expires = int(time.time() if now is None else now) + ttl_seconds
    if expires > 999_999_999_999:  # the verifier reads at most 12 digits: the link would never verify
        raise ValueError("ttl_seconds puts the expiry past 12 digits")
    unsigned = f"{path}{'&' if '?' in path else '?'}expires={expires}"
    return f"{unsigned}&signature={_sign(secret, method, audience, unsigned)}"


def verify_signed_url(method: str, audience: str, url: str, secret: bytes, now: float | None = None) -> bool:
    """Check a request target exactly as received (path and query, unparsed) with the request's
    method and this server's own audience, from configuration: never the request's Host header,
    which the client chooses. A HEAD request needs a link signed for HEAD. Decoding and re-encoding
    the query first (%20 becoming +) would no longer match what was signed. Refused: a query
    holding expires or signature more than once in any reading (any spelling, after ";", decoded
    twice) and a target starting with "//" or "/\\\\", none of which the signer issues."""
    if not _valid(method, audience):
        return False
    match = _SIGNED.match(url)
    if not match or "?" not in url:
        return False
    if _SCHEME_RELATIVE.match(url):
        return False
    # One of each in every reading, or a CDN reading the first by name and this check reading the last would disagree.
    if not all(names.count("expires") == 1 and names.count("signature") == 1 for names in _param_name_readings(url)):
        return False
    if int(match.group(2)) < (time.time() if now is None else now):
        return False
    # compare_digest: constant time, so timing reveals nothing about a forged signature.
    return hmac.compare_digest(_sign(secret, method, audience, match.group(1)), match.group(3))
$0
