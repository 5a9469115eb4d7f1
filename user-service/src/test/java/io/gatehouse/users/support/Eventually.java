package io.gatehouse.users.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a value satisfies a condition (events are applied asynchronously); returns the last value seen. */
public final class Eventually {
    private static final Duration DEFAULT = Duration.ofSeconds(30);

    private Eventually() {
    }

    public static <T> T get(Supplier<T> supplier, Predicate<T> done) {
        return get(supplier, done, DEFAULT);
    }

    public static <T> T get(Supplier<T> supplier, Predicate<T> done, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        T value = supplier.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = supplier.get();
        }
        return value;
    }
}
