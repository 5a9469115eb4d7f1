package io.gatehouse.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** JFR on a running service through {@code jcmd}, summarised from {@code jfr print --events jdk.ExecutionSample}. */
final class Jfr {
    private Jfr() {}

    static String tool(String name) {
        return Paths.get(System.getProperty("java.home"), "bin", name).toString();
    }

    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
            }
        }
        p.waitFor();
        return out.toString();
    }

    static void start(long pid) throws Exception {
        run(List.of(tool("jcmd"), Long.toString(pid), "JFR.start", "name=bench", "settings=profile"));
    }

    static void stop(long pid, Path file) throws Exception {
        run(List.of(tool("jcmd"), Long.toString(pid), "JFR.stop", "name=bench", "filename=" + file.toAbsolutePath()));
    }

    /** Top frames by self samples and by inclusive samples (application / library frames). */
    static Map<String, Object> summarise(Path file, int top) throws Exception {
        String text = run(List.of(
                tool("jfr"),
                "print",
                "--stack-depth",
                "64",
                "--events",
                "jdk.ExecutionSample",
                file.toAbsolutePath().toString()));
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        List<String> stack = null;
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("stackTrace = [")) {
                stack = new ArrayList<>();
            } else if (stack != null && (line.equals("]") || line.startsWith("]"))) {
                if (!stack.isEmpty()) {
                    samples++;
                    self.merge(stack.get(0), 1, Integer::sum);
                    Set<String> seen = new HashSet<>(stack);
                    seen.forEach(f -> inclusive.merge(f, 1, Integer::sum));
                }
                stack = null;
            } else if (stack != null && !line.isEmpty() && !line.equals("...")) {
                int paren = line.indexOf('(');
                stack.add(paren > 0 ? line.substring(0, paren) : line);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("topSelf", topOf(self, samples, top, f -> true));
        m.put(
                "topInclusive",
                topOf(
                        inclusive,
                        samples,
                        top,
                        f -> !f.startsWith("java.")
                                && !f.startsWith("jdk.")
                                && !f.startsWith("sun.")
                                && !f.startsWith("io.netty")
                                && !f.startsWith("io.vertx")
                                && !f.startsWith("org.jboss.threads")));
        return m;
    }

    private static List<String> topOf(
            Map<String, Integer> counts, int samples, int top, java.util.function.Predicate<String> keep) {
        return counts.entrySet().stream()
                .filter(e -> keep.test(e.getKey()))
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(top)
                .map(e -> String.format(
                        java.util.Locale.ROOT, "%5.1f%%  %s", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()))
                .collect(Collectors.toList());
    }
}
