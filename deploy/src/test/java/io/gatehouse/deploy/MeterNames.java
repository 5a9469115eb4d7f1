package io.gatehouse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus series the services' own Micrometer meters produce, read from their sources (platform and the
 * three services): {@code meters.counter("gatehouse.x", ...)}, {@code timer}, {@code gauge}, {@code gaugeMapSize},
 * {@code more().counter} (a function counter) and {@code Gauge.builder(NAME, ...)} with its {@code NAME} constant.
 * Names are mangled as Micrometer's Prometheus registry does: dots become underscores; a counter gets
 * {@code _total}; a timer is in seconds, {@code _seconds_count}, {@code _seconds_sum}, {@code _seconds_max} and,
 * with the platform's histogram filter, {@code _seconds_bucket}. A source scan rather than a live
 * {@code /q/metrics}: most meters only appear after their first event (a login, a sync), which would need the
 * whole stack driven through every path.
 */
public final class MeterNames {

    static final List<String> MODULES = List.of("platform", "sso-service", "user-service", "directory-service");

    private static final Pattern CALL = Pattern.compile(
            "\\.(counter|timer|gauge|gaugeMapSize|gaugeCollectionSize|summary)\\(\\s*(\"gatehouse\\.[a-z0-9_.]+\"|[A-Z_]+)");
    private static final Pattern BUILDER = Pattern.compile(
            "(Counter|Timer|Gauge|MultiGauge|DistributionSummary)\\.builder\\(\\s*(\"gatehouse\\.[a-z0-9_.]+\"|[A-Z_]+)");
    private static final Pattern CONSTANT = Pattern.compile("String ([A-Z_]+) = \"(gatehouse\\.[a-z0-9_.]+)\";");

    private MeterNames() {}

    /** Micrometer name → meter type (counter, timer, gauge, summary). */
    public static Map<String, String> meters() {
        Map<String, String> meters = new TreeMap<>();
        for (String module : MODULES) {
            try (Stream<Path> files =
                    Files.walk(PublicPaths.repositoryRoot().resolve(module).resolve("src/main/java"))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    scan(Files.readString(file), meters);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return meters;
    }

    static void scan(String src, Map<String, String> meters) {
        Map<String, String> constants = new TreeMap<>();
        Matcher c = CONSTANT.matcher(src);
        while (c.find()) {
            constants.put(c.group(1), c.group(2));
        }
        Matcher m = CALL.matcher(src);
        while (m.find()) {
            String name = name(m.group(2), constants);
            if (name == null) {
                continue;
            }
            meters.put(
                    name,
                    switch (m.group(1)) {
                        case "counter" -> "counter";
                        case "timer" -> "timer";
                        case "summary" -> "summary";
                        default -> "gauge";
                    });
        }
        Matcher b = BUILDER.matcher(src);
        while (b.find()) {
            String name = name(b.group(2), constants);
            if (name != null) {
                meters.put(
                        name,
                        switch (b.group(1)) {
                            case "Counter" -> "counter";
                            case "Timer" -> "timer";
                            case "DistributionSummary" -> "summary";
                            default -> "gauge";
                        });
            }
        }
    }

    /** A meter name given as a string literal or as a constant of the same file (null: neither). */
    private static String name(String ref, Map<String, String> constants) {
        return ref.startsWith("\"") ? ref.substring(1, ref.length() - 1) : constants.get(ref);
    }

    /** Every Prometheus series name the meters produce. */
    public static Set<String> prometheusNames() {
        Set<String> names = new TreeSet<>();
        meters().forEach((name, type) -> {
            String base = name.replace('.', '_');
            switch (type) {
                case "counter" -> names.add(base + "_total");
                case "timer" ->
                    List.of("_count", "_sum", "_max", "_bucket").forEach(s -> names.add(base + "_seconds" + s));
                case "summary" -> List.of("_count", "_sum", "_max", "_bucket").forEach(s -> names.add(base + s));
                default -> names.add(base);
            }
        });
        return names;
    }
}
