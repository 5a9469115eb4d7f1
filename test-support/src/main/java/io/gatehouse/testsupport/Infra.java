package io.gatehouse.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Which infrastructure the tests use: embedded (default), external (env vars) or containers
 * ({@code GATEHOUSE_TEST_INFRA=containers}, which {@code -Pcontainers} sets).
 */
final class Infra {
    private Infra() {}

    static boolean containers() {
        return "containers".equals(env("GATEHOUSE_TEST_INFRA"));
    }

    static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? System.getProperty(name) : v;
    }

    /** A scratch directory under the module's target/ folder. */
    static Path scratch(String name) {
        try {
            Path base = Paths.get(System.getProperty("user.dir"), "target", "test-infra");
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name + "-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
