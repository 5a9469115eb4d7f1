package io.gatehouse.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * IdP-initiated ACS load: responses are signed by the driver before each phase (so signing does not compete with
 * the server while it is measured), each with its own assertion ID, for a pool of users of the account.
 * Closed loop: N virtual users (a fixed thread pool) post back to back. Open loop: requests are started at a fixed
 * rate and latency is counted from the intended start (no coordinated omission).
 */
final class AcsLoad {
    private final BenchStack stack;
    private final Saml.IdpKey key;
    private final String account;
    private final String domain;
    private final int userPool;
    private final AtomicInteger userSeq = new AtomicInteger();

    AcsLoad(BenchStack stack, Saml.IdpKey key, String account, String domain, int userPool) {
        this.stack = stack;
        this.key = key;
        this.account = account;
        this.domain = domain;
        this.userPool = userPool;
    }

    String[] sign(int n) {
        Instant now = Instant.now();
        return IntStream.range(0, n)
                .parallel()
                .mapToObj(i -> Saml.signedResponse(
                        key,
                        Saml.Login.gatehouse(
                                stack.sso().url(),
                                account,
                                Accounts.idpEntityId(account),
                                "load" + (userSeq.getAndIncrement() % userPool) + "@" + domain,
                                null),
                        now))
                .toArray(String[]::new);
    }

    record Result(
            int requests,
            int ok,
            int errors,
            double seconds,
            double perSecond,
            double[] latenciesMs,
            Map<String, Integer> errorKinds) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requests", requests);
            m.put("ok", ok);
            m.put("errors", errors);
            m.put("seconds", Stats.round(seconds));
            m.put("requestsPerSecond", Stats.round(perSecond));
            m.put("latency", Stats.summary(latenciesMs));
            m.put("errorKinds", errorKinds);
            return m;
        }
    }

    /** N threads post back to back until {@code seconds} pass or the signed responses run out. */
    Result closedLoop(int threads, String[] responses, double seconds) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        double[] lat = new double[responses.length];
        boolean[] ok = new boolean[responses.length];
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    int i = next.getAndIncrement();
                    if (i >= responses.length) {
                        return;
                    }
                    long t0 = System.nanoTime();
                    try {
                        Logins.postAcs(stack.sso().url(), account, responses[i], null);
                        ok[i] = true;
                    } catch (Exception e) {
                        errors.merge(String.valueOf(e.getMessage()), 1, Integer::sum);
                    }
                    lat[i] = (System.nanoTime() - t0) / 1e6;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double elapsed = (System.nanoTime() - start) / 1e9;
        int n = Math.min(next.get(), responses.length);
        return result(n, lat, ok, elapsed, errors);
    }

    /** Starts {@code rate} requests per second for {@code seconds} with up to {@code threads} in flight. */
    Result openLoop(double rate, int threads, String[] responses, double seconds) throws InterruptedException {
        int n = Math.min(responses.length, (int) (rate * seconds));
        double[] lat = new double[n];
        boolean[] ok = new boolean[n];
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime() + 50_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                while (true) {
                    int i = next.getAndIncrement();
                    if (i >= n) {
                        return;
                    }
                    long intended = start + (long) (i * 1e9 / rate);
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    try {
                        Logins.postAcs(stack.sso().url(), account, responses[i], null);
                        ok[i] = true;
                    } catch (Exception e) {
                        errors.merge(String.valueOf(e.getMessage()), 1, Integer::sum);
                    }
                    lat[i] = (System.nanoTime() - intended) / 1e6;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return result(n, lat, ok, (System.nanoTime() - start) / 1e9, errors);
    }

    private static Result result(int n, double[] lat, boolean[] ok, double elapsed, Map<String, Integer> errors) {
        List<Double> l = new ArrayList<>();
        int good = 0;
        for (int i = 0; i < n; i++) {
            l.add(lat[i]);
            if (ok[i]) {
                good++;
            }
        }
        return new Result(
                n,
                good,
                n - good,
                elapsed,
                good / elapsed,
                l.stream().mapToDouble(Double::doubleValue).toArray(),
                new LinkedHashMap<>(errors));
    }
}
