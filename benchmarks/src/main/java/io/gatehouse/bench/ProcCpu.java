package io.gatehouse.bench;

import io.gatehouse.testsupport.ProcessCpu;

/** CPU readings of the benchmark stack's server-side processes (see {@link ProcessCpu}). */
final class ProcCpu {
    static final double TICK_MS = ProcessCpu.TICK_MS;

    private ProcCpu() {}

    /** A reading of the server-side processes. */
    record Reading(long sso, long users, long postgres, long kafka) {}

    static Reading read(BenchStack stack) {
        return new Reading(
                ProcessCpu.ticks(stack.sso().pid(), false),
                ProcessCpu.ticks(stack.users().pid(), false),
                ProcessCpu.postgresTicks(stack.pgPort()),
                ProcessCpu.kafkaPid().map(p -> ProcessCpu.ticks(p, false)).orElse(0L));
    }
}
