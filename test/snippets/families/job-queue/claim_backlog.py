"""job-queue, Python: one claim against a large due backlog (the spec reads its plan from the server log)."""
import psycopg

import snippet
from sdp_proof import check, passed, pg_url

conn = psycopg.connect(pg_url(), autocommit=True)
job = snippet.claim_job(conn, 60.0)
check(job is not None, "a due job is claimed")
passed()
