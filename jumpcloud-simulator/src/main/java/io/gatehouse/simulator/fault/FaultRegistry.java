package io.gatehouse.simulator.fault;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** The injected faults, matched in the order they were added. */
@ApplicationScoped
public class FaultRegistry {

    /** Faults that replace or delay the whole request. */
    public static final Set<FaultType> REQUEST_FAULTS =
            EnumSet.of(FaultType.RATE_LIMIT, FaultType.UNAVAILABLE, FaultType.SLOW);

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    public Fault add(FaultSpec spec) {
        Fault fault = new Fault(UUID.randomUUID().toString(), spec);
        faults.add(fault);
        return fault;
    }

    public List<Fault> active() {
        return faults.stream().filter(f -> f.remaining() > 0).toList();
    }

    public void clear() {
        faults.clear();
    }

    /** Consumes one use of the first live fault of one of the types matching the path. */
    public Optional<FaultSpec> take(String path, Set<FaultType> types) {
        for (Fault fault : faults) {
            if (types.contains(fault.spec().type())
                    && path.startsWith(fault.spec().pathPrefix())
                    && fault.tryConsume()) {
                if (fault.remaining() == 0) {
                    faults.remove(fault);
                }
                return Optional.of(fault.spec());
            }
        }
        return Optional.empty();
    }
}
