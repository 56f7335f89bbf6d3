import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable

import psycopg
import psycopg.errors
from psycopg.types.json import Jsonb


@dataclass
class Response:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)  # stored and replayed; Retry-After on the 409


def _in_progress() -> Response:
    return Response(409, {"error": "request with this key is still in progress; retry"}, {"Retry-After": "1"})


def ${1:idempotent}(
    connect: Callable[[], psycopg.Connection],
    handler: Callable[[Any, psycopg.Connection], Response],
) -> Callable[[str, str | None, str, str, Any], Response]:
    """Wrap a handler so a retried request (same caller, same Idempotency-Key) has one effect and
    one response.

    The returned function takes (scope, key, method, path, body); scope is who is calling (tenant,
    account or API client id, from authentication): keys are unique per caller only. Pass the path
    with its query string (Flask: request.full_path, not request.path): the request hash covers
    method, path and body, the body with its keys sorted. The key is claimed inside the handler's
    own transaction: a concurrent duplicate waits on the uncommitted row for at most the claim's
    lock_timeout and then reads the stored response, or past it gets 409 with Retry-After (only a
    lock timeout on the claim does: other errors, and the handler's own lock errors, propagate). If
    the first attempt raises or answers 5xx, nothing is stored and a retry runs afresh.
    The transaction runs READ COMMITTED whatever the database default: under REPEATABLE READ the
    duplicate would get a serialization error instead. An empty scope raises ValueError: it would
    put every unauthenticated caller in one namespace.
    """

    def run(scope: str, key: str | None, method: str, path: str, body: Any) -> Response:
        if not scope:
            raise ValueError("idempotency scope is empty: derive it from the authenticated caller")
        if not key:
            return Response(400, {"error": "Idempotency-Key header is required"})
        request_hash = hashlib.sha256(
            f"{method} {path}\n{json.dumps(body, sort_keys=True)}".encode()
        ).hexdigest()
        with connect() as conn:
            conn.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
            claimed = None
            try:
                with conn.transaction() as tx:
                    # A duplicate waits on the first attempt's uncommitted key row. Bound that wait:
                    # a first attempt that hangs (a slow downstream call; a host gone mid-transaction
                    # keeps its lock until TCP keepalive notices, hours by default) would otherwise
                    # hold every retry's connection as long. Past the bound the duplicate gets 409.
                    # The connection's own lock_timeout (a SET in connect()) is put back afterwards.
                    before = conn.execute("SELECT current_setting('lock_timeout')").fetchone()[0]
                    conn.execute("SET LOCAL lock_timeout = '${3:5s}'")
                    claimed = conn.execute(
                        "INSERT INTO ${2:idempotency_keys} (scope, key, request_hash, response_code, response_body)"
                        " VALUES (%s, %s, %s, 0, 'null') ON CONFLICT (scope, key) DO NOTHING",
                        (scope, key, request_hash),
                    ).rowcount
                    # The handler keeps the connection's setting (DEFAULT would drop a session SET).
                    conn.execute("SELECT set_config('lock_timeout', %s, true)", (before,))
                    if claimed == 1:
                        response = handler(body, conn)
                        # A 4xx is stored and replayed like a 2xx: the handler gave its answer
                        # (a declined card, say), and a client that changes the request sends a
                        # new key (Stripe's API also replays errors once an endpoint has begun,
                        # 2026). A "try again later" 4xx (429, a busy 409) belongs before this
                        # or as a 503: stored, it would answer every retry until the purge.
                        if response.status >= 500:
                            # A server error is not an answer to keep: undo the effect, let a retry run.
                            raise psycopg.Rollback(tx)
                        conn.execute(
                            "UPDATE $2 SET response_code = %s, response_headers = %s, response_body = %s"
                            " WHERE scope = %s AND key = %s",
                            (response.status, Jsonb(response.headers), Jsonb(response.body), scope, key),
                        )
                        return response
            except psycopg.errors.LockNotAvailable:
                if claimed is not None:
                    raise  # the handler's own lock wait, not the claim
                return _in_progress()
            if claimed == 1:
                return response  # the 5xx, rolled back
            row = conn.execute(
                "SELECT request_hash, response_code, response_body, response_headers FROM $2"
                " WHERE scope = %s AND key = %s",
                (scope, key),
            ).fetchone()
            conn.commit()
            if row is None:
                return _in_progress()
            if row[0] != request_hash:
                return Response(422, {"error": "Idempotency-Key was already used for another request"})
            return Response(row[1], row[2], row[3])  # headers too: Location, say

    return run
$0
