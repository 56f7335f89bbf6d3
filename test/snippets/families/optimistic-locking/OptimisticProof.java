import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/** optimistic-locking, Java: 8 threads x 25 increments on one row lose none, with autocommit on or off. */
public final class OptimisticProof {
    public static void main(String[] args) throws Exception {
        DataSource ds = Check.dataSource();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO items (id, quantity) VALUES (1, 0)");
        }
        int writers = 8, each = 25;
        OptimisticUpdater updater = new OptimisticUpdater(ds, 1000);
        List<Long> seen = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) seen.add(updater.update(1, q -> q + 1));
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        Check.check(errors.isEmpty(), "writers failed: " + errors);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT quantity, version FROM items WHERE id = 1")) {
            rs.next();
            Check.equal(rs.getLong(1), (long) writers * each, "every increment survives");
            Check.equal(rs.getLong(2), (long) writers * each, "one version per write");
        }
        List<Long> sorted = new ArrayList<>(seen);
        Collections.sort(sorted);
        for (int i = 0; i < sorted.size(); i++) Check.equal(sorted.get(i), (long) i + 1, "each writer saw a distinct value");
        Check.equal(sorted.size(), writers * each, "every update returned");

        // A retry budget that allows no attempt is refused when the updater is built.
        for (int bad : new int[] {0, -1}) {
            try {
                new OptimisticUpdater(ds, bad);
                Check.check(false, "maxAttempts " + bad + " must be refused");
            } catch (IllegalArgumentException expected) {
                Check.check(expected.getMessage().contains("maxAttempts must be 1 or more"), "maxAttempts " + bad + ": " + expected.getMessage());
            }
        }

        // An always-overtaken writer gives up after its attempts and writes nothing.
        OptimisticUpdater impatient = new OptimisticUpdater(ds, 3);
        try {
            impatient.update(1, q -> {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("UPDATE items SET version = version + 1 WHERE id = 1");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                return q + 1;
            });
            Check.check(false, "an update that always loses must not succeed");
        } catch (IllegalStateException expected) {
            // gave up
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT quantity FROM items WHERE id = 1")) {
            rs.next();
            Check.equal(rs.getLong(1), (long) writers * each, "a lost attempt writes nothing");
        }
        // A row at the integer version's largest value stays writable: the version wraps to 1.
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO items (id, quantity, version) VALUES (2, 5, 2147483647)");
        }
        Check.equal(updater.update(2, q -> q + 1), 6L, "the write at the version limit");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM items WHERE id = 2")) {
            rs.next();
            Check.equal(rs.getLong(1), 1L, "the wrapped version");
        }
        // Connections handed out with autocommit off (a pool configured so): each won attempt is
        // committed by the updater, so what it returns is in the table, for every writer.
        DataSource manual = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
            (proxy, method, arguments) -> {
                Object result = method.invoke(ds, arguments);
                if (result instanceof Connection conn) conn.setAutoCommit(false);
                return result;
            });
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO items (id, quantity) VALUES (3, 10)");
        }
        OptimisticUpdater manualUpdater = new OptimisticUpdater(manual, 1000);
        Check.equal(manualUpdater.update(3, q -> q + 1), 11L, "the value written without autocommit");
        List<Thread> manualThreads = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < 10; i++) manualUpdater.update(3, q -> q + 1);
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            manualThreads.add(t);
            t.start();
        }
        for (Thread t : manualThreads) t.join();
        Check.check(errors.isEmpty(), "writers without autocommit failed: " + errors);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT quantity, version FROM items WHERE id = 3")) {
            rs.next();
            Check.equal(rs.getLong(1), 51L, "every write without autocommit was committed");
            Check.equal(rs.getLong(2), 41L, "one version per committed write");
        }
        // A pool that hands a connection back as it was returned (Tomcat jdbc-pool's rollbackOnReturn
        // is false by default): one physical connection with autocommit off, whose close() only
        // returns it. An attempt that throws (here a value the integer column cannot hold, which
        // aborts the transaction) must end its transaction itself, or the next borrower's statements
        // fail with "current transaction is aborted" (25P02).
        Connection shared = ds.getConnection();
        shared.setAutoCommit(false);
        Connection returnedAsIs = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
            (proxy, method, arguments) -> method.getName().equals("close") ? null : method.invoke(shared, arguments));
        DataSource noRollbackOnReturn = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
            (proxy, method, arguments) -> method.getName().equals("getConnection") ? returnedAsIs : method.invoke(ds, arguments));
        OptimisticUpdater pooled = new OptimisticUpdater(noRollbackOnReturn, 10);
        try {
            pooled.update(3, q -> 3_000_000_000L);
            Check.check(false, "a value out of the column's range must fail");
        } catch (java.sql.SQLException expected) {
            Check.equal(expected.getSQLState(), "22003", "the out-of-range write's error");
        }
        Check.equal(pooled.update(3, q -> q + 1), 52L, "the next borrower of the connection writes (its transaction was ended)");
        Check.check(shared.getAutoCommit() == false, "autocommit left as the pool set it");
        shared.close();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT quantity, version FROM items WHERE id = 3")) {
            rs.next();
            Check.equal(rs.getLong(1), 52L, "the write after the failed one was committed");
            Check.equal(rs.getLong(2), 42L, "and only it");
        }
        // At REPEATABLE READ (or SERIALIZABLE), set on the pool's connections, PostgreSQL reports a
        // writer that committed between our read and our write as a serialization failure (40001)
        // rather than an update count of 0. It means the same (another writer won): retried.
        DataSource repeatable = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
            (proxy, method, arguments) -> {
                Object result = method.invoke(ds, arguments);
                if (result instanceof Connection conn) {
                    conn.setAutoCommit(false);
                    conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                }
                return result;
            });
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO items (id, quantity) VALUES (4, 100)");
        }
        int[] calls = {0};
        long written = new OptimisticUpdater(repeatable, 10).update(4, q -> {
            if (calls[0]++ == 0) {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("UPDATE items SET quantity = 200, version = version + 1 WHERE id = 4");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }
            return q + 1;
        });
        Check.equal(calls[0], 2, "the attempt that met 40001 was retried once");
        Check.equal(written, 201L, "the retry read the other writer's value");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT quantity FROM items WHERE id = 4")) {
            rs.next();
            Check.equal(rs.getLong(1), 201L, "the retried write was committed");
        }
        // Always overtaken at REPEATABLE READ: it gives up as at READ COMMITTED, the last 40001 as cause.
        try {
            new OptimisticUpdater(repeatable, 3).update(4, q -> {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("UPDATE items SET version = version + 1 WHERE id = 4");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                return q + 1;
            });
            Check.check(false, "an update that always meets 40001 must not succeed");
        } catch (IllegalStateException expected) {
            Check.check(expected.getCause() instanceof java.sql.SQLException cause && "40001".equals(cause.getSQLState()),
                "the last serialization failure is the cause: " + expected.getCause());
        }
        Check.passed();
    }
}
