"""transactional-outbox, Python, run on the variant as inserted with a batch size PostgreSQL cannot
use (float("inf"), meant as no limit) at its tab stop: run_relay refuses it at its start (ValueError naming batch_size) instead
of logging the same database error on every pass. Should it start anyway, its first logged report
sets stop, so the proof fails instead of spinning."""
import logging
import threading

import psycopg

import snippet
from sdp_proof import check, check_equal, passed, pg_url

stop = threading.Event()
reports = []


class Reports(logging.Handler):
    def emit(self, record):
        reports.append(record.getMessage())
        stop.set()


snippet.log.addHandler(Reports())
with psycopg.connect(pg_url(), autocommit=True) as conn:
    try:
        snippet.run_relay(conn, lambda e: stop.set(), stop, 0.02)
    except ValueError as exc:
        check("batch_size" in str(exc), f"the error names batch_size: {exc}")
    else:
        check(False, f"run_relay started with the batch size {snippet.relay_batch.__defaults__[0]!r} and reported {reports}")
check_equal(reports, [], "nothing reported")
passed()
