package io.gatehouse.bench;

/** {@code -Dbench.mode=full} (default under -Pbench) or {@code quick} (small counts, short warm-up, for developing). */
record BenchMode(String name) {
    static BenchMode current() {
        return new BenchMode(System.getProperty("bench.mode", "full"));
    }

    boolean full() {
        return !"quick".equals(name);
    }

    int pick(int quick, int full) {
        return full() ? full : quick;
    }
}
