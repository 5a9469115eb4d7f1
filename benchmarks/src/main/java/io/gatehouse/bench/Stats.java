package io.gatehouse.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles (nearest rank) of latencies in milliseconds. */
final class Stats {
    private Stats() {}

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static Map<String, Object> summary(double[] millis) {
        double[] s = millis.clone();
        Arrays.sort(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", s.length);
        m.put("p50Ms", round(percentile(s, 50)));
        m.put("p90Ms", round(percentile(s, 90)));
        m.put("p99Ms", round(percentile(s, 99)));
        m.put("maxMs", round(s.length == 0 ? Double.NaN : s[s.length - 1]));
        return m;
    }

    static double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? v : Math.round(v * 100.0) / 100.0;
    }
}
