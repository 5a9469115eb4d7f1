package io.gatehouse.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Complete logins against a {@link LoginTarget}, closed loop: N workers, each logging in back to back until the
 * time is up. A window's CPU is read from {@code /proc} before the first login and after the target has
 * {@linkplain LoginTarget#settle settled} (so asynchronous work caused by the window is in it), and divided by the
 * window's successful logins. Warm-up is never inside a window; each window also says how much of each JVM's CPU
 * went to JIT compilation and to GC ({@link JvmThreads}).
 */
final class LoginLoad {
    enum Kind {
        RETURNING,
        FIRST_TIME
    }

    private static final String FIRST_PREFIX = "first";

    private final LoginTarget target;
    private final List<String> returningUsers;
    private final String runTag = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final AtomicInteger sequence = new AtomicInteger();

    /** {@code poolSize} returning users, logged in for the first time by {@link #warmUp}. */
    LoginLoad(LoginTarget target, int poolSize) {
        this.target = target;
        this.returningUsers = new ArrayList<>();
        for (int i = 0; i < poolSize; i++) {
            returningUsers.add("returning" + i + "-" + runTag + "@" + target.domain());
        }
    }

    private String email(Kind kind) {
        int n = sequence.getAndIncrement();
        return kind == Kind.RETURNING
                ? returningUsers.get(n % returningUsers.size())
                : FIRST_PREFIX + n + "-" + runTag + "@" + target.domain();
    }

    /** What the workers did. */
    private record Run(
            int ok,
            int okFirstTime,
            int errors,
            double seconds,
            double[] acsMs,
            double[] loginMs,
            Map<String, Integer> errorKinds) {}

    /** Logs in the {@code i}-th email for i = 0, 1, … until {@code seconds} pass or the emails run out (null). */
    private Run loop(int workers, double seconds, java.util.function.IntFunction<String> emails) throws Exception {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        Map<String, Integer> errorKinds = new ConcurrentHashMap<>();
        List<Future<List<LoginTarget.Timing>>> futures = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger okFirstTime = new AtomicInteger();
        AtomicInteger index = new AtomicInteger();
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                List<LoginTarget.Timing> mine = new ArrayList<>();
                while (System.nanoTime() < end) {
                    String email = emails.apply(index.getAndIncrement());
                    if (email == null) {
                        break;
                    }
                    try {
                        mine.add(target.login(email));
                        if (email.startsWith(FIRST_PREFIX)) {
                            okFirstTime.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        String kind = String.valueOf(e.getMessage());
                        errorKinds.merge(kind.length() > 300 ? kind.substring(0, 300) : kind, 1, Integer::sum);
                    }
                }
                return mine;
            }));
        }
        List<LoginTarget.Timing> all = new ArrayList<>();
        for (Future<List<LoginTarget.Timing>> f : futures) {
            all.addAll(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Run(
                all.size(),
                okFirstTime.get(),
                errors.get(),
                elapsed,
                all.stream().mapToDouble(LoginTarget.Timing::acsMs).toArray(),
                all.stream().mapToDouble(LoginTarget.Timing::loginMs).toArray(),
                errorKinds);
    }

    /** A warm-up slice has settled when no JVM spent more than this share of its CPU compiling. */
    static final double JIT_SETTLED = 0.10;
    /** Below this much JIT CPU in a slice a JVM counts as settled whatever its share (an almost idle JVM). */
    static final double JIT_NEGLIGIBLE_MS = 100;

    /**
     * Logs in every returning user once (their first login), then alternates returning and first-time logins
     * (3:1) in slices of {@code sliceSeconds}, so both paths are compiled before any window, until at least
     * {@code minSeconds} have passed and in the last slice every JVM's JIT share was at most {@link #JIT_SETTLED}
     * (or its JIT CPU negligible) — or until {@code maxSeconds}, and then the report says it did not settle. Waits
     * until the target has settled.
     */
    Map<String, Object> warmUp(int workers, double minSeconds, double maxSeconds, double sliceSeconds)
            throws Exception {
        target.beforeWindow();
        long t0 = System.nanoTime();
        Run first = loop(workers, 600, i -> i < returningUsers.size() ? returningUsers.get(i) : null);
        int logins = first.ok();
        int errors = first.errors();
        int created = first.ok();
        Map<String, Integer> kinds = new LinkedHashMap<>(first.errorKinds());
        java.util.function.IntFunction<String> mixed = i -> email(i % 4 == 3 ? Kind.FIRST_TIME : Kind.RETURNING);
        List<Map<String, Object>> slices = new ArrayList<>();
        boolean settled = false;
        while ((System.nanoTime() - t0) / 1e9 < maxSeconds) {
            Map<String, JvmThreads.Reading> jit0 = readJvms();
            Run r = loop(workers, sliceSeconds, mixed);
            Map<String, JvmThreads.Reading> jit1 = readJvms();
            logins += r.ok();
            errors += r.errors();
            created += r.okFirstTime();
            r.errorKinds().forEach((k, v) -> kinds.merge(k, v, Integer::sum));
            Map<String, Object> jvms = new LinkedHashMap<>();
            settled = true;
            for (Map.Entry<String, JvmThreads.Reading> e : jit0.entrySet()) {
                Map<String, Object> w = JvmThreads.window(e.getValue(), jit1.get(e.getKey()));
                jvms.put(e.getKey(), w);
                settled &= ((Number) w.get("jitShare")).doubleValue() <= JIT_SETTLED
                        || ((Number) w.get("jitMs")).doubleValue() < JIT_NEGLIGIBLE_MS;
            }
            Map<String, Object> slice = new LinkedHashMap<>();
            slice.put("endsAtSecond", Stats.round((System.nanoTime() - t0) / 1e9));
            slice.put("loginsPerSecond", Stats.round(r.ok() / r.seconds()));
            slice.put("jvms", jvms);
            slices.add(slice);
            if (settled && (System.nanoTime() - t0) / 1e9 >= minSeconds) {
                break;
            }
        }
        target.settle(created);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", Stats.round((System.nanoTime() - t0) / 1e9));
        m.put("workers", workers);
        m.put("logins", logins);
        m.put("errors", errors);
        m.put("settled", settled);
        m.put(
                "rule",
                String.format(
                        java.util.Locale.ROOT,
                        "at least %.0f s, then until every JVM's JIT share in a %.0f-s slice "
                                + "is ≤ %.0f %% (or under %.0f ms); at most %.0f s",
                        minSeconds,
                        sliceSeconds,
                        100 * JIT_SETTLED,
                        JIT_NEGLIGIBLE_MS,
                        maxSeconds));
        m.put(
                "lastSliceJvms",
                slices.isEmpty() ? Map.of() : slices.get(slices.size() - 1).get("jvms"));
        m.put("slices", slices);
        m.put("errorKinds", kinds);
        return m;
    }

    private Map<String, JvmThreads.Reading> readJvms() {
        Map<String, JvmThreads.Reading> m = new LinkedHashMap<>();
        target.jvms().forEach((name, pid) -> m.put(name, JvmThreads.read(pid)));
        return m;
    }

    /** One measured window of {@code kind} logins with {@code workers} workers for {@code seconds}. */
    Map<String, Object> window(Kind kind, int workers, double seconds) throws Exception {
        target.beforeWindow();
        Map<String, ConsumerBatches.Reading> batches0 = target.consumerBatches();
        Map<String, Long> cpu0 = target.cpuTicks();
        Map<String, JvmThreads.Reading> jvm0 = readJvms();
        long[] self0 = JvmThreads.self();
        long t0 = System.nanoTime();
        Run run = loop(workers, seconds, i -> email(kind));
        target.settle(kind == Kind.FIRST_TIME ? run.ok() : 0);
        double windowSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> cpu1 = target.cpuTicks();
        Map<String, JvmThreads.Reading> jvm1 = readJvms();
        long[] self1 = JvmThreads.self();
        Map<String, ConsumerBatches.Reading> batches1 = target.consumerBatches(); // after the CPU reading: not in it
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target.name());
        m.put("kind", kind.name());
        m.put("workers", workers);
        m.put("logins", run.ok());
        m.put("errors", run.errors());
        m.put("loadSeconds", Stats.round(run.seconds()));
        m.put("windowSeconds", Stats.round(windowSeconds));
        m.put("loginsPerSecond", Stats.round(run.ok() / run.seconds()));
        m.put("acs", Stats.summary(run.acsMs()));
        m.put("login", Stats.summary(run.loginMs()));
        Map<String, Object> perLogin = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Long> e : cpu1.entrySet()) {
            double ms = (e.getValue() - cpu0.getOrDefault(e.getKey(), 0L)) * ProcCpu.TICK_MS;
            total += ms;
            perLogin.put(e.getKey(), Stats.round(ms / Math.max(1, run.ok())));
        }
        m.put("cpuMsPerLogin", perLogin);
        m.put("serverCpuMsPerLogin", Stats.round(total / Math.max(1, run.ok())));
        m.put("serverCpuMs", Stats.round(total));
        Map<String, Object> jvms = new LinkedHashMap<>();
        jvm0.forEach((name, r) -> jvms.put(name, JvmThreads.window(r, jvm1.get(name))));
        m.put("jvms", jvms);
        m.put("consumerBatches", ConsumerBatches.window(batches0, batches1));
        m.put("driverJitMs", self1[0] - self0[0]);
        m.put("driverGcMs", self1[1] - self0[1]);
        m.put("errorKinds", run.errorKinds());
        return m;
    }
}
