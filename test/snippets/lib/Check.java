/**
 * Assertions for Java proof programs (compiled with them by test/snippets/harness.ts): they work
 * without -ea, and {@link #passed()} prints the line the harness requires as the program's last.
 */
final class Check {
    private Check() {}

    static void check(boolean condition, String message) {
        if (!condition) throw new AssertionError(message);
    }

    static void equal(Object actual, Object expected, String message) {
        if (!java.util.Objects.equals(actual, expected)) {
            throw new AssertionError(message + ": expected " + expected + ", got " + actual);
        }
    }

    static String env(String name) {
        String value = System.getenv(name);
        if (value == null) throw new IllegalStateException(name + " is not set: run this through test/snippets/harness.ts");
        return value;
    }

    /** PgJDBC URL of the proof's own database. */
    static String jdbcUrl() {
        return env("SDP_JDBC_URL");
    }

    /** A DataSource for the proof's own database, from Debian's PgJDBC. */
    static javax.sql.DataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(jdbcUrl());
        return ds;
    }

    static void passed() {
        System.out.flush();
        System.out.println("PROOF PASSED");
        System.out.flush();
    }
}
