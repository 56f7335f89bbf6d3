import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** saga-orchestrator (Java): the scenarios of the TypeScript proof. */
public final class SagaProof {
    /** Serialized copies of the state, as a database row would hold. */
    static final class MemoryLog implements SagaOrchestrator.Log {
        final Map<String, SagaOrchestrator.State> rows = new HashMap<>();

        @Override
        public synchronized Optional<SagaOrchestrator.State> load(String id) {
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public synchronized void save(String id, SagaOrchestrator.State s) {
            rows.put(id, new SagaOrchestrator.State(s.status(), List.copyOf(s.completed()), Map.copyOf(s.results()), s.error()));
        }

        synchronized SagaOrchestrator.State state(String id) {
            return rows.get(id);
        }
    }

    static final class World {
        final List<String> events = new ArrayList<>();
        final Map<String, String> behaviour = new HashMap<>();
        final Map<String, Object> compensation = new HashMap<>();
        final CountDownLatch hanging = new CountDownLatch(1);
        final List<SagaOrchestrator.Step<Object>> steps = new ArrayList<>();

        World() {
            for (String name : List.of("reserve", "charge", "ship")) {
                steps.add(new SagaOrchestrator.Step<>() {
                    public String name() {
                        return name;
                    }

                    public String execute(Object c, Map<String, String> results) throws Exception {
                        synchronized (events) {
                            events.add("do " + name);
                        }
                        String b = behaviour.getOrDefault(name, "ok");
                        if (b.equals("hang")) {
                            hanging.countDown();
                            new CountDownLatch(1).await(); // a process that died
                        }
                        if (b.equals("fail")) throw new IllegalStateException(name + " refused");
                        return null;
                    }

                    public void compensate(Object c, String result) throws Exception {
                        synchronized (events) {
                            events.add("undo " + name);
                        }
                        Object how = compensation.getOrDefault(name, "ok");
                        if (how.equals("hang")) {
                            hanging.countDown();
                            new CountDownLatch(1).await();
                        }
                        if (how.equals("fail")) throw new IllegalStateException("undo " + name + " down");
                        if (how instanceof Integer n && n > 0) {
                            compensation.put(name, n - 1);
                            throw new IllegalStateException("undo " + name + " flaky");
                        }
                    }
                });
            }
        }

        List<String> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }
    }

    static List<SagaOrchestrator.Step<Object>> chargeThenShip(List<String> refunds, List<String> seenByShip, CountDownLatch shipping, boolean hang) {
        SagaOrchestrator.Step<Object> charge = new SagaOrchestrator.Step<>() {
            public String name() {
                return "charge";
            }

            public String execute(Object c, Map<String, String> results) {
                return "ch_" + java.util.UUID.randomUUID();
            }

            public void compensate(Object c, String result) {
                synchronized (refunds) {
                    refunds.add(result);
                }
            }
        };
        SagaOrchestrator.Step<Object> ship = new SagaOrchestrator.Step<>() {
            public String name() {
                return "ship";
            }

            public String execute(Object c, Map<String, String> results) throws Exception {
                synchronized (seenByShip) {
                    seenByShip.add(results.get("charge"));
                }
                if (hang) {
                    shipping.countDown();
                    new CountDownLatch(1).await(); // a process that died
                }
                throw new IllegalStateException("no courier");
            }
        };
        return List.of(charge, ship);
    }

    static void runAndDie(SagaOrchestrator<Object> saga, String id, World w) throws InterruptedException {
        runAndDie(saga, id, w, w.hanging);
    }

    static void runAndDie(SagaOrchestrator<Object> saga, String id, World w, CountDownLatch started) throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                saga.run(id, w.steps, null);
            } catch (Exception ignored) {
                // interrupted at the end of the proof
            }
        });
        t.setDaemon(true);
        t.start();
        Check.check(started.await(10, TimeUnit.SECONDS), "the step or compensation did not start");
    }

    public static void main(String[] args) throws Exception {
        // Happy path; a finished saga never runs again.
        World w = new World();
        MemoryLog log = new MemoryLog();
        SagaOrchestrator<Object> saga = new SagaOrchestrator<>(log, 5, 1);
        Check.equal(saga.run("s1", w.steps, null), SagaOrchestrator.Status.COMPLETED, "happy path");
        Check.equal(saga.run("s1", w.steps, null), SagaOrchestrator.Status.COMPLETED, "second run");
        Check.equal(w.events(), List.of("do reserve", "do charge", "do ship"), "each step once");

        // A failing step: it and the steps before it are compensated, in reverse; a flaky one retried.
        w = new World();
        log = new MemoryLog();
        saga = new SagaOrchestrator<>(log, 5, 1);
        w.behaviour.put("ship", "fail");
        w.compensation.put("reserve", 2);
        Check.equal(saga.run("s2", w.steps, null), SagaOrchestrator.Status.COMPENSATED, "compensated");
        Check.equal(w.events(), List.of("do reserve", "do charge", "do ship", "undo ship", "undo charge", "undo reserve", "undo reserve", "undo reserve"), "reverse order, retries");
        Check.check(log.state("s2").error().contains("ship refused"), "the failure is logged");

        // A compensation that keeps failing parks the saga with its error; a later run finishes it.
        w = new World();
        log = new MemoryLog();
        saga = new SagaOrchestrator<>(log, 3, 1);
        w.behaviour.put("ship", "fail");
        w.compensation.put("charge", "fail");
        Check.equal(saga.run("s3", w.steps, null), SagaOrchestrator.Status.NEEDS_ATTENTION, "parked");
        SagaOrchestrator.State parked = log.state("s3");
        Check.equal(parked.completed(), List.of("reserve", "charge"), "outstanding compensations logged");
        Check.check(parked.error().contains("undo charge down"), "the compensation's error is not swallowed: " + parked.error());
        Check.equal(w.events().stream().filter("undo charge"::equals).count(), 3L, "retried 3 times");
        Check.check(!w.events().contains("undo reserve"), "nothing skipped over the stuck compensation");
        w.compensation.put("charge", "ok");
        w.events.clear();
        Check.equal(saga.run("s3", w.steps, null), SagaOrchestrator.Status.COMPENSATED, "finished later");
        Check.equal(w.events(), List.of("undo charge", "undo reserve"), "resumed compensation, no action");

        // The orchestrator dies during "charge": a new one resumes without redoing "reserve".
        w = new World();
        log = new MemoryLog();
        w.behaviour.put("charge", "hang");
        runAndDie(new SagaOrchestrator<>(log, 5, 1), "s4", w);
        Check.equal(log.state("s4").completed(), List.of("reserve"), "progress saved before the crash");
        w.behaviour.put("charge", "ok");
        Check.equal(new SagaOrchestrator<>(log, 5, 1).run("s4", w.steps, null), SagaOrchestrator.Status.COMPLETED, "resumed");
        Check.equal(w.events(), List.of("do reserve", "do charge", "do charge", "do ship"), "only the step in flight runs twice");

        // It dies while compensating "charge": a new one finishes the compensation.
        w = new World();
        log = new MemoryLog();
        w.behaviour.put("ship", "fail");
        w.compensation.put("charge", "hang");
        runAndDie(new SagaOrchestrator<>(log, 5, 1), "s5", w);
        Check.equal(log.state("s5").status(), SagaOrchestrator.Status.COMPENSATING, "compensating when it died");
        w.compensation.put("charge", "ok");
        w.events.clear();
        Check.equal(new SagaOrchestrator<>(log, 5, 1).run("s5", w.steps, null), SagaOrchestrator.Status.COMPENSATED, "resumed compensation");
        Check.equal(w.events(), List.of("undo charge", "undo reserve"), "no action re-run");

        // A compensation after a crash gets the result its action returned before the crash. Each
        // process makes its own charge ids: the one charged before the crash exists only in the log.
        log = new MemoryLog();
        List<String> refunds = new ArrayList<>();
        List<String> seenByShip = new ArrayList<>();
        CountDownLatch shipping = new CountDownLatch(1);
        World hangs = new World();
        hangs.steps.clear();
        hangs.steps.addAll(chargeThenShip(refunds, seenByShip, shipping, true));
        runAndDie(new SagaOrchestrator<>(log, 5, 1), "s6", hangs, shipping);
        String charged = log.state("s6").results().get("charge");
        Check.check(charged != null && charged.startsWith("ch_"), "the charge id is in the log before the next step runs: " + charged);
        Check.equal(new SagaOrchestrator<>(log, 5, 1).run("s6", chargeThenShip(refunds, seenByShip, shipping, false), null),
            SagaOrchestrator.Status.COMPENSATED, "resumed and compensated");
        Check.equal(refunds, List.of(charged), "the refund names the charge made before the crash");
        Check.equal(seenByShip, List.of(charged, charged), "later steps see earlier results, also after resume");
        Check.equal(log.state("s6").results(), Map.of(), "nothing left to undo");

        // Zero compensation attempts would report COMPENSATED without compensating: refused.
        try {
            new SagaOrchestrator<Object>(new MemoryLog(), 0, 1);
            Check.check(false, "compensationAttempts 0 must be refused");
        } catch (IllegalArgumentException expected) {
            // refused up front
        }
        // Two steps with one name: the log and the results are keyed by name, so the first step's
        // compensation would get the second one's result. Refused before anything runs.
        List<String> dupRefunds = new ArrayList<>();
        List<String> dupSeen = new ArrayList<>();
        List<SagaOrchestrator.Step<Object>> twice = new ArrayList<>(chargeThenShip(dupRefunds, dupSeen, new CountDownLatch(1), false));
        twice.add(0, twice.get(0));
        MemoryLog dupLog = new MemoryLog();
        try {
            new SagaOrchestrator<Object>(dupLog, 5, 1).run("s7", twice, null);
            Check.check(false, "two steps named charge must be refused; refunds " + dupRefunds);
        } catch (IllegalArgumentException expected) {
            Check.check(expected.getMessage().contains("charge"), "names the step: " + expected.getMessage());
        }
        Check.equal(dupSeen, List.of(), "no step ran");
        Check.equal(dupLog.rows, Map.of(), "nothing saved");

        // The backoff ceiling is capped at 2^31-1 ms (about 24.8 days, as in TypeScript), and never
        // overflows a long.
        long cap = Integer.MAX_VALUE;
        Check.equal(SagaOrchestrator.backoffCeilingMillis(100, 1), 200L, "base 100 ms after the first failure");
        Check.equal(SagaOrchestrator.backoffCeilingMillis(100, 40), 102_400L, "at most 2^10 doublings");
        Check.equal(SagaOrchestrator.backoffCeilingMillis(0, 10), 0L, "a zero base retries at once");
        long largest = cap >> 10;
        Check.equal(SagaOrchestrator.backoffCeilingMillis(largest, 10), largest << 10, "the largest base under the cap is not clamped");
        Check.equal(SagaOrchestrator.backoffCeilingMillis(largest + 1, 10), cap, "one more is capped");
        Check.equal(SagaOrchestrator.backoffCeilingMillis(cap, 1), cap, "a base at the cap");
        Check.equal(SagaOrchestrator.backoffCeilingMillis(Long.MAX_VALUE >> 10, 10), cap, "a base of centuries is capped");
        Check.equal(SagaOrchestrator.backoffCeilingMillis((1L << 54) + 1, 10), cap, "capped (wrapped to 1024 ms before the overflow fix)");
        Check.equal(SagaOrchestrator.backoffCeilingMillis(Long.MAX_VALUE, 1), cap, "capped (wrapped to -2 before the overflow fix)");

        // End to end with Long.MAX_VALUE as the base: the refund fails once, and sets this thread's
        // interrupt flag as it fails, so the backoff's sleep throws InterruptedException on entry
        // (as for an orchestrator being shut down) instead of sleeping. Before, the overflowed bound
        // made nextLong throw IllegalArgumentException out of run. A resumed run then finishes.
        int[] refundCalls = {0};
        SagaOrchestrator.Step<Object> refundOnce = new SagaOrchestrator.Step<>() {
            public String name() {
                return "charge";
            }

            public String execute(Object c, Map<String, String> results) {
                return "ch_big";
            }

            public void compensate(Object c, String result) {
                if (++refundCalls[0] == 1) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("refund service down");
                }
            }
        };
        SagaOrchestrator.Step<Object> noCourier = new SagaOrchestrator.Step<>() {
            public String name() {
                return "ship";
            }

            public String execute(Object c, Map<String, String> results) {
                throw new IllegalStateException("no courier");
            }
        };
        MemoryLog bigLog = new MemoryLog();
        String thrown = "nothing";
        try {
            new SagaOrchestrator<Object>(bigLog, 3, Long.MAX_VALUE).run("s8", List.of(refundOnce, noCourier), null);
        } catch (Exception e) {
            thrown = e.toString();
        }
        Thread.interrupted(); // clear the flag, whichever way run ended
        Check.check(thrown.startsWith("java.lang.InterruptedException"), "the backoff slept (interrupted): run threw " + thrown);
        Check.equal(bigLog.state("s8").status(), SagaOrchestrator.Status.COMPENSATING, "left to resume");
        Check.equal(new SagaOrchestrator<Object>(bigLog, 3, 1).run("s8", List.of(refundOnce, noCourier), null),
            SagaOrchestrator.Status.COMPENSATED, "resumed and compensated");
        Check.equal(refundCalls[0], 2, "the refund ran again on resume");
        Check.passed();
    }
}
