import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * A worker for the PostgreSQL job queue. Jobs are claimed with FOR UPDATE SKIP LOCKED, so any
 * number of workers can run without taking the same job; failures are retried with exponential
 * backoff and land in the dead-letter table once their attempts are used up.
 */
public final class ${1:JobWorker} implements Runnable {
    /** Runs one job; must be idempotent, because a job whose worker died runs again. */
    public interface Handler {
        void handle(long jobId, String payloadJson) throws Exception;
    }

    private static final String CLAIM =
        "UPDATE ${2:jobs} SET status = 'running', attempts = attempts + 1, locked_at = now(), updated_at = now()"
            + " WHERE id = (SELECT id FROM $2 WHERE status = 'queued' AND run_at <= now()"
            + " ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING id, kind, payload::text, attempts, max_attempts";

    private final DataSource dataSource;
    private final Map<String, Handler> handlers;
    private volatile boolean running = true;

    public $1(DataSource dataSource, Map<String, Handler> handlers) {
        this.dataSource = dataSource;
        this.handlers = handlers;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                if (!processOne()) {
                    Thread.sleep(${3:1000});
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                System.err.println("job worker: database error, backing off: " + e.getMessage());
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Claims and runs one job; false when none was due. */
    boolean processOne() throws SQLException {
        long id;
        String kind;
        String payload;
        int attempts;
        int maxAttempts;
        try (Connection conn = dataSource.getConnection(); PreparedStatement claim = conn.prepareStatement(CLAIM)) {
            conn.setAutoCommit(true); // the claim commits at once; the job runs outside it
            try (ResultSet rs = claim.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                id = rs.getLong(1);
                kind = rs.getString(2);
                payload = rs.getString(3);
                attempts = rs.getInt(4);
                maxAttempts = rs.getInt(5);
            }
        }
        try {
            Handler handler = handlers.get(kind);
            if (handler == null) {
                throw new IllegalStateException("no handler for job kind " + kind);
            }
            handler.handle(id, payload);
            execute("UPDATE $2 SET status = 'succeeded', locked_at = NULL, updated_at = now() WHERE id = ?", id);
        } catch (Exception e) {
            fail(id, attempts, maxAttempts, String.valueOf(e));
        }
        return true;
    }

    private void fail(long id, int attempts, int maxAttempts, String error) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try {
                if (attempts >= maxAttempts) {
                    update(conn, "UPDATE $2 SET status = 'dead', last_error = ?, updated_at = now() WHERE id = ?", error, id);
                    update(conn, "INSERT INTO $2_dead_letter (job_id, kind, payload, attempts, last_error)"
                        + " SELECT id, kind, payload, attempts, last_error FROM $2 WHERE id = ?", id);
                } else {
                    // Exponential backoff with full jitter, capped at ten minutes.
                    double delaySeconds = ThreadLocalRandom.current().nextDouble() * Math.min(600, Math.pow(2, attempts));
                    update(conn, "UPDATE $2 SET status = 'queued', locked_at = NULL, last_error = ?, updated_at = now(),"
                        + " run_at = now() + make_interval(secs => ?) WHERE id = ?", error, delaySeconds, id);
                }
                conn.commit();
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            }
        }
    }

    private void execute(String sql, Object... args) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            update(conn, sql, args);
        }
    }

    private static void update(Connection conn, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
$0
