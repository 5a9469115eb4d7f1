package io.gatehouse.users.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Polls until a value satisfies a condition (events are applied asynchronously); returns the last value seen. */
public final class Eventually {
    private static final Duration DEFAULT = Duration.ofSeconds(30);

    private Eventually() {}

    public static <T> T get(Supplier<T> supplier, Predicate<T> done) {
        return get(supplier, done, DEFAULT);
    }

    public static <T> T get(Supplier<T> supplier, Predicate<T> done, Duration wait) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            Awaitility.await()
                    .atMost(wait)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        last.set(supplier.get());
                        return done.test(last.get());
                    });
        } catch (ConditionTimeoutException e) {
            // the caller asserts on the last value, with its own message
        }
        return last.get();
    }
}
