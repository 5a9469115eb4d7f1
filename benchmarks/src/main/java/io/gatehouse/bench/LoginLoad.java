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
    enum Kind { RETURNING, FIRST_TIME }

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
        return kind == Kind.RETURNING ? returningUsers.get(n % returningUsers.size())
                : FIRST_PREFIX + n + "-" + runTag + "@" + target.domain();
    }

    /** What the workers did. */
    private record Run(int ok, int okFirstTime, int errors, double seconds, double[] acsMs, double[] loginMs,
                       Map<String, Integer> errorKinds) {
    }

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
        return new Run(all.size(), okFirstTime.get(), errors.get(), elapsed, all.stream().mapToDouble(LoginTarget.Timing::acsMs).toArray(),
                all.stream().mapToDouble(LoginTarget.Timing::loginMs).toArray(), errorKinds);
    }

    /**
     * Logs in every returning user once (their first login), then alternates returning and first-time logins
     * (3:1) until {@code seconds} have passed, so both paths are compiled before any window; waits until the
     * target has settled. Returns how many logins it did and the JIT CPU of each JVM in its last quarter (a JIT
     * still busy there means the warm-up was too short).
     */
    Map<String, Object> warmUp(int workers, double seconds) throws Exception {
        target.beforeWindow();
        long t0 = System.nanoTime();
        Run first = loop(workers, 600, i -> i < returningUsers.size() ? returningUsers.get(i) : null);
        double left = Math.max(0, seconds - (System.nanoTime() - t0) / 1e9);
        double lastQuarter = Math.min(left, seconds / 4);
        java.util.function.IntFunction<String> mixed = i -> email(i % 4 == 3 ? Kind.FIRST_TIME : Kind.RETURNING);
        Run middle = loop(workers, left - lastQuarter, mixed);
        Map<String, JvmThreads.Reading> jit0 = readJvms();
        Run last = loop(workers, lastQuarter, mixed);
        Map<String, JvmThreads.Reading> jit1 = readJvms();
        target.settle(first.ok() + middle.okFirstTime() + last.okFirstTime());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", Stats.round((System.nanoTime() - t0) / 1e9));
        m.put("workers", workers);
        m.put("logins", first.ok() + middle.ok() + last.ok());
        m.put("errors", first.errors() + middle.errors() + last.errors());
        Map<String, Object> jit = new LinkedHashMap<>();
        jit0.forEach((name, r) -> jit.put(name, JvmThreads.window(r, jit1.get(name))));
        m.put("lastQuarterSeconds", Stats.round(lastQuarter));
        m.put("lastQuarterJvms", jit);
        Map<String, Integer> kinds = new LinkedHashMap<>(first.errorKinds());
        middle.errorKinds().forEach((k, v) -> kinds.merge(k, v, Integer::sum));
        last.errorKinds().forEach((k, v) -> kinds.merge(k, v, Integer::sum));
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
        m.put("driverJitMs", self1[0] - self0[0]);
        m.put("driverGcMs", self1[1] - self0[1]);
        m.put("errorKinds", run.errorKinds());
        return m;
    }
}
