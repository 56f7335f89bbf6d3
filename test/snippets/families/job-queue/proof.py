"""job-queue, Python: each job once across workers; JSON payloads of any shape; a stalled worker's
late outcome is refused; heartbeats hold the lease; crash loops and poison jobs are dead-lettered;
retry backoff is capped."""
import threading
import time

import psycopg

import snippet
from sdp_proof import check, check_equal, passed, pg_url


def connect() -> psycopg.Connection:
    return psycopg.connect(pg_url())


def until(what, condition, limit=1200):
    for _ in range(limit):
        if condition():
            return
        time.sleep(0.025)
    raise AssertionError(f"timed out waiting until {what}")


def row(conn, job_id):
    with conn.transaction():
        return conn.execute("SELECT status, attempts FROM jobs WHERE id = %s", (job_id,)).fetchone()


db = psycopg.connect(pg_url(), autocommit=True)

# 1. Four workers, 120 jobs, each once; payloads that are lists and strings reach the handler
#    decoded; a job that always fails is dead-lettered after max_attempts.
ids = [snippet.enqueue(db, "work", {"i": i}) for i in range(120)]
list_id = snippet.enqueue(db, "shape", [1, 2, 3])
str_id = snippet.enqueue(db, "shape", "just a string")
poison_id = snippet.enqueue(db, "poison", {}, max_attempts=3)
db.execute("UPDATE jobs SET max_attempts = 3 WHERE id = %s", (poison_id,))
processed, shapes, poison_runs = [], {}, [0]
lock = threading.Lock()


def work(job):
    with lock:
        processed.append(job.id)


def shape(job):
    shapes[job.id] = job.payload


def poison(job):
    poison_runs[0] += 1
    raise RuntimeError("always fails")


handlers = {"work": work, "shape": shape, "poison": poison}
stop = threading.Event()
errors = []


def worker():
    try:
        with connect() as conn:
            snippet.run_worker(conn, handlers, stop, idle_seconds=0.02)
    except BaseException as e:
        errors.append(e)


# Retries are due at once so the proof does not wait on the backoff.
db.execute("CREATE OR REPLACE FUNCTION no_backoff() RETURNS trigger LANGUAGE plpgsql AS $$"
           " BEGIN IF NEW.status = 'queued' THEN NEW.run_at := now(); END IF; RETURN NEW; END $$")
db.execute("CREATE TRIGGER no_backoff BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION no_backoff()")
threads = [threading.Thread(target=worker) for _ in range(4)]
for t in threads:
    t.start()
until("every job finished", lambda: db.execute(
    "SELECT count(*) FROM jobs WHERE status NOT IN ('succeeded', 'dead')").fetchone()[0] == 0)
stop.set()
for t in threads:
    t.join()
check(not errors, f"workers failed: {errors!r}")
check_equal(sorted(processed), sorted(ids), "each job processed once, none twice")
check_equal(shapes, {list_id: [1, 2, 3], str_id: "just a string"}, "list and string payloads arrive decoded")
check_equal(poison_runs[0], 3, "the failing job ran exactly max_attempts times")
dead = db.execute("SELECT job_id, attempts, last_error FROM jobs_dead_letter").fetchall()
check_equal([(d[0], d[1]) for d in dead], [(poison_id, 3)], "the failing job is dead-lettered")
check("always fails" in dead[0][2], "the dead letter keeps the last error")
db.execute("DROP TRIGGER no_backoff ON jobs")

# 2. A worker that stalls past its lease is taken over; its late success and late failure are refused.
job_id = snippet.enqueue(db, "slow", {})
gates = [threading.Event() for _ in range(3)]
outcome = ["ok", "fail", "ok"]
runs = []


def slow(job):
    runs.append(job.attempts)
    gates[job.attempts - 1].wait()
    if outcome[job.attempts - 1] == "fail":
        raise RuntimeError(f"attempt {job.attempts} failed")


results = {}


def process(name, job):
    with connect() as conn:
        results[name] = snippet.process_job(conn, {"slow": slow}, job, lease_seconds=60)


conn_a, conn_b, conn_c = connect(), connect(), connect()
a = snippet.claim_job(conn_a, 60)
check_equal(a.attempts, 1, "first claim")
ta = threading.Thread(target=process, args=("a", a))
ta.start()
until("A runs", lambda: len(runs) == 1)
check(snippet.claim_job(conn_b, 60) is None, "a live lease is not taken over")
db.execute("UPDATE jobs SET locked_at = now() - interval '1 hour' WHERE id = %s", (job_id,))
b = snippet.claim_job(conn_b, 60)
check(b is not None and b.id == job_id and b.attempts == 2, f"an expired lease is taken over: {b}")
tb = threading.Thread(target=process, args=("b", b))
tb.start()
until("B runs", lambda: len(runs) == 2)
gates[0].set()
ta.join()
check_equal(results["a"], False, "A learns it lost the job")
check_equal(row(db, job_id), ("running", 2), "A's late success does not finish B's run")
gates[1].set()
tb.join()
check_equal(results["b"], True, "B owns its failure")
check_equal(row(db, job_id), ("queued", 2), "B's failure requeues")
db.execute("UPDATE jobs SET run_at = now() WHERE id = %s", (job_id,))
c = snippet.claim_job(conn_c, 60)
gates[2].set()
check_equal(snippet.process_job(conn_c, {"slow": slow}, c, 60), True, "C succeeds")
check_equal(row(db, job_id), ("succeeded", 3), "C's success stands")
check_equal(runs, [1, 2, 3], "one run per attempt")

# 3. Heartbeats keep a job that outlives its lease from being taken over.
job_id = snippet.enqueue(db, "long", {})
lease = 1.5
release, started = threading.Event(), threading.Event()


def long_job(job):
    started.set()
    release.wait()


a = snippet.claim_job(conn_a, lease)
ta = threading.Thread(target=process, args=("long", a))


def process_long():
    with connect() as conn:
        results["long"] = snippet.process_job(conn, {"long": long_job}, a, lease_seconds=lease)


ta = threading.Thread(target=process_long)
ta.start()
started.wait()
locked = lambda: db.execute("SELECT locked_at FROM jobs WHERE id = %s", (job_id,)).fetchone()[0]
last = locked()
for _ in range(4):
    until("a heartbeat", lambda: locked() != last)
    last = locked()
    check(snippet.claim_job(conn_b, lease) is None, "a heartbeating job is not taken over")
release.set()
ta.join()
check_equal(results["long"], True, "the long job completes")
check_equal(row(db, job_id), ("succeeded", 1), "it ran once")

# 4. A job that loses its worker on every attempt is dead-lettered, not handed out forever.
job_id = snippet.enqueue(db, "crashes", {}, max_attempts=2)
crash_runs = []
for attempt in (1, 2):
    j = snippet.claim_job(conn_a, 60)
    check_equal((j.id, j.attempts), (job_id, attempt), "claimed")
    db.execute("UPDATE jobs SET locked_at = now() - interval '1 hour' WHERE id = %s", (job_id,))
j = snippet.claim_job(conn_a, 60)
check_equal(snippet.process_job(conn_a, {"crashes": crash_runs.append}, j, 60), True, "buried")
check_equal(crash_runs, [], "the handler does not run past max_attempts")
check_equal(row(db, job_id)[0], "dead", "dead")
err = db.execute("SELECT last_error FROM jobs_dead_letter WHERE job_id = %s", (job_id,)).fetchone()[0]
check("lease expired" in err, f"dead letter says why: {err}")
# 5. A database error does not end the worker loop: it is reported, the worker backs off, goes on.
job_id = snippet.enqueue(db, "work", {})
db.execute("ALTER TABLE jobs RENAME TO jobs_away")  # every claim fails for a while
errors = []
ran = []
stop = threading.Event()


def worker_loop():
    with connect() as conn:
        snippet.run_worker(conn, {"work": ran.append}, stop, idle_seconds=0.01,
                           on_error=errors.append, error_backoff_seconds=0.01)


worker = threading.Thread(target=worker_loop, daemon=True)
worker.start()
try:
    until("three errors reported", lambda: len(errors) >= 3 or not worker.is_alive(), limit=400)
    check(worker.is_alive(), "the worker loop survives database errors")
    check(len(errors) >= 3, f"errors reported: {errors}")
finally:
    db.execute("ALTER TABLE IF EXISTS jobs_away RENAME TO jobs")
until("the job ran", lambda: row(db, job_id)[0] == "succeeded" or not worker.is_alive(), limit=400)
stop.set()
worker.join(10)
check_equal(row(db, job_id), ("succeeded", 1), "the job ran once the database was back")

# 6. A handler is told when its attempt loses the job (the lease was taken over).
lease = 0.3
job_id = snippet.enqueue(db, "long", {})
j = snippet.claim_job(conn_a, lease)
told = []
started = threading.Event()


def long_handler(job):
    started.set()
    told.append(job.lost.wait(10))


def process_lost():
    with connect() as conn:
        results["lost"] = snippet.process_job(conn, {"long": long_handler}, j, lease_seconds=lease)


tl = threading.Thread(target=process_lost)
tl.start()
started.wait(10)
db.execute("UPDATE jobs SET attempts = attempts + 1 WHERE id = %s", (job_id,))  # another worker took over
tl.join(20)
check_equal(told, [True], "the handler learns it lost the job")
check_equal(results["lost"], False, "and its outcome is not recorded")

# 7. Retry backoff: exponential with full jitter, and capped at ten minutes. The failure sets
#    updated_at = now() and run_at = now() + delay in one statement, so run_at - updated_at is the
#    exact delay drawn. Twenty failures at the 30th attempt: all at most 600 s (uncapped, the ceiling
#    would be 2**30 s, some 34 years), the largest above 300 s (the cap is ten minutes, not less),
#    and spread. Twenty at the 3rd attempt: at most 2**3 = 8 s, the largest above 4 s (a fixed or
#    uncapped-small delay would not fit both).


def flaky(job):
    raise RuntimeError("still down")


def delays(attempts_before, n=20):
    ids = [snippet.enqueue(db, "flaky", {}, max_attempts=100) for _ in range(n)]
    db.execute("UPDATE jobs SET attempts = %s WHERE id = ANY(%s)", (attempts_before, ids))
    for _ in ids:
        j = snippet.claim_job(conn_a, 60)
        check(j is not None and j.id in ids and j.attempts == attempts_before + 1,
              f"claimed one of the flaky jobs as attempt {attempts_before + 1}: {j}")
        check_equal(snippet.process_job(conn_a, {"flaky": flaky}, j, 60), True, "the failure is recorded")
    rows = db.execute(
        "SELECT status, EXTRACT(EPOCH FROM run_at - updated_at)::float8 FROM jobs WHERE id = ANY(%s)", (ids,)
    ).fetchall()
    check_equal({status for status, _ in rows}, {"queued"}, "every failed job is queued again")
    db.execute("DELETE FROM jobs WHERE id = ANY(%s)", (ids,))  # none may come due during a later claim
    return [d for _, d in rows]


late = delays(29)
check(max(late) <= 600, f"30th attempt: due at most ten minutes later (largest delay {max(late):.1f} s)")
check(max(late) > 300, f"30th attempt: the ceiling is ten minutes (largest of 20 delays only {max(late):.1f} s)")
check(len({round(d) for d in late}) > 10, f"delays are jittered: {sorted(round(d) for d in late)}")
early = delays(2)
check(max(early) <= 8, f"3rd attempt: due at most 2**3 s later (largest delay {max(early):.2f} s)")
check(max(early) > 4, f"3rd attempt: the ceiling grows with attempts (largest of 20 delays only {max(early):.2f} s)")
# 8. A pause or lease a worker could not keep (0 or less: a busy loop on the table or, for the
#    lease, a heartbeat that never sleeps; inf, nan or past threading.TIMEOUT_MAX: Event.wait
#    raises) is refused with ValueError before a job is touched. Should the worker start anyway,
#    its first query stops it (no database here), so the proof fails instead of spinning.


class NoDatabase:
    closed = False

    def __init__(self, stop_event):
        self.stop = stop_event
        self.queries = 0

    def _refuse(self, *args, **kwargs):
        self.queries += 1
        self.stop.set()
        raise psycopg.OperationalError("no database here")

    transaction = _refuse
    execute = _refuse


unheld = snippet.Job(id=1, kind="k", payload=None, attempts=1, max_attempts=5)
for bad in (0, -1, 0.0, float("inf"), float("nan"), threading.TIMEOUT_MAX * 2):
    for name in ("idle_seconds", "lease_seconds", "error_backoff_seconds"):
        halt = threading.Event()
        nowhere = NoDatabase(halt)
        try:
            snippet.run_worker(nowhere, {}, halt, on_error=lambda error: None, **{name: bad})
            check(False, f"run_worker {name}={bad!r} must be refused")
        except ValueError as exc:
            check(str(exc).startswith(name), f"run_worker {name}={bad!r}: {exc}")
        check_equal(nowhere.queries, 0, f"queries by run_worker refusing {name}={bad!r}")
    halt = threading.Event()
    nowhere = NoDatabase(halt)
    try:
        snippet.process_job(nowhere, {"k": lambda job: None}, unheld, lease_seconds=bad)
        check(False, f"process_job lease_seconds={bad!r} must be refused")
    except ValueError as exc:
        check(str(exc).startswith("lease_seconds"), f"process_job lease_seconds={bad!r}: {exc}")
    check_equal(nowhere.queries, 0, f"queries by process_job refusing lease_seconds={bad!r}")
passed()
