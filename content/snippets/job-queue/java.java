import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A worker for the PostgreSQL job queue. Jobs are claimed with FOR UPDATE SKIP LOCKED, so any
 * number of workers can run without taking the same job. A worker owns a job for one attempt: it
 * heartbeats while the handler runs, and records the outcome only while that attempt still owns
 * the job, so a worker that stalled past its lease cannot overwrite the run that took it over.
 * Failures retry with exponential backoff; jobs that use up their attempts, by failing or by
 * losing their worker, land in the dead-letter table.
 */
public final class ${1:JobWorker} implements Runnable {
    /**
     * Runs one job; must be idempotent, because a job whose worker died or stalled runs again. When
     * this attempt loses the job (its lease was taken over), runs past the handler deadline, or the
     * worker stops, the worker thread is interrupted: stop on InterruptedException or when
     * Thread.currentThread().isInterrupted(). A lost job's outcome is no longer recorded; one past
     * its deadline fails this attempt, even if the handler then returns normally; one stopped by
     * the worker's shutdown is handed back without using up an attempt, even if it then returns
     * normally (it may have stopped half-way), and runs again.
     */
    public interface Handler {
        void handle(long jobId, String payloadJson) throws Exception;
    }

    /** A claimed job; {@code attempt} is the token that says this worker still owns it. */
    public record Job(long id, String kind, String payloadJson, int attempt, int maxAttempts) {}

    // Stranded jobs (lease expired) first, else the next due job; each candidate is a LIMIT 1 walk of
    // its own partial index, so a claim stays cheap under any backlog (one query with OR over both
    // kinds would sort every due job on every claim).
    private static final String CLAIM =
        "UPDATE ${2:jobs} SET status = 'running', attempts = attempts + 1, locked_at = now(), updated_at = now()"
            + " WHERE id = COALESCE("
            + "   (SELECT id FROM $2 WHERE status = 'running' AND locked_at < now() - make_interval(secs => ?)"
            + "     ORDER BY locked_at LIMIT 1 FOR UPDATE SKIP LOCKED),"
            + "   (SELECT id FROM $2 WHERE status = 'queued' AND run_at <= now()"
            + "     ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED))"
            + " RETURNING id, kind, payload::text, attempts, max_attempts";
    // Every write after the claim matches the attempt that claimed the job.
    private static final String OWNED = " WHERE id = ? AND attempts = ? AND status = 'running'";
    private static final String HEARTBEAT = "UPDATE $2 SET locked_at = now()" + OWNED;
    // The worker is shutting down: the job goes back, due at once, with its attempt given back (the
    // interruption was ours, not the job's fault).
    private static final String RELEASE =
        "UPDATE $2 SET status = 'queued', attempts = attempts - 1, run_at = now(), locked_at = NULL, updated_at = now()" + OWNED;
    private static final String SUCCEED = "UPDATE $2 SET status = 'succeeded', locked_at = NULL, updated_at = now()" + OWNED;
    private static final String FAIL =
        "WITH failed AS ("
            + " UPDATE $2 SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,"
            + "   run_at = now() + make_interval(secs => ?), locked_at = NULL, last_error = ?, updated_at = now()"
            + OWNED
            + " RETURNING id, kind, payload, attempts, status, last_error"
            + "), buried AS ("
            + " INSERT INTO $2_dead_letter (job_id, kind, payload, attempts, last_error)"
            + " SELECT id, kind, payload, attempts, last_error FROM failed WHERE status = 'dead'"
            + " ON CONFLICT (job_id) DO UPDATE"
            + "   SET attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error, failed_at = now()"
            + ") SELECT status FROM failed";

    /** Sleep between polls when no job is due. */
    private static final long IDLE_MILLIS = ${4:1000};
    /** Sleep after a database error (a failover, a restart) before the loop tries again. */
    private static final long ERROR_BACKOFF_MILLIS = 5000;
    /**
     * The longest lease or pause taken, about 24.8 days (the TypeScript variant's ceiling too): far
     * beyond any real lease, and well inside what PostgreSQL can subtract from now() (a lease of
     * Long.MAX_VALUE ms made every claim fail with "timestamp out of range").
     */
    private static final long MAX_MILLIS = Integer.MAX_VALUE;
    /** Default deadline of one run of a handler (30 minutes, as in the other variants). */
    private static final long HANDLER_TIMEOUT_MILLIS = ${5:1_800_000};

    private final DataSource dataSource;
    private final Map<String, Handler> handlers;
    private final long leaseMillis;
    private final long handlerTimeoutMillis;
    private final ScheduledExecutorService heartbeats = scheduler("job-heartbeat");
    // Deadlines have a thread of their own: on the heartbeat thread, a heartbeat stuck in its UPDATE
    // (waiting on a row lock, a full pool, a dead connection) held the deadline back, so a hung
    // handler ran on past it, untold, for as long as the heartbeat was stuck.
    private final ScheduledExecutorService deadlines = scheduler("job-deadline");
    /** How stop() tells the handlers running now. */
    private final Set<Runnable> stoppers = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    /**
     * leaseMillis: how long a running job may go without a heartbeat before another worker takes it
     * over; from 3 (the heartbeat runs every lease/3 ms) to MAX_MILLIS. Throws
     * IllegalArgumentException for a lease, or an IDLE_MILLIS, out of range: a lease of 0 or less
     * made claim() take running jobs from live workers (a job ran twice at once), one under 3
     * killed the worker thread at its first job (a heartbeat period of 0), and a pause of 0 or less
     * (a typo, or int arithmetic that overflowed, such as 30 * 24 * 3600 * 1000) killed it when the
     * queue first ran dry, since Thread.sleep refuses a negative time. These are floors, not advice:
     * a lease must span several heartbeat round trips (seconds, not milliseconds), or other workers
     * take over jobs that are still running; and int arithmetic that overflows to a positive number
     * (50 * 24 * 3600 * 1000 is about 7 hours) passes the check, so write such a product with 1000L.
     */
    public $1(DataSource dataSource, Map<String, Handler> handlers, long leaseMillis) {
        this(dataSource, handlers, leaseMillis, HANDLER_TIMEOUT_MILLIS);
    }

    /**
     * handlerTimeoutMillis: the deadline of one run of a handler, from 1 to MAX_MILLIS. Past it the
     * handler is interrupted and its heartbeat stops; the attempt fails (and retries) once the
     * handler returns, whether it throws or returns normally (it stopped half-way). Java cannot stop a thread that ignores interrupts: such a handler keeps its
     * worker thread, but no longer its job, which another worker takes over when the lease lapses.
     */
    public $1(DataSource dataSource, Map<String, Handler> handlers, long leaseMillis, long handlerTimeoutMillis) {
        checkMillis("leaseMillis", leaseMillis, 3);
        checkMillis("handlerTimeoutMillis", handlerTimeoutMillis, 1);
        checkMillis("IDLE_MILLIS", IDLE_MILLIS, 1);
        this.dataSource = dataSource;
        this.handlers = handlers;
        this.leaseMillis = leaseMillis;
        this.handlerTimeoutMillis = handlerTimeoutMillis;
    }

    public $1(DataSource dataSource, Map<String, Handler> handlers) {
        this(dataSource, handlers, ${3:60_000});
    }

    /**
     * One daemon thread for the heartbeats, or for the deadlines. A cancelled timer leaves its queue
     * at once: by default it would stay until it was due, so every job of the last 30 minutes (the
     * default deadline) would keep a slot there, a queue growing with the throughput.
     */
    private static ScheduledExecutorService scheduler(String name) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    private static void checkMillis(String name, long millis, long least) {
        if (millis < least || millis > MAX_MILLIS) {
            throw new IllegalArgumentException(name + " must be from " + least + " to " + MAX_MILLIS + " ms, got " + millis);
        }
    }

    /**
     * Stops the worker: no new job is claimed, and a handler running now is interrupted; its job is
     * handed back without using up an attempt. Interrupting the worker thread (an executor's
     * shutdownNow()) does the same for the job it runs.
     */
    public void stop() {
        running = false;
        stoppers.forEach(Runnable::run);
    }

    @Override
    public void run() {
        try {
            while (running && !Thread.currentThread().isInterrupted()) {
                try {
                    Job job = claim();
                    if (job == null) {
                        Thread.sleep(IDLE_MILLIS);
                    } else {
                        process(job);
                    }
                } catch (SQLException e) {
                    System.err.println("job worker: database error, backing off: " + e.getMessage());
                    Thread.sleep(ERROR_BACKOFF_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            heartbeats.shutdownNow();
            deadlines.shutdownNow();
        }
    }

    /** Claims the next due job, or a running one whose lease expired; null when none is due. */
    public Job claim() throws SQLException {
        try (Connection conn = dataSource.getConnection(); PreparedStatement claim = conn.prepareStatement(CLAIM)) {
            conn.setAutoCommit(true); // the claim commits at once; the job runs outside it
            claim.setDouble(1, leaseMillis / 1000.0);
            try (ResultSet rs = claim.executeQuery()) {
                return rs.next() ? new Job(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5)) : null;
            }
        }
    }

    /**
     * Runs one claimed job, heartbeating every lease/3, and records its outcome if this attempt
     * still owns the job. Returns false when the job was taken over meanwhile. On a stopped worker
     * (or a worker thread interrupted by someone else) the job is released: due again at once, its
     * attempt not used up.
     */
    public boolean process(Job job) throws SQLException {
        if (job.attempt() > job.maxAttempts()) {
            // Claimed again after its last attempt's lease expired: it kills or hangs its worker.
            return fail(job, "worker lost: its lease expired on every attempt");
        }
        if (!running) {
            return update(RELEASE, job.id(), job.attempt()) == 1; // claimed as stop() came
        }
        Thread worker = Thread.currentThread();
        Object guard = new Object();
        AtomicBoolean handling = new AtomicBoolean(true);
        AtomicBoolean lost = new AtomicBoolean(false);
        AtomicBoolean late = new AtomicBoolean(false);
        AtomicBoolean stopped = new AtomicBoolean(false);
        Runnable stopper = () -> {
            synchronized (guard) {
                if (handling.get() && !lost.get() && !late.get() && stopped.compareAndSet(false, true)) {
                    worker.interrupt();
                }
            }
        };
        stoppers.add(stopper);
        if (!running) {
            stopper.run(); // stop() came before the stopper was listed: the handler starts told
        }
        ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(() -> {
            try {
                if (update(HEARTBEAT, job.id(), job.attempt()) == 0) {
                    // Taken over: tell the handler (only while it runs, never the worker's next job).
                    synchronized (guard) {
                        if (handling.get() && lost.compareAndSet(false, true)) {
                            worker.interrupt();
                        }
                    }
                    throw new IllegalStateException("job lost"); // ends this heartbeat schedule
                }
            } catch (SQLException e) {
                // a missed beat is harmless: the ownership checks decide
            }
        }, leaseMillis / 3, leaseMillis / 3, TimeUnit.MILLISECONDS);
        // Past the deadline: no more heartbeats (a handler that ignores the interrupt gives up its
        // lease, so the job runs again elsewhere) and the handler is interrupted.
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            beat.cancel(false);
            synchronized (guard) {
                if (handling.get() && !lost.get() && !stopped.get() && late.compareAndSet(false, true)) {
                    worker.interrupt();
                }
            }
        }, handlerTimeoutMillis, TimeUnit.MILLISECONDS);
        String error = null;
        boolean interruptedElsewhere = false;
        try {
            Handler handler = handlers.get(job.kind());
            if (handler == null) {
                throw new IllegalStateException("no handler for job kind " + job.kind());
            }
            handler.handle(job.id(), job.payloadJson());
        } catch (Exception e) {
            error = String.valueOf(e);
            interruptedElsewhere = e instanceof InterruptedException;
        } finally {
            deadline.cancel(false);
            beat.cancel(false);
            stoppers.remove(stopper);
            synchronized (guard) {
                handling.set(false);
            }
        }
        if (lost.get() || late.get() || stopped.get()) {
            Thread.interrupted(); // the interrupt was ours: clear it
        } else if (interruptedElsewhere || Thread.currentThread().isInterrupted()) {
            // Not ours: someone is shutting this thread down (shutdownNow). The release runs with the
            // flag cleared (a pool that must wait for a connection refuses an interrupted thread,
            // HikariCP for one, and the job would stay running until its lease lapsed, an attempt
            // used up), then the flag is set again for them.
            Thread.interrupted();
            try {
                return update(RELEASE, job.id(), job.attempt()) == 1;
            } finally {
                worker.interrupt();
            }
        }
        if (lost.get()) {
            return false;
        }
        if (stopped.get()) {
            return update(RELEASE, job.id(), job.attempt()) == 1;
        }
        if (late.get()) {
            // Failed even if the handler returned normally: told to stop, it may have stopped
            // half-way (a loop on isInterrupted(), a caught InterruptedException).
            error = "handler ran past its " + handlerTimeoutMillis + " ms deadline" + (error == null ? "" : ": " + error);
        }
        return error == null ? update(SUCCEED, job.id(), job.attempt()) == 1 : fail(job, error);
    }

    private boolean fail(Job job, String error) throws SQLException {
        // Exponential backoff with full jitter, capped at ten minutes.
        double delaySeconds = ThreadLocalRandom.current().nextDouble() * Math.min(600, Math.pow(2, job.attempt()));
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(FAIL)) {
            conn.setAutoCommit(true);
            ps.setDouble(1, delaySeconds);
            ps.setString(2, error);
            ps.setLong(3, job.id());
            ps.setInt(4, job.attempt());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private int update(String sql, long id, int attempt) throws SQLException {
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            conn.setAutoCommit(true);
            ps.setLong(1, id);
            ps.setInt(2, attempt);
            return ps.executeUpdate();
        }
    }
}
$0
