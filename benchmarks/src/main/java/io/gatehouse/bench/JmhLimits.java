package io.gatehouse.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link ValidationBenchmarks} in a forked JVM with a fixed 2 GB heap; long warm-up in full mode. */
final class JmhLimits {
    private JmhLimits() {}

    record Limit(String name, double opsPerSecond, double error, int iterations) {}

    static Map<String, Limit> run(BenchMode mode) throws Exception {
        OptionsBuilder b = new OptionsBuilder();
        b.include(ValidationBenchmarks.class.getName() + ".*")
                .forks(1)
                .threads(1)
                .jvmArgs("-Xms2g", "-Xmx2g", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"))
                .shouldFailOnError(true);
        if (mode.full()) {
            // ≈ 25 s of warm-up, 5 × 5 s measured
            b.warmupIterations(5)
                    .warmupTime(TimeValue.seconds(5))
                    .measurementIterations(5)
                    .measurementTime(TimeValue.seconds(5));
        } else {
            b.warmupIterations(2)
                    .warmupTime(TimeValue.seconds(2))
                    .measurementIterations(2)
                    .measurementTime(TimeValue.seconds(2));
        }
        Options options = b.build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Limit> out = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            var p = r.getPrimaryResult();
            double err = p.getScoreError();
            out.put(
                    name,
                    new Limit(
                            name,
                            p.getScore(),
                            Double.isNaN(err) ? 0 : err,
                            r.getBenchmarkResults().stream()
                                    .mapToInt(br -> br.getIterationResults().size())
                                    .sum()));
        }
        return out;
    }
}
