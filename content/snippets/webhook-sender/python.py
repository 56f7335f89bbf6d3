import hashlib
import hmac
import json
import random
import time
import urllib.error
import urllib.request
from typing import Any


def sign_payload(secret: bytes, body: bytes, timestamp: int | None = None) -> str:
    """t=<unix seconds>,v1=<hex HMAC-SHA256(secret, b"<t>." + body)>; the timestamp stops replays."""
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret, f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


def ${1:send_webhook}(
    url: str,
    event_id: str,
    payload: Any,
    secret: bytes,
    max_attempts: int = ${2:6},
    base_delay: float = ${3:1.0},
) -> bool:
    """Deliver one event with retries (capped exponential backoff, full jitter). True if delivered."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    for attempt in range(1, max_attempts + 1):
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Webhook-Id": event_id,  # stable across retries: receivers deduplicate on it
                "Webhook-Signature": sign_payload(secret, body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                if 200 <= response.status < 300:
                    return True
        except urllib.error.HTTPError as exc:
            if exc.code not in (408, 429) and exc.code < 500:
                return False  # the receiver rejected it; retrying will not help
        except (urllib.error.URLError, TimeoutError):
            pass
        if attempt < max_attempts:
            time.sleep(random.uniform(0, min(60.0, base_delay * 2 ** (attempt - 1))))
    return False
$0
