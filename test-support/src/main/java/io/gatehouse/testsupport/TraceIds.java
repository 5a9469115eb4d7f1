package io.gatehouse.testsupport;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Random W3C trace and span ids, and the fields of a {@code traceparent} ({@code 00-<trace>-<span>-<flags>}). */
public final class TraceIds {
    private TraceIds() {}

    /** 32 hex digits. */
    public static String traceId() {
        return hex(16);
    }

    /** 16 hex digits. */
    public static String spanId() {
        return hex(8);
    }

    /** A sampled {@code traceparent}. */
    public static String traceParent(String traceId, String spanId) {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    public static String traceIdOf(String traceParent) {
        return traceParent.split("-")[1];
    }

    public static String spanIdOf(String traceParent) {
        return traceParent.split("-")[2];
    }

    /** {@code bytes} random bytes as hex, never all zeros (an invalid id). */
    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1;
        return HexFormat.of().formatHex(b);
    }
}
