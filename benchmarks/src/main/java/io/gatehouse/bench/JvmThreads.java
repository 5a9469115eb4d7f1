package io.gatehouse.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much of a JVM's CPU went to JIT compilation and to garbage collection. For a child process (a service,
 * Keycloak, the Kafka broker) the threads are read from {@code /proc/<pid>/task/*}: {@code comm} names the thread
 * (HotSpot's "C1 CompilerThre…", "C2 CompilerThre…"; "GC Thread#n", "G1 …" and "VM Thread", which runs the
 * collections' safepoint work), {@code stat} gives its utime + stime. A compiler thread that exited during the
 * window takes its CPU with it (the services start with {@code -XX:-UseDynamicNumberOfCompilerThreads} so none
 * does). For the driver's own JVM, {@code CompilationMXBean} and the {@code GarbageCollectorMXBean}s give elapsed
 * (not CPU) times. Threads are matched by id between two readings.
 */
final class JvmThreads {
    private JvmThreads() {}

    /** CPU ticks of one JVM's compiler and GC/VM threads (by thread id), and of the whole process. */
    record Reading(Map<Long, Long> jitThreads, Map<Long, Long> gcThreads, long total) {
        long jit() {
            return jitThreads.values().stream().mapToLong(Long::longValue).sum();
        }

        long gc() {
            return gcThreads.values().stream().mapToLong(Long::longValue).sum();
        }

        /**
         * The window from {@code before} to this reading, thread by thread: a thread that started in between counts
         * whole, one that ended in between is lost (HotSpot may stop idle compiler threads: then the JIT figure is
         * a lower bound).
         */
        Reading minus(Reading before) {
            return new Reading(
                    delta(jitThreads, before.jitThreads), delta(gcThreads, before.gcThreads), total - before.total);
        }

        private static Map<Long, Long> delta(Map<Long, Long> after, Map<Long, Long> before) {
            Map<Long, Long> d = new java.util.HashMap<>();
            after.forEach((tid, ticks) -> d.put(tid, Math.max(0, ticks - before.getOrDefault(tid, 0L))));
            return d;
        }
    }

    static Reading read(long pid) {
        Map<Long, Long> jit = new java.util.HashMap<>();
        Map<Long, Long> gc = new java.util.HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String comm;
                long ticks;
                try {
                    comm = Files.readString(task.resolve("comm")).trim();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException e) {
                    continue; // the thread ended while we read
                }
                long tid = Long.parseLong(task.getFileName().toString());
                if (isCompiler(comm)) {
                    jit.put(tid, ticks);
                } else if (isGc(comm)) {
                    gc.put(tid, ticks);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Reading(Map.of(), Map.of(), 0);
        }
        return new Reading(jit, gc, io.gatehouse.testsupport.ProcessCpu.ticks(pid, false));
    }

    static boolean isCompiler(String comm) {
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
    }

    static boolean isGc(String comm) {
        return comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread");
    }

    /** The window's JIT and GC/VM milliseconds of a JVM, and their share of its CPU. */
    static Map<String, Object> window(Reading before, Reading after) {
        Reading d = after.minus(before);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpuMs", Stats.round(d.total() * ProcCpu.TICK_MS));
        m.put("jitMs", Stats.round(d.jit() * ProcCpu.TICK_MS));
        m.put("gcAndVmThreadMs", Stats.round(d.gc() * ProcCpu.TICK_MS));
        m.put("jitShare", d.total() == 0 ? 0.0 : Stats.round((double) d.jit() / d.total()));
        m.put("gcShare", d.total() == 0 ? 0.0 : Stats.round((double) d.gc() / d.total()));
        return m;
    }

    /** The driver's own JVM: total JIT and GC elapsed milliseconds so far (differences give a window's). */
    static long[] self() {
        long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long gc = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, b.getCollectionTime());
        }
        return new long[] {jit, gc};
    }

    /** JVM options that keep every compiler thread alive, so that its CPU stays countable. */
    static final String KEEP_COMPILER_THREADS = "-XX:-UseDynamicNumberOfCompilerThreads";
}
