package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each service, started from its built jar in the {@code prod} profile with one required secret missing, refuses
 * to start and names that secret's environment variable in its log (io.gatehouse.platform.RequiredSecrets),
 * instead of going Ready and failing on the first call. With every secret given, the same start gets past the
 * check to the database (an address nothing listens on), which proves the check is what stopped the others.
 */
class ProdRequiredSecretsTest {

    /** Environment variable → the property it sets, as the services read them. */
    static final Map<String, String> PROPERTY = Map.of(
            "QUARKUS_DATASOURCE_PASSWORD", "quarkus.datasource.password",
            "GATEHOUSE_OPERATOR_TOKEN", "gatehouse.operator-token",
            "GATEHOUSE_SSO_JWT_KEY_ENCRYPTION_KEY", "gatehouse.sso.jwt.key-encryption-key",
            "GATEHOUSE_DIRECTORY_ENCRYPTION_KEY", "gatehouse.directory.encryption-key");

    /** What each service requires in prod (its application.properties, gatehouse.required-secrets.*). */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "sso-service",
                    List.of(
                            "QUARKUS_DATASOURCE_PASSWORD",
                            "GATEHOUSE_OPERATOR_TOKEN",
                            "GATEHOUSE_SSO_JWT_KEY_ENCRYPTION_KEY"),
            "user-service", List.of("QUARKUS_DATASOURCE_PASSWORD", "GATEHOUSE_OPERATOR_TOKEN"),
            "directory-service",
                    List.of(
                            "QUARKUS_DATASOURCE_PASSWORD",
                            "GATEHOUSE_OPERATOR_TOKEN",
                            "GATEHOUSE_DIRECTORY_ENCRYPTION_KEY"));

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
        "sso-service, QUARKUS_DATASOURCE_PASSWORD",
        "sso-service, GATEHOUSE_OPERATOR_TOKEN",
        "sso-service, GATEHOUSE_SSO_JWT_KEY_ENCRYPTION_KEY",
        "sso-service, ",
        "user-service, QUARKUS_DATASOURCE_PASSWORD",
        "user-service, GATEHOUSE_OPERATOR_TOKEN",
        "user-service, ",
        "directory-service, QUARKUS_DATASOURCE_PASSWORD",
        "directory-service, GATEHOUSE_OPERATOR_TOKEN",
        "directory-service, GATEHOUSE_DIRECTORY_ENCRYPTION_KEY",
        "directory-service, "
    })
    void aServiceMissingARequiredSecretRefusesToStartInProdNamingIt(String service, String missing) throws Exception {
        Path root = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.exists(root.resolve("jumpcloud-simulator"))) {
            root = root.getParent();
        }
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), service + " is not built: " + jar);
        Path log = Paths.get(
                System.getProperty("user.dir"),
                "target",
                "stack-logs",
                service + "-without-" + (missing == null ? "nothing" : missing) + ".log");
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=0",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:1/none"));
        Map<String, String> given = new LinkedHashMap<>();
        REQUIRED.get(service).forEach(env -> given.put(env, PROPERTY.get(env)));
        given.remove(missing);
        // a base64 AES key where a key is expected; any value elsewhere
        given.forEach((env, property) -> cmd.add("-D" + property + "=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        PROPERTY.keySet().forEach(pb.environment()::remove);
        pb.environment().remove("QUARKUS_PROFILE");
        Process process = pb.start();
        boolean exited = process.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(exited, service + " kept running:\n" + output);
        assertNotEquals(0, process.exitValue(), output);
        if (missing == null) {
            assertTrue(
                    output.contains("127.0.0.1:1"),
                    service + " with every secret should get as far as the database:\n" + output);
            assertFalse(output.contains("gatehouse.required-secrets."), output);
        } else {
            assertTrue(
                    output.lines().anyMatch(l -> l.contains("SRCFG") && l.contains(missing)),
                    service + ": the configuration error does not name " + missing + ":\n" + output);
            assertFalse(output.contains("127.0.0.1:1"), service + " got as far as the database:\n" + output);
        }
    }
}
