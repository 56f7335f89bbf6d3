/**
 * Runs a Java proof program's main (args[0] is its class) and ends the JVM when it ends, even if a
 * thread the program started is still blocked: a failed check must not hang the run.
 */
public final class ProofMain {
    public static void main(String[] args) {
        int code = 0;
        try {
            Class<?> program = Class.forName(args[0]);
            program.getMethod("main", String[].class).invoke(null, (Object) java.util.Arrays.copyOfRange(args, 1, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            e.getCause().printStackTrace();
            code = 1;
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }
}
