package io.gatehouse.users.kafka;

import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.SecuredKafkaResource;
import io.gatehouse.users.support.AuthResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * user-service pointed at the secured broker (SASL_SSL, SCRAM-SHA-512, ACLs of its KafkaUser) through nothing but
 * the standard {@code kafka.*} keys the deployment sets: no global test resource (the plaintext broker) applies.
 */
public class SecuredKafkaProfile implements QuarkusTestProfile {
    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(PostgresResource.class, Map.of("database", "users")),
                new TestResourceEntry(AuthResource.class),
                new TestResourceEntry(SecuredKafkaResource.class, kafkaArgs()));
    }

    protected Map<String, String> kafkaArgs() {
        return Map.of("service", "user-service");
    }

    /** The same, logging in with a wrong password, its log in a file the test reads. */
    public static class WrongPassword extends SecuredKafkaProfile {
        public static final String LOG = "target/kafka-wrong-password.log";

        @Override
        protected Map<String, String> kafkaArgs() {
            return Map.of("service", "user-service", "password", "wrong");
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.deleteIfExists(Path.of(LOG)); // the file handler appends: no line from an earlier run
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG);
        }
    }
}
