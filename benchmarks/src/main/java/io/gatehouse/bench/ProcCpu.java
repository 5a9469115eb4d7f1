package io.gatehouse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CPU time of processes from {@code /proc/<pid>/stat} (utime + stime, in clock ticks of 10 ms). PostgreSQL
 * backends are the postmaster (found by its port) and its children; the postmaster's cutime + cstime covers backends that exited.
 */
final class ProcCpu {
    static final double TICK_MS = 10.0; // CLK_TCK = 100 on Linux x86-64

    private ProcCpu() {
    }

    /** utime+stime (and, when {@code withChildren}, cutime+cstime) in ticks; 0 when the process is gone. */
    static long ticks(long pid, boolean withChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] = field 3 (state); utime = field 14 → f[11], stime f[12], cutime f[13], cstime f[14]
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withChildren) {
                t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return t;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The postmaster listening on {@code port} (pg_ctl daemonises it, so it is not a descendant of this JVM: it is
     * found by its command line) and its children (backends, background workers).
     */
    static List<Long> postgresPids(int port) {
        List<Long> out = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> comm(p.pid()).equals("postgres"))
                .filter(p -> java.util.regex.Pattern.compile("(^|\\s)(-p |port=)" + port + "(\\s|$)")
                        .matcher(cmdline(p.pid())).find())
                .forEach(p -> {
                    out.add(p.pid());
                    p.descendants().forEach(d -> out.add(d.pid()));
                });
        return out;
    }

    static Optional<Long> kafkaPid() {
        return ProcessHandle.current().descendants().filter(p -> cmdline(p.pid()).contains("KafkaMain"))
                .map(ProcessHandle::pid).findFirst();
    }

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), java.nio.charset.StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Postgres CPU in ticks: live processes, plus waited-for children of each (exited backends). */
    static long postgresTicks(int port) {
        long sum = 0;
        for (long pid : postgresPids(port)) {
            sum += ticks(pid, true);
        }
        return sum;
    }

    /** A reading of the server-side processes. */
    record Reading(long sso, long users, long postgres, long kafka) {
    }

    static Reading read(BenchStack stack) {
        return new Reading(ticks(stack.sso().pid(), false), ticks(stack.users().pid(), false), postgresTicks(stack.pgPort()),
                kafkaPid().map(p -> ticks(p, false)).orElse(0L));
    }
}
