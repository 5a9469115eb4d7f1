package io.gatehouse.simulator.domain;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 24-hex ids shaped like MongoDB ObjectIds (4 bytes seconds, 5 random bytes, 3 bytes counter), as JumpCloud's.
 * Ids made by one generator increase, so "sort by _id" is creation order.
 */
public final class ObjectIds {

    private final Clock clock;
    private final String machine;
    private final AtomicLong counter = new AtomicLong();
    private long lastSeconds;

    public ObjectIds(Clock clock) {
        this.clock = clock;
        byte[] random = new byte[5];
        new SecureRandom().nextBytes(random);
        this.machine = HexFormat.of().formatHex(random);
        this.counter.set(new SecureRandom().nextInt(0x1000));
    }

    public synchronized String next() {
        long seconds = Math.max(clock.instant().getEpochSecond(), lastSeconds);
        long count = counter.incrementAndGet();
        if ((count & 0xFFFFFF) == 0) {
            seconds++;
        }
        lastSeconds = seconds;
        return String.format("%08x", seconds & 0xFFFFFFFFL) + machine + String.format("%06x", count & 0xFFFFFF);
    }

    public static boolean isValid(String id) {
        return id != null && id.matches("[0-9a-f]{24}");
    }
}
