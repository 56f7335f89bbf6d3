import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;
import javax.sql.DataSource;

/**
 * Read-modify-write of one row under optimistic concurrency control. The UPDATE matches only while
 * the row keeps the version we read; an update count of 0 means another writer won, so we re-read
 * and recompute instead of overwriting their change.
 */
public final class ${1:OptimisticUpdater} {
    private static final String READ = "SELECT ${2:quantity}, version FROM ${3:items} WHERE id = ?";
    // The version wraps to 1 after 2147483647 (the integer column's largest) instead of failing
    // every later write with "integer out of range" (see the SQL variant).
    private static final String WRITE =
        "UPDATE $3 SET $2 = ?, version = version % 2147483647 + 1, updated_at = now() WHERE id = ? AND version = ?";

    private final DataSource dataSource;
    private final int maxAttempts;

    public $1(DataSource dataSource, int maxAttempts) {
        // Refused up front: 0 or a negative count would make no attempt at all and still report
        // the row as lost to concurrent writers.
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, got " + maxAttempts);
        }
        this.dataSource = dataSource;
        this.maxAttempts = maxAttempts;
    }

    public long update(long id, LongUnaryOperator change) throws SQLException, InterruptedException {
        SQLException lastConflict = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try (Connection conn = dataSource.getConnection()) {
                // A pool may hand out connections with autocommit off (HikariCP's autoCommit=false,
                // for one): the UPDATE is then part of an open transaction that closing the
                // connection rolls back, and the caller would be told of a write that never happened.
                // Each attempt is one transaction of its own, committed here, and rolled back here
                // when it loses or throws: not every pool rolls back a returned connection (Tomcat
                // jdbc-pool's rollbackOnReturn is off by default), and the next borrower would
                // inherit the open transaction, or an aborted one that refuses its every statement.
                boolean manual = !conn.getAutoCommit();
                try {
                    long value;
                    long version;
                    try (PreparedStatement read = conn.prepareStatement(READ)) {
                        read.setLong(1, id);
                        try (ResultSet rs = read.executeQuery()) {
                            if (!rs.next()) {
                                throw new SQLException("row " + id + " not found");
                            }
                            value = rs.getLong(1);
                            version = rs.getLong(2);
                        }
                    }
                    long next = change.applyAsLong(value);
                    try (PreparedStatement write = conn.prepareStatement(WRITE)) {
                        write.setLong(1, next);
                        write.setLong(2, id);
                        write.setLong(3, version);
                        if (write.executeUpdate() == 1) {
                            if (manual) {
                                conn.commit();
                            }
                            return next;
                        }
                    }
                    if (manual) {
                        conn.rollback();
                    }
                } catch (SQLException | RuntimeException | Error e) {
                    if (manual) {
                        try {
                            conn.rollback();
                        } catch (SQLException again) {
                            e.addSuppressed(again);
                        }
                    }
                    // 40001 (serialization failure, at REPEATABLE READ or SERIALIZABLE) is the
                    // server refusing the attempt because another writer won: retried like a
                    // version mismatch. Any other failure, such as a commit whose outcome is
                    // unknown after a dropped connection, is reported, not retried.
                    if (!(e instanceof SQLException sql && "40001".equals(sql.getSQLState()))) {
                        throw e;
                    }
                    lastConflict = sql;
                }
            }
            // Lost the race: sleep a random time below a growing cap so colliders spread out.
            long capMs = Math.min(200, 2L << Math.min(attempt, 7));
            Thread.sleep(ThreadLocalRandom.current().nextLong(capMs + 1));
        }
        throw new IllegalStateException("row " + id + ": " + maxAttempts + " attempts lost to concurrent writers", lastConflict);
    }
}
$0
