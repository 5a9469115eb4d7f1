package io.gatehouse.simulator.fault;

import java.util.concurrent.atomic.AtomicInteger;

/** An active fault and how many more requests it will affect. */
public final class Fault {

    private final String id;
    private final FaultSpec spec;
    private final AtomicInteger remaining;

    Fault(String id, FaultSpec spec) {
        this.id = id;
        this.spec = spec;
        this.remaining = new AtomicInteger(spec.count());
    }

    public String id() {
        return id;
    }

    public FaultSpec spec() {
        return spec;
    }

    public int remaining() {
        return remaining.get();
    }

    boolean tryConsume() {
        return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
