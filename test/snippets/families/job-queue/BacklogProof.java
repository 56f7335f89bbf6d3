import java.util.Map;

/** job-queue, Java: one claim against a large due backlog; the spec reads its plan from the server log. */
public final class BacklogProof {
    public static void main(String[] args) throws Exception {
        JobWorker worker = new JobWorker(Check.dataSource(), Map.of(), 60_000);
        Check.check(worker.claim() != null, "a due job is claimed");
        Check.passed();
    }
}
