import java.util.Map;

/**
 * job-queue, Java, run on the variant as inserted with an idle pause (tab stop 4) of 0 or less, or
 * one whose int arithmetic overflowed (30 * 24 * 3600 * 1000 is -1702967296): the constructor
 * refuses it, naming IDLE_MILLIS. Such a pause used to be taken, and Thread.sleep threw
 * IllegalArgumentException, ending the worker thread, the first time the queue ran dry.
 */
public final class JobQueueIdleProof {
    public static void main(String[] args) throws Exception {
        for (boolean defaultLease : new boolean[] {true, false}) {
            try {
                if (defaultLease) {
                    new JobWorker(Check.dataSource(), Map.of());
                } else {
                    new JobWorker(Check.dataSource(), Map.of(), 60_000);
                }
                throw new AssertionError("an idle pause of " + args[0] + " was taken");
            } catch (IllegalArgumentException e) {
                Check.check(e.getMessage().contains("IDLE_MILLIS") && e.getMessage().contains(args[0]),
                    "the refusal names IDLE_MILLIS and the value: " + e.getMessage());
            }
        }
        Check.passed();
    }
}
