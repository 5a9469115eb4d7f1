package io.gatehouse.bench;

import java.util.Map;

/**
 * A system the driver logs in to through a complete SP-initiated SAML flow, with the driver as the IdP that signs
 * each response (assertion signed, RSA-SHA256). {@link LoginLoad} drives it and measures it.
 */
interface LoginTarget {
    /** One login's round trips: the POST of the SAMLResponse, and the sum of every request of the login. */
    record Timing(double acsMs, double loginMs) {}

    String name();

    /** The email domain of its users. */
    String domain();

    /** One complete login of {@code email}, with a fresh browser (no cookies). */
    Timing login(String email) throws Exception;

    /** CPU ticks so far of each server-side process (or group of processes) that a login costs. */
    Map<String, Long> cpuTicks();

    /** The JVMs among them whose JIT and GC share is reported, by name → pid. */
    Map<String, Long> jvms();

    /**
     * The JVMs that {@code -Dbench.profile=true} records with JFR: those the benchmark launched itself, which then
     * run a JFR recording from their start ({@link #BOOT_RECORDING}), so that starting a profile later does not
     * retransform the JDK's instrumented classes in the middle of the run.
     */
    default Map<String, Long> profiledJvms() {
        return jvms();
    }

    /** The JVM option of a service launched for a profiled run: a cheap recording from the start. */
    String BOOT_RECORDING = "-XX:StartFlightRecording=name=boot,settings=default,maxsize=32m";

    static boolean profiling() {
        return Boolean.getBoolean("bench.profile");
    }

    /**
     * Records per poll batch so far of each of the target's event consumers ({@link ConsumerBatches}); none for a
     * target without such consumers.
     */
    default Map<String, ConsumerBatches.Reading> consumerBatches() {
        return Map.of();
    }

    /** Called before a measured window. */
    default void beforeWindow() {}

    /**
     * Called after the window's last login: waits until the logins' asynchronous work is done (the window's CPU
     * reading is taken after it). {@code firstTimeLogins}: how many of them created a user.
     */
    void settle(int firstTimeLogins) throws Exception;
}
