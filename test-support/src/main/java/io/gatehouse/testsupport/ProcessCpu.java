package io.gatehouse.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CPU time of processes from {@code /proc/<pid>/stat} (utime + stime, in clock ticks of 10 ms), for load drivers
 * that report CPU per operation. PostgreSQL is the postmaster (found by its port: pg_ctl daemonises it, so it is
 * not a descendant of the JVM that started it) and its children; the postmaster's cutime + cstime covers backends
 * that exited. The Kafka broker is this JVM's {@code KafkaMain} child.
 */
public final class ProcessCpu {
    public static final double TICK_MS = 10.0; // CLK_TCK = 100 on Linux x86-64

    private ProcessCpu() {}

    /** utime+stime (and, when {@code withChildren}, cutime+cstime) in ticks; 0 when the process is gone. */
    public static long ticks(long pid, boolean withChildren) {
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
    public static List<Long> postgresPids(int port) {
        List<Long> out = new ArrayList<>();
        ProcessHandle.allProcesses()
                .filter(p -> comm(p.pid()).equals("postgres"))
                .filter(p -> java.util.regex.Pattern.compile("(^|\\s)(-p |port=)" + port + "(\\s|$)")
                        .matcher(cmdline(p.pid()))
                        .find())
                .forEach(p -> {
                    out.add(p.pid());
                    p.descendants().forEach(d -> out.add(d.pid()));
                });
        return out;
    }

    public static Optional<Long> kafkaPid() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> cmdline(p.pid()).contains("KafkaMain"))
                .map(ProcessHandle::pid)
                .findFirst();
    }

    public static String cmdline(long pid) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                            java.nio.charset.StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .trim();
        } catch (IOException e) {
            return "";
        }
    }

    public static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm"))
                    .trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Postgres CPU in ticks: live processes, plus waited-for children of each (exited backends). */
    public static long postgresTicks(int port) {
        long sum = 0;
        for (long pid : postgresPids(port)) {
            sum += ticks(pid, true);
        }
        return sum;
    }
}
