import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a saga: local steps in order, saving progress (and each step's result) after each, and on
 * failure the compensations of the failed step and the steps before it, in reverse order, each
 * with the result its step returned, also when a new orchestrator resumes after a crash. Compensations are retried; one that
 * still fails parks the saga for an operator, with its error in the log, rather than leaving the
 * system silently half done. Calling run again with the same saga id after a crash resumes from the
 * log; a finished saga never runs again. Run one orchestrator per saga id at a time (a lease or a
 * row lock): two at once would both run steps and overwrite each other's log. For durable execution with timers and many services,
 * Temporal (temporal.io) does this bookkeeping for you.
 */
public final class ${1:SagaOrchestrator}<C> {
    public interface Step<C> {
        String name();

        /**
         * Idempotent local action: after a crash it may run again. Returns what its compensation and
         * later steps need (a charge id, JSON), or null; it is saved in the log, so a resumed saga
         * still has it: keep it there, not in the context, which a restarted process builds anew.
         */
        String execute(C context, Map<String, String> results) throws Exception;

        /**
         * Idempotent semantic undo of the action that returned {@code result}; must tolerate
         * "nothing to undo" (it also runs for the failed step, with a null result).
         */
        default void compensate(C context, String result) throws Exception {
        }
    }

    public enum Status { RUNNING, COMPENSATING, NEEDS_ATTENTION, COMPLETED, COMPENSATED }

    /**
     * Saga progress; {@code completed} lists the steps whose effects may exist, in execution order,
     * {@code results} what the finished ones among them returned (non-null results only).
     */
    public record State(Status status, List<String> completed, Map<String, String> results, String error) {
    }

    /** Durable saga progress (a table row keyed by saga id). */
    public interface Log {
        Optional<State> load(String sagaId) throws Exception;

        void save(String sagaId, State state) throws Exception;
    }

    private final Log log;
    private final int compensationAttempts;
    private final long retryBaseMillis;

    public $1(Log log) {
        this(log, ${2:5}, 100);
    }

    public $1(Log log, int compensationAttempts, long retryBaseMillis) {
        if (compensationAttempts < 1 || retryBaseMillis < 0) {
            // Zero attempts would mark a saga COMPENSATED without running a single compensation.
            throw new IllegalArgumentException("compensationAttempts must be >= 1 and retryBaseMillis >= 0, got "
                + compensationAttempts + " and " + retryBaseMillis);
        }
        this.log = log;
        this.compensationAttempts = compensationAttempts;
        this.retryBaseMillis = retryBaseMillis;
    }

    /** Runs or resumes the saga; returns COMPLETED, COMPENSATED or NEEDS_ATTENTION. */
    public Status run(String sagaId, List<Step<C>> steps, C context) throws Exception {
        // The log and the results are keyed by step name: two steps with one name would hand the
        // first one's compensation the second one's result (undoing the wrong thing), and a
        // resumed saga could not tell them apart.
        Map<String, Step<C>> byName = new HashMap<>();
        for (Step<C> step : steps) {
            if (byName.put(step.name(), step) != null) {
                throw new IllegalArgumentException("saga " + sagaId + ": step name " + step.name() + " is used twice");
            }
        }
        State saved = log.load(sagaId).orElse(null);
        if (saved != null && (saved.status() == Status.COMPLETED || saved.status() == Status.COMPENSATED)) {
            return saved.status();
        }
        List<Step<C>> completed = new ArrayList<>();
        Map<String, String> results = new HashMap<>(saved == null ? Map.of() : saved.results());
        for (String name : saved == null ? List.<String>of() : saved.completed()) {
            Step<C> step = byName.get(name);
            if (step == null) {
                throw new IllegalStateException("saga " + sagaId + ": logged step " + name + " is not among the steps");
            }
            completed.add(step);
        }
        if (saved != null && saved.status() != Status.RUNNING) {
            return compensate(sagaId, completed, results, context, saved.error());
        }
        if (!steps.subList(0, Math.min(completed.size(), steps.size())).equals(completed)) {
            throw new IllegalStateException("saga " + sagaId + ": the logged steps are not a prefix of the steps");
        }
        for (Step<C> step : steps.subList(completed.size(), steps.size())) {
            try {
                String result = step.execute(context, Map.copyOf(results));
                if (result != null) {
                    results.put(step.name(), result);
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception failure) {
                completed.add(step); // it may have half happened: its compensation runs too
                return compensate(sagaId, completed, results, context, "step " + step.name() + " failed: " + failure);
            }
            completed.add(step);
            log.save(sagaId, new State(Status.RUNNING, names(completed), Map.copyOf(results), null));
        }
        log.save(sagaId, new State(Status.COMPLETED, names(completed), Map.copyOf(results), null));
        return Status.COMPLETED;
    }

    private Status compensate(String sagaId, List<Step<C>> completed, Map<String, String> results, C context, String reason)
            throws Exception {
        log.save(sagaId, new State(Status.COMPENSATING, names(completed), Map.copyOf(results), reason));
        while (!completed.isEmpty()) {
            Step<C> done = completed.get(completed.size() - 1);
            Exception last = compensateWithRetry(done, context, results.get(done.name()));
            if (last != null) {
                log.save(sagaId, new State(Status.NEEDS_ATTENTION, names(completed), Map.copyOf(results),
                    reason + "; compensation of " + done.name() + " keeps failing: " + last));
                return Status.NEEDS_ATTENTION;
            }
            completed.remove(completed.size() - 1);
            results.remove(done.name());
            log.save(sagaId, new State(Status.COMPENSATING, names(completed), Map.copyOf(results), reason));
        }
        log.save(sagaId, new State(Status.COMPENSATED, List.of(), Map.of(), reason));
        return Status.COMPENSATED;
    }

    /** Null once the compensation succeeded, else its last exception (kept for the log). */
    private Exception compensateWithRetry(Step<C> step, C context, String result) throws InterruptedException {
        Exception last = null;
        for (int attempt = 1; attempt <= compensationAttempts; attempt++) {
            try {
                step.compensate(context, result);
                return null;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
                if (attempt < compensationAttempts) {
                    // Exponential backoff with full jitter between attempts.
                    Thread.sleep(ThreadLocalRandom.current().nextLong(backoffCeilingMillis(retryBaseMillis, attempt) + 1));
                }
            }
        }
        return last;
    }

    /** The backoff doubles at most this many times: the longest ceiling is the base times 2^10. */
    private static final int MAX_DOUBLINGS = 10;
    /**
     * No backoff is longer than 2^31-1 ms (about 24.8 days, the TypeScript variant's limit too): a
     * huge base (a seconds value read as ms twice over, a unit mix-up) would otherwise park a
     * compensation for centuries, with the saga stuck in COMPENSATING.
     */
    private static final long MAX_BACKOFF_MILLIS = Integer.MAX_VALUE;

    /**
     * The longest backoff after failed attempt {@code attempt} (1 or more): {@code base} times
     * 2^min(attempt, 10), capped at MAX_BACKOFF_MILLIS. The cap is tested before the shift, which
     * would overflow a long for a base of 2^53 ms and up (wrapping negative, or to a short backoff).
     */
    static long backoffCeilingMillis(long base, int attempt) {
        int doublings = Math.min(attempt, MAX_DOUBLINGS);
        return base > MAX_BACKOFF_MILLIS >> doublings ? MAX_BACKOFF_MILLIS : base << doublings;
    }

    private static <C> List<String> names(List<Step<C>> steps) {
        return steps.stream().map(Step::name).toList();
    }
}
$0
