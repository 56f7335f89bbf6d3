import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a saga: local steps in order, and on failure the compensations of completed steps in
 * reverse order. Compensations are retried; one that still fails parks the saga for an operator
 * rather than leaving the system silently half done.
 */
public final class ${1:SagaOrchestrator}<C> {
    public interface Step<C> {
        String name();

        /** Idempotent local action. */
        void execute(C context) throws Exception;

        /** Idempotent semantic undo; must tolerate "nothing to undo". */
        default void compensate(C context) throws Exception {
        }
    }

    /** Persists progress so a restarted orchestrator knows what is done and what to undo. */
    public interface Log {
        void record(String sagaId, String status, List<String> completedSteps, String error);
    }

    public enum Outcome { COMPLETED, COMPENSATED, NEEDS_ATTENTION }

    private final Log log;
    private final int compensationAttempts;

    public $1(Log log) {
        this.log = log;
        this.compensationAttempts = ${2:5};
    }

    public Outcome run(String sagaId, List<Step<C>> steps, C context) throws InterruptedException {
        Deque<Step<C>> completed = new ArrayDeque<>();
        for (Step<C> step : steps) {
            try {
                step.execute(context);
                completed.push(step);
                log.record(sagaId, "running", names(completed), null);
            } catch (Exception failure) {
                String reason = "step " + step.name() + " failed: " + failure.getMessage();
                log.record(sagaId, "compensating", names(completed), reason);
                while (!completed.isEmpty()) {
                    Step<C> done = completed.peek();
                    if (!compensateWithRetry(done, context)) {
                        log.record(sagaId, "needs-attention", names(completed),
                            reason + "; compensation of " + done.name() + " keeps failing");
                        return Outcome.NEEDS_ATTENTION;
                    }
                    completed.pop();
                    log.record(sagaId, "compensating", names(completed), reason);
                }
                log.record(sagaId, "compensated", List.of(), reason);
                return Outcome.COMPENSATED;
            }
        }
        log.record(sagaId, "completed", names(completed), null);
        return Outcome.COMPLETED;
    }

    private boolean compensateWithRetry(Step<C> step, C context) throws InterruptedException {
        for (int attempt = 1; attempt <= compensationAttempts; attempt++) {
            try {
                step.compensate(context);
                return true;
            } catch (Exception e) {
                // Exponential backoff with full jitter between attempts.
                Thread.sleep(ThreadLocalRandom.current().nextLong((100L << Math.min(attempt, 10)) + 1));
            }
        }
        return false;
    }

    private static <C> List<String> names(Deque<Step<C>> completed) {
        return completed.stream().map(Step::name).toList();
    }
}
$0
