import hashlib
import json
from dataclasses import dataclass
from typing import Any, Callable

import psycopg
from psycopg.types.json import Jsonb


@dataclass
class Response:
    status: int
    body: Any


def ${1:idempotent}(
    pool_connect: Callable[[], psycopg.Connection],
    handler: Callable[[dict, psycopg.Connection], Response],
) -> Callable[[str | None, str, str, dict], Response]:
    """Wrap a handler so a retried request (same Idempotency-Key) has one effect and one response.

    The key is claimed inside the handler's own transaction: a concurrent duplicate blocks on the
    uncommitted row and then reads the stored response; if the first attempt rolls back, the
    duplicate simply runs.
    """

    def run(key: str | None, method: str, path: str, body: dict) -> Response:
        if not key:
            return Response(400, {"error": "Idempotency-Key header is required"})
        request_hash = hashlib.sha256(
            f"{method} {path}\n{json.dumps(body, sort_keys=True)}".encode()
        ).hexdigest()
        with pool_connect() as conn:
            with conn.transaction():
                claimed = conn.execute(
                    "INSERT INTO ${2:idempotency_keys} (key, request_hash, response_code, response_body)"
                    " VALUES (%s, %s, 0, 'null') ON CONFLICT (key) DO NOTHING",
                    (key, request_hash),
                ).rowcount
                if claimed == 1:
                    response = handler(body, conn)
                    conn.execute(
                        "UPDATE $2 SET response_code = %s, response_body = %s WHERE key = %s",
                        (response.status, Jsonb(response.body), key),
                    )
                    return response
            row = conn.execute(
                "SELECT request_hash, response_code, response_body FROM $2 WHERE key = %s", (key,)
            ).fetchone()
            if row is None:
                return Response(409, {"error": "request with this key is still in progress; retry"})
            if row[0] != request_hash:
                return Response(422, {"error": "Idempotency-Key was already used for another request"})
            return Response(row[1], row[2])

    return run
$0
