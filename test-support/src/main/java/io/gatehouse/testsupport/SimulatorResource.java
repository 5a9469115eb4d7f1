package io.gatehouse.testsupport;

import io.gatehouse.localstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the built jumpcloud-simulator ({@code jumpcloud-simulator/target/quarkus-app/quarkus-run.jar}) as a
 * process on free ports, once per JVM. Returns {@code simulator.url} and {@code simulator.dns-port}; with the
 * init arg {@code dnsResolverProperty} also that property set to the simulator's DNS server ({@code host:port}),
 * e.g. {@code gatehouse.sso.dns.resolver} for sso-service. Build the simulator first (the reactor does).
 */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {
    private static Simulator simulator;
    private String dnsResolverProperty;

    @Override
    public void init(Map<String, String> initArgs) {
        dnsResolverProperty = initArgs.get("dnsResolverProperty");
    }

    public record Simulator(String url, int httpPort, int dnsPort, Process process) {}

    public static synchronized Simulator get() {
        if (simulator == null) {
            simulator = launch();
            Simulator s = simulator;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> s.process().destroy()));
        }
        return simulator;
    }

    static Path findJar() {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            Path jar = dir.resolve("jumpcloud-simulator/target/quarkus-app/quarkus-run.jar");
            if (Files.exists(jar)) {
                return jar;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("jumpcloud-simulator is not built: run the reactor build (mvn -B verify) "
                + "or mvn -pl jumpcloud-simulator package first");
    }

    private static Simulator launch() {
        Path jar = findJar();
        int http = Ports.free();
        int dns = Ports.free();
        Path log = Infra.scratch("simulator").resolve("simulator.log");
        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dquarkus.http.port=" + http,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dsimulator.dns.port=" + dns,
                "-jar",
                jar.toString()));
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Ports.awaitOpen(http, Duration.ofSeconds(60), p);
            return new Simulator("http://127.0.0.1:" + http, http, dns, p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        Simulator s = get();
        Map<String, String> config = new java.util.HashMap<>(
                Map.of("simulator.url", s.url(), "simulator.dns-port", Integer.toString(s.dnsPort())));
        if (dnsResolverProperty != null) {
            config.put(dnsResolverProperty, "127.0.0.1:" + s.dnsPort());
        }
        return config;
    }

    @Override
    public void stop() {
        // shared for the JVM's lifetime
    }
}
