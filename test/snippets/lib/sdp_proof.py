"""Helpers for Python proof programs (copied next to them by test/snippets/harness.ts).

The variant under proof is importable as ``snippet``. A program checks its claims with ``check``
and ends with ``passed()``, which prints the line the harness requires (``PROOF PASSED``); any
exception or a missing last line fails the mocha test, with this program's output in the message.
"""
import os
import sys

PASSED_MARKER = "PROOF PASSED"


def pg_url() -> str:
    """libpq URL of the proof's own database (psycopg.connect(pg_url()))."""
    return os.environ["SDP_PG_URL"]


def redis_host() -> str:
    return os.environ["SDP_REDIS_HOST"]


def redis_port() -> int:
    return int(os.environ["SDP_REDIS_PORT"])


def redis_url() -> str:
    return os.environ["SDP_REDIS_URL"]


class ProofFailure(AssertionError):
    pass


def check(condition: object, message: str) -> None:
    """Like assert, but never stripped by -O, and says what was expected."""
    if not condition:
        raise ProofFailure(message)


def check_equal(actual: object, expected: object, message: str) -> None:
    if actual != expected:
        raise ProofFailure(f"{message}: expected {expected!r}, got {actual!r}")


def passed() -> None:
    sys.stdout.flush()
    print(PASSED_MARKER, flush=True)
