import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/** job-queue, Java: each job once; a stalled attempt is refused; heartbeats hold; crash loops and poison jobs are dead-lettered. */
public final class JobQueueProof {
    static DataSource ds;

    static void exec(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.execute();
        }
    }

    static Object one(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    static long enqueue(String kind, int maxAttempts) throws SQLException {
        return ((Number) one("INSERT INTO jobs (kind, max_attempts) VALUES (?, ?) RETURNING id", kind, maxAttempts)).longValue();
    }

    static String state(long id) throws SQLException {
        return (String) one("SELECT status || '/' || attempts FROM jobs WHERE id = ?", id);
    }

    static void until(String what, BooleanSupplier cond) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            if (cond.getAsBoolean()) return;
            Thread.sleep(25);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    interface SqlCondition {
        boolean holds() throws SQLException;
    }

    /** until(), for a condition that reads the database. */
    static void untilSql(String what, SqlCondition cond) throws InterruptedException {
        until(what, () -> {
            try {
                return cond.holds();
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Nothing left claimable: every queued or running job is marked succeeded. */
    static void settleQueue() throws SQLException {
        exec("UPDATE jobs SET status = 'succeeded', locked_at = NULL WHERE status IN ('queued', 'running')");
    }

    /** Starts worker.process(job) on a new thread; its outcome lands in result[slot]. */
    static Thread processing(JobWorker worker, JobWorker.Job job, boolean[] result, int slot) {
        return processing(worker, job, result, slot, e -> {
            throw new RuntimeException(e);
        });
    }

    static Thread processing(JobWorker worker, JobWorker.Job job, boolean[] result, int slot,
            java.util.function.Consumer<SQLException> onError) {
        Thread t = new Thread(() -> {
            try {
                result[slot] = worker.process(job);
            } catch (SQLException e) {
                onError.accept(e);
            }
        });
        t.start();
        return t;
    }

    /**
     * Processes job (claimed by worker, whose handler outlives its 200 ms deadline) on a thread, joins
     * it with a guard against a hang, and checks the attempt is recorded as failed at its deadline
     * and queued to retry.
     */
    static void failsAtDeadline(JobWorker worker, JobWorker.Job job, String hangMessage, String failedMessage) throws Exception {
        boolean[] result = new boolean[1];
        Thread t = processing(worker, job, result, 0);
        t.join(60_000); // a guard against a hang, not a measured time
        Check.check(!t.isAlive(), hangMessage);
        Check.check(result[0], "the failure is recorded");
        Check.equal(one("SELECT status || '/' || attempts || '/' || (coalesce(last_error, '') LIKE '%ran past its 200 ms deadline%') FROM jobs WHERE id = ?", job.id()),
            "queued/1/true", failedMessage);
    }

    public static void main(String[] args) throws Exception {
        ds = Check.dataSource();
        manyWorkers();
        stalledWorker();
        heartbeats();
        crashLoop();
        lostJobInterruptsHandler();
        backoffIsCapped();
        leaseOutOfRangeIsRefused();
        handlerDeadline();
        handlerThatReturnsAtItsDeadlineFails();
        cancelledTimersLeaveTheQueue();
        stopReleasesTheJob();
        deadlineDoesNotWaitForAStuckHeartbeat();
        outsideInterruptReleasesThroughAPool();
        Check.passed();
    }

    /**
     * A lease the worker cannot use is refused by the constructor, with its name: 0 or less made
     * claim() take running jobs from live workers, 1 or 2 gave a heartbeat period of 0 (the worker
     * thread died at its first job), and a lease past PostgreSQL's reach made every claim fail.
     */
    static void leaseOutOfRangeIsRefused() throws Exception {
        for (long lease : new long[] {0, -1, -60_000, 1, 2, Integer.MAX_VALUE + 1L, Long.MAX_VALUE}) {
            try {
                new JobWorker(ds, Map.of(), lease);
                throw new AssertionError("a lease of " + lease + " ms was taken");
            } catch (IllegalArgumentException e) {
                Check.check(e.getMessage().contains("leaseMillis") && e.getMessage().contains(Long.toString(lease)),
                    "the refusal names leaseMillis and the value: " + e.getMessage());
            }
        }
        exec("UPDATE jobs SET status = 'dead', locked_at = NULL WHERE status IN ('queued', 'running')"); // earlier steps' leftovers
        long id = enqueue("short", 3);
        JobWorker shortest = new JobWorker(ds, Map.of("short", (jobId, payload) -> { }), 3);
        JobWorker.Job job = shortest.claim();
        Check.equal(job.id(), id, "a 3 ms lease claims");
        Check.check(shortest.process(job), "and runs its job (a heartbeat every 1 ms)");
        Check.equal(state(id), "succeeded/1", "once");
        new JobWorker(ds, Map.of(), Integer.MAX_VALUE).claim(); // the longest lease still claims
    }

    /**
     * A handler past its deadline is interrupted and its attempt fails (queued again, the error
     * saying so). One that ignores the interrupt keeps its thread, but its heartbeat stops, so
     * another worker takes the job over once the lease lapses, and its late outcome is refused.
     */
    static void handlerDeadline() throws Exception {
        for (long bad : new long[] {0, -1, Integer.MAX_VALUE + 1L}) {
            try {
                new JobWorker(ds, Map.of(), 60_000, bad);
                throw new AssertionError("a handler deadline of " + bad + " ms was taken");
            } catch (IllegalArgumentException e) {
                Check.check(e.getMessage().contains("handlerTimeoutMillis"), "named: " + e.getMessage());
            }
        }
        long id = enqueue("hangs", 5);
        JobWorker worker = new JobWorker(ds, Map.of("hangs", (jobId, payload) -> new CountDownLatch(1).await()), 60_000, 200);
        JobWorker.Job job = worker.claim();
        Check.equal(job.id(), id, "claimed");
        failsAtDeadline(worker, job, "the handler still ran 60 s later: it has no deadline",
            "the attempt failed at its deadline and is queued to retry");

        // Nothing else claimable, so the claims below can only be the deaf job.
        settleQueue();
        long deaf = enqueue("deaf", 5);
        CountDownLatch release = new CountDownLatch(1);
        List<String> told = new CopyOnWriteArrayList<>();
        JobWorker stuck = new JobWorker(ds, Map.of("deaf", (jobId, payload) -> {
            for (;;) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException e) {
                    told.add("interrupted"); // and ignored
                }
            }
        }), 300, 200);
        JobWorker.Job claimed = stuck.claim();
        Check.equal(claimed.id(), deaf, "the deaf job was claimed");
        boolean[] outcome = {true};
        Thread s = processing(stuck, claimed, outcome, 0);
        JobWorker other = new JobWorker(ds, Map.of(), 300);
        JobWorker.Job[] takeover = new JobWorker.Job[1];
        try {
            untilSql("another worker takes the deaf job over", () -> (takeover[0] = other.claim()) != null);
        } finally {
            release.countDown();
        }
        s.join(60_000);
        Check.check(!s.isAlive(), "the deaf handler returned once released");
        Check.equal(takeover[0].id(), deaf, "taken over after the heartbeat stopped at the deadline");
        Check.equal(told, List.of("interrupted"), "the handler was told at its deadline");
        Check.check(!outcome[0], "its late outcome is refused");
        Check.equal(state(deaf), "running/2", "the new owner's attempt is untouched");
    }

    /**
     * A handler that honours the deadline's interrupt by returning normally (it polls
     * isInterrupted(), or catches InterruptedException and returns, as the Handler doc invites) has
     * stopped half-way: its attempt fails and is queued to retry, it is not recorded as succeeded.
     */
    static void handlerThatReturnsAtItsDeadlineFails() throws Exception {
        List<String> stopped = new CopyOnWriteArrayList<>();
        JobWorker.Handler polls = (jobId, payload) -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            stopped.add("polled");
        };
        JobWorker.Handler swallows = (jobId, payload) -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                stopped.add("caught");
            }
        };
        int n = 0;
        for (JobWorker.Handler handler : List.of(polls, swallows)) {
            settleQueue(); // nothing else claimable (the job queued again before included)
            long id = enqueue("quiet" + n, 5);
            JobWorker worker = new JobWorker(ds, Map.of("quiet" + n, handler), 60_000, 200);
            n++;
            JobWorker.Job job = worker.claim();
            Check.equal(job.id(), id, "claimed");
            failsAtDeadline(worker, job, "the handler still ran 60 s later",
                "a handler stopped at its deadline fails its attempt, even if it returned normally");
        }
        Check.equal(stopped, List.of("polled", "caught"), "both handlers stopped at their deadline");
    }

    /**
     * A finished job's deadline (30 minutes by default) and heartbeat timers are cancelled, and
     * leave the scheduler's queue at once: kept there until they would have fired, every job of the
     * last 30 minutes would hold a slot in it (memory growing with the throughput).
     */
    static void cancelledTimersLeaveTheQueue() throws Exception {
        settleQueue();
        JobWorker worker = new JobWorker(ds, Map.of("quick", (jobId, payload) -> { }));
        for (int i = 0; i < 20; i++) {
            enqueue("quick", 5);
            Check.check(worker.process(worker.claim()), "a quick job succeeds");
        }
        for (java.lang.reflect.Field field : JobWorker.class.getDeclaredFields()) {
            if (!java.util.concurrent.ScheduledExecutorService.class.isAssignableFrom(field.getType())) continue;
            field.setAccessible(true);
            Object scheduler = field.get(worker);
            Check.check(scheduler instanceof java.util.concurrent.ThreadPoolExecutor, "the scheduler's queue can be read: " + scheduler.getClass());
            Check.equal(((java.util.concurrent.ThreadPoolExecutor) scheduler).getQueue().size(), 0,
                "no cancelled timer of the 20 finished jobs is left in the queue of " + field.getName());
        }
    }

    /**
     * A worker stopped mid-job hands the job back due at once without using up an attempt, as the
     * TypeScript and Go workers do: by stop() (the handler is interrupted, whether it then throws or
     * returns), by an interrupt of the worker thread from outside (an executor's shutdownNow()), and
     * for a job claimed as stop() came (its handler never runs). Before, stop() left the handler
     * running untold, and an interrupt failed the attempt (queued/1 with the error).
     */
    static void stopReleasesTheJob() throws Exception {
        for (String how : List.of("stop, handler throws", "stop, handler returns", "interrupt from outside")) {
            settleQueue();
            long id = enqueue("stoppable", 5);
            CountDownLatch started = new CountDownLatch(1);
            List<String> told = new CopyOnWriteArrayList<>();
            JobWorker worker = new JobWorker(ds, Map.of("stoppable", (jobId, payload) -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    told.add("interrupted");
                    if (!how.equals("stop, handler returns")) throw e;
                }
            }));
            Thread t = new Thread(worker);
            t.setDaemon(true); // an untold handler must not keep the proof's JVM alive
            t.start();
            started.await();
            if (how.startsWith("stop")) worker.stop(); else t.interrupt();
            t.join(60_000); // a guard against a hang, not a measured time
            Check.check(!t.isAlive(), how + ": the worker thread still ran 60 s later (its handler was not told, or its loop went on)");
            Check.equal(told, List.of("interrupted"), how + ": the handler was told");
            Check.equal(one("SELECT status || '/' || attempts || '/' || (run_at <= now()) || '/' || coalesce(last_error, '-') FROM jobs WHERE id = ?", id),
                "queued/0/true/-", how + ": released, due at once, no attempt used, no error recorded");
        }
        settleQueue();
        long id = enqueue("stoppable", 5);
        List<String> ran = new CopyOnWriteArrayList<>();
        JobWorker worker = new JobWorker(ds, Map.of("stoppable", (jobId, payload) -> ran.add("ran")));
        JobWorker.Job job = worker.claim();
        Check.equal(job.id(), id, "claimed");
        worker.stop();
        Check.check(worker.process(job), "a job claimed as stop() came is released");
        Check.equal(ran, List.of(), "its handler does not start");
        Check.equal(state(id), "queued/0", "no attempt used");
        // The release is fenced by the attempt: a job whose lease lapsed and that another worker
        // took over (attempt 2) is not handed back by the worker that lost it.
        settleQueue();
        id = enqueue("stoppable", 5);
        JobWorker loser = new JobWorker(ds, Map.of("stoppable", (jobId, payload) -> ran.add("ran")));
        job = loser.claim();
        Check.equal(job.id(), id, "claimed");
        exec("UPDATE jobs SET attempts = attempts + 1, locked_at = now() WHERE id = ?", id); // taken over
        loser.stop();
        Check.check(!loser.process(job), "release fenced: a job taken over is not released by the worker that lost it");
        Check.equal(state(id), "running/2", "release fenced: the new owner keeps the job and its attempt");
        // Fenced by status too: a job dead-lettered by an operator while it ran (same attempt) is not
        // put back in the queue by the stopped worker.
        settleQueue();
        id = enqueue("stoppable", 5);
        job = loser.claim();
        Check.equal(job.id(), id, "claimed");
        exec("UPDATE jobs SET status = 'dead', locked_at = NULL WHERE id = ?", id);
        Check.check(!loser.process(job), "release fenced: a job no longer running is not released");
        Check.equal(state(id), "dead/1", "release fenced: a dead-lettered job stays dead");
    }

    /**
     * An interrupt from outside (shutdownNow()) releases the job through a pool too. A pool that has
     * to wait for a connection gives up on an interrupted thread (HikariCP's getConnection throws
     * "Interrupted during connection acquisition"): the release, made with the interrupt flag still
     * set, failed there, the job stayed running until its lease ran out, and the worker that took it
     * over then used up an attempt. Here the pool is always that busy: any getConnection on an
     * interrupted thread throws. The flag is kept for the loop, which ends.
     */
    static void outsideInterruptReleasesThroughAPool() throws Exception {
        settleQueue();
        long id = enqueue("stoppable", 5);
        DataSource busyPool = refusingConnections(() -> Thread.currentThread().isInterrupted(), "pool: interrupted during connection acquisition");
        CountDownLatch started = new CountDownLatch(1);
        JobWorker worker = new JobWorker(busyPool, Map.of("stoppable", (jobId, payload) -> {
            started.countDown();
            new CountDownLatch(1).await();
        }));
        interruptFromOutside(worker, started, "interrupt from outside, busy pool", "");
        Check.equal(one("SELECT status || '/' || attempts || '/' || (run_at <= now()) FROM jobs WHERE id = ?", id),
            "queued/0/true", "interrupt from outside, busy pool: the job is released (no attempt used), not left running until its lease lapses");
        // The release itself fails (the database is gone): the flag is set again all the same, so the
        // loop ends instead of sleeping off the error and claiming on.
        settleQueue();
        id = enqueue("stoppable", 5);
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(false);
        DataSource failing = refusingConnections(down::get, "database down");
        CountDownLatch started2 = new CountDownLatch(1);
        JobWorker worker2 = new JobWorker(failing, Map.of("stoppable", (jobId, payload) -> {
            down.set(true);
            started2.countDown();
            new CountDownLatch(1).await();
        }));
        interruptFromOutside(worker2, started2, "interrupt from outside, release failing", " (its flag was lost)");
    }

    /** ds, but getConnection throws SQLException(message) whenever refuse says so. */
    private static DataSource refusingConnections(BooleanSupplier refuse, String message) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(
            DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                if (method.getName().equals("getConnection") && refuse.getAsBoolean()) {
                    throw new SQLException(message);
                }
                try {
                    return method.invoke(ds, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    /** Runs the worker on its own thread, interrupts it once its handler started, and checks that it ends keeping its flag. */
    private static void interruptFromOutside(JobWorker worker, CountDownLatch started, String when, String ifAlive) throws InterruptedException {
        boolean[] interruptedAtEnd = new boolean[1];
        Thread t = new Thread(() -> {
            worker.run();
            interruptedAtEnd[0] = Thread.currentThread().isInterrupted();
        });
        t.setDaemon(true);
        t.start();
        started.await();
        t.interrupt();
        t.join(60_000); // a guard against a hang, not a measured time
        Check.check(!t.isAlive(), when + ": the worker thread still ran 60 s later" + ifAlive);
        Check.check(interruptedAtEnd[0], when + ": the worker thread keeps its interrupt flag");
    }

    /**
     * The deadline does not wait for a heartbeat stuck in its UPDATE (here on the job row's lock,
     * held by another session; a full pool or a dead connection do the same). On one shared thread
     * the deadline's interrupt waited until the heartbeat returned: the handler ran on past it, told
     * nothing, for as long as the lock was held.
     */
    static void deadlineDoesNotWaitForAStuckHeartbeat() throws Exception {
        settleQueue();
        long id = enqueue("blocked", 5);
        CountDownLatch told = new CountDownLatch(1);
        JobWorker worker = new JobWorker(ds, Map.of("blocked", (jobId, payload) -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                told.countDown();
                throw e;
            }
        }), 300, 200); // a heartbeat every 100 ms, the deadline at 200 ms
        JobWorker.Job job = worker.claim();
        Check.equal(job.id(), id, "claimed");
        boolean[] result = new boolean[1];
        Thread t;
        try (Connection locker = ds.getConnection()) {
            locker.setAutoCommit(false);
            try (PreparedStatement ps = locker.prepareStatement("SELECT id FROM jobs WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                ps.executeQuery().close();
            }
            t = processing(worker, job, result, 0);
            untilSql("a heartbeat waits on the row lock", () -> ((Number) one(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE jobs SET locked_at%'")).intValue() > 0);
            // A guard against a hang, not a measured time: the deadline is 200 ms.
            Check.check(told.await(60, java.util.concurrent.TimeUnit.SECONDS),
                "the handler was interrupted at its deadline while a heartbeat was stuck");
            locker.rollback();
        }
        t.join(60_000);
        Check.check(!t.isAlive() && result[0], "the failure is recorded once the lock is gone");
        Check.equal(one("SELECT status || '/' || attempts || '/' || (coalesce(last_error, '') LIKE '%ran past its 200 ms deadline%') FROM jobs WHERE id = ?", id),
            "queued/1/true", "the attempt failed at its deadline");
    }

    /** The heartbeat finds the attempt taken over: the handler's thread is interrupted. */
    static void lostJobInterruptsHandler() throws Exception {
        long id = enqueue("long", 5);
        CountDownLatch started = new CountDownLatch(1);
        List<String> told = new CopyOnWriteArrayList<>();
        JobWorker worker = new JobWorker(ds, Map.of("long", (jobId, payload) -> {
            started.countDown();
            try {
                Thread.sleep(20_000);
                told.add("slept on");
            } catch (InterruptedException e) {
                told.add("interrupted");
            }
        }), 300);
        JobWorker.Job job = worker.claim();
        Check.equal(job.id(), id, "claimed");
        boolean[] result = new boolean[1];
        Thread t = processing(worker, job, result, 0, e -> told.add("process failed: " + e));
        started.await();
        exec("UPDATE jobs SET attempts = attempts + 1 WHERE id = ?", id); // another worker took over
        t.join(30_000);
        Check.equal(told, List.of("interrupted"), "the handler learns it lost the job");
        Check.check(!result[0], "and its outcome is not recorded");
        Check.equal(state(id), "running/2", "the new owner's attempt is untouched");
    }

    /**
     * A job that failed many times retries at most ten minutes later: the backoff's ceiling is
     * capped (uncapped, the 30th attempt's ceiling would be 2^30 s, some 34 years). The row is set
     * up as its 30th attempt directly, so no other job can be claimed instead.
     */
    static void backoffIsCapped() throws Exception {
        long id = enqueue("flaky", 100);
        exec("UPDATE jobs SET status = 'running', attempts = 30, locked_at = now() WHERE id = ?", id);
        JobWorker worker = new JobWorker(ds, Map.of("flaky", (jobId, payload) -> {
            throw new IllegalStateException("still down");
        }));
        Check.check(worker.process(new JobWorker.Job(id, "flaky", "{}", 30, 100)), "the failure is recorded");
        Check.equal(one("SELECT status || '/' || (run_at <= now() + interval '10 minutes') FROM jobs WHERE id = ?", id),
            "queued/true", "queued again, due at most ten minutes later");
    }

    static void manyWorkers() throws Exception {
        exec("CREATE OR REPLACE FUNCTION no_backoff() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN IF NEW.status = 'queued' THEN NEW.run_at := now(); END IF; RETURN NEW; END $$");
        exec("CREATE TRIGGER no_backoff BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION no_backoff()");
        List<Long> want = new ArrayList<>();
        for (int i = 0; i < 120; i++) want.add(enqueue("work", 5));
        long poison = enqueue("poison", 3);
        List<Long> got = new CopyOnWriteArrayList<>();
        AtomicInteger poisonRuns = new AtomicInteger();
        Map<String, JobWorker.Handler> handlers = Map.of(
            "work", (id, payload) -> got.add(id),
            "poison", (id, payload) -> {
                poisonRuns.incrementAndGet();
                throw new IllegalStateException("always fails");
            });
        List<JobWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            JobWorker worker = new JobWorker(ds, handlers);
            workers.add(worker);
            Thread t = new Thread(worker);
            threads.add(t);
            t.start();
        }
        untilSql("every job finished",
            () -> ((Number) one("SELECT count(*) FROM jobs WHERE status NOT IN ('succeeded', 'dead')")).intValue() == 0);
        for (JobWorker w : workers) w.stop();
        for (Thread t : threads) t.interrupt();
        for (Thread t : threads) t.join();
        exec("DROP TRIGGER no_backoff ON jobs");
        List<Long> sorted = new ArrayList<>(got);
        Collections.sort(sorted);
        Check.equal(sorted, want, "each job processed once, none twice");
        Check.equal(poisonRuns.get(), 3, "the failing job ran exactly max_attempts times");
        Check.equal(one("SELECT job_id || '/' || attempts FROM jobs_dead_letter"), poison + "/3", "dead-lettered after 3 attempts");
        Check.check(((String) one("SELECT last_error FROM jobs_dead_letter")).contains("always fails"), "the dead letter keeps the error");
    }

    static void stalledWorker() throws Exception {
        long id = enqueue("slow", 5);
        List<CountDownLatch> gates = List.of(new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1));
        boolean[] fails = {false, true, false};
        AtomicInteger runs = new AtomicInteger();
        Map<String, JobWorker.Handler> handlers = Map.of("slow", (jobId, payload) -> {
            int n = runs.getAndIncrement();
            gates.get(n).await();
            if (fails[n]) throw new IllegalStateException("attempt " + (n + 1) + " failed");
        });
        JobWorker a = new JobWorker(ds, handlers, 60_000);
        JobWorker b = new JobWorker(ds, handlers, 60_000);
        JobWorker.Job ja = a.claim();
        Check.equal(ja.attempt(), 1, "first claim");
        boolean[] results = new boolean[2];
        Thread ta = processing(a, ja, results, 0);
        until("A runs", () -> runs.get() == 1);
        Check.check(b.claim() == null, "a live lease is not taken over");
        exec("UPDATE jobs SET locked_at = now() - interval '1 hour' WHERE id = ?", id);
        JobWorker.Job jb = b.claim();
        Check.check(jb != null && jb.id() == id && jb.attempt() == 2, "an expired lease is taken over: " + jb);
        Thread tb = processing(b, jb, results, 1);
        until("B runs", () -> runs.get() == 2);
        gates.get(0).countDown();
        ta.join();
        Check.equal(results[0], false, "A learns it lost the job");
        Check.equal(state(id), "running/2", "A's late success does not finish B's run");
        gates.get(1).countDown();
        tb.join();
        Check.equal(results[1], true, "B owns its failure");
        Check.equal(state(id), "queued/2", "B's failure requeues");
        exec("UPDATE jobs SET run_at = now() WHERE id = ?", id);
        JobWorker.Job jc = a.claim();
        gates.get(2).countDown();
        Check.equal(a.process(jc), true, "C succeeds");
        Check.equal(state(id), "succeeded/3", "C's success stands");
    }

    static void heartbeats() throws Exception {
        long id = enqueue("long", 5);
        long lease = 1500;
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobWorker a = new JobWorker(ds, Map.of("long", (jobId, payload) -> {
            started.countDown();
            release.await();
        }), lease);
        JobWorker other = new JobWorker(ds, Map.of(), lease);
        JobWorker.Job job = a.claim();
        boolean[] ok = new boolean[1];
        Thread t = processing(a, job, ok, 0);
        started.await();
        Object[] last = {one("SELECT locked_at FROM jobs WHERE id = ?", id)};
        for (int beat = 0; beat < 4; beat++) {
            untilSql("a heartbeat", () -> {
                Object now = one("SELECT locked_at FROM jobs WHERE id = ?", id);
                if (now.equals(last[0])) return false;
                last[0] = now;
                return true;
            });
            Check.check(other.claim() == null, "a heartbeating job is not taken over");
        }
        release.countDown();
        t.join();
        Check.equal(ok[0], true, "the long job completes");
        Check.equal(state(id), "succeeded/1", "it ran once");
    }

    static void crashLoop() throws Exception {
        long id = enqueue("crashes", 2);
        AtomicInteger runs = new AtomicInteger();
        JobWorker w = new JobWorker(ds, Map.of("crashes", (jobId, payload) -> runs.incrementAndGet()), 60_000);
        for (int attempt = 1; attempt <= 2; attempt++) {
            JobWorker.Job j = w.claim();
            Check.equal(j.attempt(), attempt, "claim " + attempt);
            exec("UPDATE jobs SET locked_at = now() - interval '1 hour' WHERE id = ?", id);
        }
        JobWorker.Job j = w.claim();
        Check.equal(w.process(j), true, "buried");
        Check.equal(runs.get(), 0, "the handler does not run past max_attempts");
        Check.equal(state(id), "dead/3", "dead");
        Check.check(((String) one("SELECT last_error FROM jobs_dead_letter WHERE job_id = ?", id)).contains("lease expired"), "the dead letter says why");
    }
}
